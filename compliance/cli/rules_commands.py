"""Commands about rule files: `lint`, `explain`, `test`, and `schema` for the data files."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from compliance.cli.app import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    UNREADABLE_CODES,
    ConfigOption,
    RulesOption,
    app,
    guarded,
    print_diagnostics,
)
from compliance.config import load_config, unknown_choice
from compliance.diagnostics import Diagnostic, InputError, Level
from compliance.streams import say, write_text


@app.command()
@guarded
def lint(rules: RulesOption = None, config: ConfigOption = None) -> None:
    """Parse and type-check rule files; print every error and warning."""
    from compliance import api

    paths = tuple(rules) if rules else load_config(config).rules
    if not paths:
        raise InputError(
            [
                Diagnostic(
                    "E403",
                    "no rule files given",
                    help="pass `--rules policy_rules` or set `rules` in compliance.toml",
                )
            ]
        )
    try:
        diagnostics: Sequence[Diagnostic] = api.load_rules(paths).warnings
    except InputError as error:
        diagnostics = error.diagnostics
    print_diagnostics(diagnostics, sys.stdout)
    errors = sum(1 for d in diagnostics if d.level is Level.ERROR)
    warnings = len(diagnostics) - errors
    files = len(api.rule_files(paths))
    say(
        f"{_plural(files, 'rule file')} checked: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )
    if any(d.code in UNREADABLE_CODES for d in diagnostics):
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(EXIT_FINDINGS if errors else EXIT_OK)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# ---------------------------------------------------------------- explain


@app.command()
@guarded
def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", help="The rule to explain.")],
    rules: RulesOption = None,
    config: ConfigOption = None,
) -> None:
    """Show a rule as written: source, subject, deadline, requirement."""
    from compliance import api
    from compliance.explain import explain_rule, unknown_rule

    paths = tuple(rules) if rules else load_config(config).rules
    if not paths:
        raise InputError(
            [Diagnostic("E403", "no rule files given", help="pass `--rules policy_rules`")]
        )
    program = api.load_rules(paths).program
    by_id = {rule.id: rule for rule in program.rules}
    rule = by_id.get(rule_id)
    if rule is None:
        raise InputError([unknown_rule(rule_id, list(by_id))])
    write_text(sys.stdout, explain_rule(rule))


# ---------------------------------------------------------------- test


@app.command("test")
@guarded
def test_rules(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            readable=False,
            help="A test file (*.test.yaml), or a directory searched for them "
            "[default: the `rules` of compliance.toml, else policy_rules].",
            show_default=False,
        ),
    ] = None,
    require_coverage: Annotated[
        bool,
        typer.Option(
            "--require-coverage",
            help="Exit 1 also when a rule has no case expecting `pass` or none expecting "
            "`fail`, or a rule file has no tests.",
        ),
    ] = False,
    format: Annotated[
        str,
        typer.Option("--format", metavar="terminal|json", help="The output format."),
    ] = "terminal",
    config: ConfigOption = None,
) -> None:
    """Run the tests rule packs ship with (*.test.yaml), and report rule coverage.

    Exit code 0 when every case passes, 1 when one fails (or, with --require-coverage,
    when coverage is incomplete), 2 when a test, rule or data file is wrong.
    """
    from compliance.testing.discovery import default_paths
    from compliance.testing.rendering import FORMATS, render
    from compliance.testing.running import run_tests

    if format not in FORMATS:
        text, help = unknown_choice("--format", format, tuple(FORMATS))
        raise InputError([Diagnostic("E402", text, help=help)])
    chosen = list(paths) if paths else default_paths(load_config(config).rules)
    run = run_tests(chosen)
    write_text(sys.stdout, render(run, format, require_coverage=require_coverage))
    failed = run.failed > 0 or (require_coverage and not run.coverage.complete)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


# ---------------------------------------------------------------- schema


@app.command()
@guarded
def schema() -> None:
    """Print the JSON Schema of the organisational data files."""
    from compliance.data.schema import render_data_schema

    text = render_data_schema()
    write_text(sys.stdout, text if text.endswith("\n") else text + "\n")
