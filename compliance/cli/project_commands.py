"""Commands for a policy repository and its reviews: `diff`, `fmt` and `init`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from compliance.cli.app import ConfigOption, app, guarded
from compliance.config import load_config


@app.command()
@guarded
def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD",
            show_default=False,
            help="The earlier report, written by `compliance check --format json`.",
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW", show_default=False, help="The later report, e.g. the next year's."
        ),
    ],
    format: Annotated[
        str, typer.Option("--format", metavar="terminal|json|markdown", help="The output format.")
    ] = "terminal",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the diff to FILE, not stdout."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="sv|en",
            help="The language of the diff [default: `lang` in compliance.toml, else sv].",
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Follow up an earlier review: what is new, persisting and resolved since OLD.

    Compares two reports of `compliance check --format json`, usually two consecutive years.
    Exit code 1 when a finding fails in NEW that did not fail in OLD, 0 otherwise, 2 when a
    report cannot be read or an option is wrong.
    """
    from compliance.followup.command import run_diff
    from compliance.messages import DEFAULT_LANGUAGE

    language = lang or load_config(config).lang or DEFAULT_LANGUAGE
    raise typer.Exit(run_diff(old, new, format=format, output=output, lang=language))
