"""Commands for a policy repository and its reviews: `diff`, `fmt` and `init`."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from compliance.cli.app import ConfigOption, app, guarded
from compliance.config import load_config
from compliance.diagnostics import Diagnostic, InputError
from compliance.streams import write_text


@app.command()
@guarded
def diff(
    old: Annotated[
        Path,
        typer.Argument(
            metavar="OLD",
            readable=False,
            show_default=False,
            help="The earlier report, written by `compliance check --format json`.",
        ),
    ],
    new: Annotated[
        Path,
        typer.Argument(
            metavar="NEW",
            readable=False,
            show_default=False,
            help="The later report, e.g. the next year's.",
        ),
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="terminal|json|markdown|html|docx",
            help="The output format; docx is a Word file, for --output or a pipe.",
        ),
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


@app.command()
@guarded
def fmt(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            readable=False,
            help="A rule file, or a directory searched for *.rules "
            "[default: the `rules` of compliance.toml].",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Change nothing: print a diff of every file that is not formatted, and exit 1 "
            "if there is one.",
        ),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Rewrite rule files in the canonical layout, keeping every comment and the meaning.

    Exit code 0 when every file is (now) formatted, 1 with --check when one is not, 2 when a
    file is missing or does not parse (no file is rewritten then).
    """
    from compliance.formatting.command import run_fmt

    chosen = tuple(paths) if paths else load_config(config).rules
    if not chosen:
        raise InputError(
            [
                Diagnostic(
                    "E403",
                    "no rule files given",
                    help="pass `compliance fmt policy_rules` or set `rules` in compliance.toml",
                )
            ]
        )
    # Collected, then written at once: a reader who leaves early must not cut the run short.
    said = io.StringIO()
    code = run_fmt(chosen, check=check, out=said)
    write_text(sys.stdout, said.getvalue())
    raise typer.Exit(code)


@app.command("init")
@guarded
def init(
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            help="Where to create the new policy repository; created if missing [default: .].",
            show_default=False,
        ),
    ] = Path("."),
) -> None:
    """Create a policy repository: example rules, tests, data, waivers, CI and pre-commit files.

    Never overwrites a file: if any file it would write exists, nothing is written (exit 2).
    """
    from compliance.scaffold import run_init

    said = io.StringIO()
    code = run_init(directory, out=said)
    write_text(sys.stdout, said.getvalue())
    raise typer.Exit(code)
