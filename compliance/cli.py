"""The command line: a thin layer over `compliance.api`.

Exit codes are a contract with CI pipelines:

    0  nothing at or above `--fail-on` failed or lacked evidence (`lint`: no errors;
       `test`: every case passed)
    1  at least one finding `fail` or `insufficient_data` at or above `--fail-on`
       (`lint`: the rule files have errors; `test`: a case failed, or coverage is
       incomplete with `--require-coverage`)
    2  the command line or an input file is wrong; the diagnostics say what and where
    3  an internal error, i.e. a bug in this tool; never a traceback

Missing evidence counts as failing: a requirement nobody can show is met is not met.

Only `typer` and the small config and diagnostics modules are imported up front; the parser,
the data models and rich are imported inside the commands so that `--help` stays fast.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, ParamSpec, TextIO

import typer

from compliance import tool_version
from compliance.config import FAIL_ON_LEVELS, Config, load_config, unknown_choice
from compliance.diagnostics import Diagnostic, InputError, Level, render_diagnostic

if TYPE_CHECKING:
    from compliance import api
    from compliance.data.dataset import Dataset
    from compliance.findings import Report

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

DEFAULT_FAIL_ON = "low"
# Plain-text output has a fixed width so that it is the same in every terminal and CI log.
PLAIN_WIDTH = 100
# Diagnostic codes that mean "could not read the input" rather than "the rules are wrong":
# a missing or unreadable file, no rule files found, a bad config file or command-line value.
UNREADABLE_CODES = frozenset({"E110", "E111", "E401", "E402", "E403", "E404"})

app = typer.Typer(
    name="compliance",
    help="Check a kommun's declared data against rules written from its styrdokument.",
    add_completion=False,
    no_args_is_help=True,
    # Plain help: rich-formatted help would import rich on every `--help`.
    rich_markup_mode=None,
    # Exceptions are turned into one line and exit code 3 by `main`, never a traceback.
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="PATH",
        help="A rule file, or a directory searched for *.rules. Repeat for more.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Read settings from FILE instead of the nearest compliance.toml or pyproject.toml.",
    ),
]

P = ParamSpec("P")


def _guarded(command: Callable[P, None]) -> Callable[P, None]:
    """Ctrl-C exits 130 rather than click's 1, which CI would read as "findings"."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return run


def _print_version(value: bool) -> None:
    if value:
        print(f"compliance {tool_version()}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Check a kommun's declared data against rules written from its styrdokument."""


# ---------------------------------------------------------------- check


@app.command()
@_guarded
def check(
    rules: RulesOption = None,
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", metavar="PATH", help="A data file (YAML). Repeat for more."),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            metavar="PERIOD",
            help="The reporting period: 2025, 2025-T2, 2025-H1, 2025-Q3 or 2025-01-01..2025-06-30.",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge deadlines as of this date (2026-09-30), or `today`.",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format", metavar="terminal|json", help="The report format [default: terminal]."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE, not stdout."
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            metavar="|".join(FAIL_ON_LEVELS),
            help="Exit 1 when a finding of this severity or higher fails or lacks evidence "
            f"[default: {DEFAULT_FAIL_ON}].",
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Evaluate the rules against the data and report every finding."""
    from compliance import api
    from compliance.output import refuse_input_as_output, write_atomically
    from compliance.reporters import DEFAULT_FORMAT, FORMATS, render_report

    settings = load_config(config).with_flags(
        rules=rules,
        data=data,
        period=period,
        as_of=as_of,
        fail_on=fail_on,
        format=format,
        output=output,
    )
    chosen_format = settings.format or DEFAULT_FORMAT
    threshold = settings.fail_on or DEFAULT_FAIL_ON
    period_text, as_of_text = _check_settings(settings, chosen_format, threshold, tuple(FORMATS))
    # Both values are checked before either error is shown: one run reports every problem.
    problems: list[Diagnostic] = []
    try:
        reporting_period = api.period_from(period_text)
    except InputError as error:
        problems.extend(error.diagnostics)
    try:
        as_of_date = _as_of_date(as_of_text)
    except InputError as error:
        problems.extend(error.diagnostics)
    if problems:
        raise InputError(problems)
    if settings.output is not None:
        refuse_input_as_output(
            settings.output, [*api.rule_files(settings.rules), *settings.input_files()]
        )

    rule_set, dataset = _load_inputs(settings)
    _print_diagnostics(rule_set.warnings, sys.stderr)
    report = api.check(rule_set, dataset, period=reporting_period, as_of=as_of_date)

    color, width = _terminal_style(settings.output, chosen_format)
    text = render_report(report, chosen_format, color=color, width=width)
    if settings.output is not None:
        write_atomically(settings.output, text)
    else:
        _write_stdout(text)
    raise typer.Exit(exit_code_for(report, threshold))


def _write_stdout(text: str | bytes) -> None:
    if isinstance(text, str):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    # A binary report (DOCX) is only ever piped or redirected, never shown on a terminal.
    if sys.stdout.isatty():
        raise InputError(
            [
                Diagnostic(
                    "E404",
                    "this report format is a binary file and cannot be shown in a terminal",
                    help="pass `--output report.docx`",
                )
            ]
        )
    sys.stdout.flush()
    sys.stdout.buffer.write(text)
    sys.stdout.buffer.flush()


def _load_inputs(settings: Config) -> tuple[api.RuleSet, Dataset]:
    """Rules and data, loaded independently so that errors in both are shown in one run."""
    from compliance import api

    problems: list[Diagnostic] = []
    rule_set: api.RuleSet | None = None
    dataset: Dataset | None = None
    try:
        rule_set = api.load_rules(settings.rules)
    except InputError as error:
        problems.extend(error.diagnostics)
    try:
        dataset = api.load_data(settings.data)
    except InputError as error:
        problems.extend(error.diagnostics)
    if problems or rule_set is None or dataset is None:
        raise InputError(problems)
    return rule_set, dataset


def exit_code_for(report: Report, fail_on: str) -> int:
    """1 when a finding at or above `fail_on` is a failure or lacks evidence, else 0."""
    from compliance.findings import Outcome, Severity

    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    counted = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)
    failing = any(f.outcome in counted and f.severity.rank >= threshold for f in report.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_settings(
    settings: Config, chosen_format: str, threshold: str, formats: Sequence[str]
) -> tuple[str, str]:
    """The period and as-of date; every missing or invalid setting is reported together."""
    problems: list[Diagnostic] = []
    where = "or set it in compliance.toml"
    if not settings.rules:
        problems.append(
            Diagnostic("E403", "no rule files given", help=f"pass `--rules policy_rules` {where}")
        )
    if not settings.data:
        problems.append(
            Diagnostic(
                "E403", "no data files given", help=f"pass `--data organisation.yaml` {where}"
            )
        )
    if settings.period is None:
        problems.append(
            Diagnostic("E402", "no reporting period given", help=f"pass `--period 2025` {where}")
        )
    if settings.as_of is None:
        problems.append(
            Diagnostic(
                "E402",
                "no as-of date given: deadlines are judged as of an explicit date",
                help=f"pass `--as-of 2026-09-30` (or `--as-of today`) {where}",
            )
        )
    for option, value, choices in (
        ("--format", chosen_format, tuple(formats)),
        ("--fail-on", threshold, FAIL_ON_LEVELS),
    ):
        if value not in choices:
            text, help = unknown_choice(option, value, choices)
            problems.append(Diagnostic("E402", text, help=help))
    if problems or settings.period is None or settings.as_of is None:
        raise InputError(problems)
    return settings.period, settings.as_of


def _as_of_date(value: str) -> date:
    from compliance import api

    if value == "today":
        # "Now" must never enter a result unannounced: say which date `today` was.
        today = date.today()
        print(f"as-of date: today = {today.isoformat()}", file=sys.stderr)
        return today
    return api.date_from(value)


def _terminal_style(output: Path | None, chosen_format: str) -> tuple[bool, int]:
    """Colour and width: only a terminal on stdout gets colour and its own width."""
    interactive = output is None and chosen_format == "terminal" and sys.stdout.isatty()
    if not interactive:
        return False, PLAIN_WIDTH
    color = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return color, shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns


# ---------------------------------------------------------------- lint


@app.command()
@_guarded
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
    _print_diagnostics(diagnostics, sys.stdout)
    errors = sum(1 for d in diagnostics if d.level is Level.ERROR)
    warnings = len(diagnostics) - errors
    files = len(api.rule_files(paths))
    print(
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
@_guarded
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
    sys.stdout.write(explain_rule(rule))


# ---------------------------------------------------------------- test


@app.command("test")
@_guarded
def test_rules(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
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
    sys.stdout.write(render(run, format, require_coverage=require_coverage))
    sys.stdout.flush()
    failed = run.failed > 0 or (require_coverage and not run.coverage.complete)
    raise typer.Exit(EXIT_FINDINGS if failed else EXIT_OK)


# ---------------------------------------------------------------- schema


@app.command()
@_guarded
def schema() -> None:
    """Print the JSON Schema of the organisational data files."""
    from compliance.data.schema import render_data_schema

    text = render_data_schema()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


# ---------------------------------------------------------------- entry point


def _print_diagnostics(diagnostics: Iterable[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(render_diagnostic(diagnostic), file=stream)
        print(file=stream)


def _use_utf8() -> None:
    # Reports are Swedish text; a non-UTF-8 locale must neither crash the run nor change the
    # bytes of a JSON report piped to a file.
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # replaced by a test harness or an embedding program: theirs to set up
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            elif stream.encoding.lower().replace("-", "") != "utf8":
                stream.reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass  # a stream that cannot be reconfigured keeps its encoding


def main() -> None:
    """The `compliance` command: runs the app and turns every failure into an exit code."""
    _use_utf8()
    try:
        app(prog_name="compliance")
    except InputError as error:
        _print_diagnostics(error.diagnostics, sys.stderr)
        sys.exit(EXIT_INPUT)
    except Exception as error:  # every other exception is a bug; say so in one line
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        print(f"internal error: {detail} (please report this)", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)
