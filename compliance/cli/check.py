"""`compliance check`: evaluate, apply waivers and baseline, write one or more reports."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from compliance.cli.app import (
    DEFAULT_FAIL_ON,
    EXIT_FINDINGS,
    EXIT_OK,
    ConfigOption,
    RulesOption,
    app,
    guarded,
    print_diagnostics,
)
from compliance.cli.memory import settle_loaded_inputs
from compliance.config import FAIL_ON_LEVELS, Config, load_config, unknown_choice
from compliance.diagnostics import Diagnostic, InputError, Level, Span
from compliance.streams import say

if TYPE_CHECKING:
    from compliance import api
    from compliance.baseline import Baseline
    from compliance.data.dataset import Dataset, Location
    from compliance.findings import Report
    from compliance.waivers import Waiver

# The time zone waivers and `--as-of today` are judged in: the kommun's, not the CI runner's.
SWEDISH_TIME = "Europe/Stockholm"
# A waiver that matches no failing finding: reported, never fatal.
STALE_WAIVER = "W504"


@dataclass(frozen=True)
class Destination:
    """Where one rendered report goes: a file, or stdout when `file` is None."""

    format: str
    file: Path | None


@app.command()
@guarded
def check(
    rules: RulesOption = None,
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data", metavar="PATH", readable=False, help="A data file (YAML). Repeat for more."
        ),
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
            help="Judge deadlines as of this date (2026-09-30), or `today` (Swedish time).",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="The report format: terminal, json, sarif, junit, github, markdown, html or "
            "docx [default: terminal].",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE, not stdout."
        ),
    ] = None,
    report: Annotated[
        list[str] | None,
        typer.Option(
            "--report",
            metavar="FORMAT=FILE",
            help="Also write a report in FORMAT to FILE, e.g. `sarif=compliance.sarif`. "
            "Repeat for more; the check runs once.",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="sv|en", help="The report language [default: sv]."),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option(
            "--waivers",
            metavar="FILE",
            readable=False,
            help="Accepted deviations (undantag), YAML; waived findings do not fail the run.",
        ),
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            metavar="FILE",
            readable=False,
            help="An earlier JSON report: only findings new since then fail the run.",
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
    backend: Annotated[
        str | None,
        typer.Option(
            "--backend",
            metavar="auto|row|column",
            help="How rules over data collections are computed: row by row, or on whole "
            "columns (for large tables) [default: auto: columns when a table is loaded].",
        ),
    ] = None,
    export_rows: Annotated[
        Path | None,
        typer.Option(
            "--export-rows",
            metavar="DIR",
            help="Write one CSV per rule to DIR listing every row a finding did not pass.",
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Evaluate the rules against the data and report every finding."""
    from compliance import api
    from compliance.backends import DEFAULT_BACKEND
    from compliance.cli.progress import RunProgress, wanted
    from compliance.grading import DEFAULT_SCALE, use_grading
    from compliance.messages import DEFAULT_LANGUAGE, use_language
    from compliance.output import refuse_input_as_output

    settings = load_config(config).with_flags(
        rules=rules,
        data=data,
        period=period,
        as_of=as_of,
        fail_on=fail_on,
        format=format,
        output=output,
        reports=_report_flags(report or []),
        lang=lang,
        waivers=waivers,
        backend=backend,
        export_rows=export_rows,
    )
    destinations = _destinations(settings)
    threshold = settings.fail_on or DEFAULT_FAIL_ON
    language = settings.lang or DEFAULT_LANGUAGE
    period_text, as_of_text = _check_settings(settings, threshold, language)
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
    inputs = [*api.rule_files(settings.rules), *settings.input_files()]
    if baseline is not None:
        inputs.append(baseline)
    for destination in destinations:
        if destination.file is not None:
            refuse_input_as_output(destination.file, inputs)
    if settings.export_rows is not None:
        from compliance.row_export import check_directory

        check_directory(settings.export_rows)

    with RunProgress(wanted()) as progress:
        with progress.step("progress.data"):
            rule_set, dataset, accepted, earlier = _load_inputs(settings, baseline)
            settle_loaded_inputs()
        print_diagnostics(rule_set.warnings, sys.stderr)
        with use_language(language):
            result = api.check(
                rule_set,
                dataset,
                period=reporting_period,
                as_of=as_of_date,
                backend=settings.backend or DEFAULT_BACKEND,
                keep_rows=settings.export_rows is not None,
                progress=progress.rules,
            )
    with use_language(language), use_grading(settings.grading or DEFAULT_SCALE):
        if accepted is not None and settings.waivers is not None:
            result = api.apply_waivers(result, accepted, settings.waivers)
        if earlier is not None:
            result = api.compare_with_baseline(result, earlier)
        _warn_stale_waivers(result)
        _write_reports(result, destinations)
        if settings.export_rows is not None:
            api.export_rows(result, dataset, settings.export_rows, inputs)
    raise typer.Exit(exit_code_for(result, threshold))


def _report_flags(values: Sequence[str]) -> list[tuple[str, Path]]:
    """`--report sarif=out.sarif` as ("sarif", Path("out.sarif")); bad values are input errors."""
    pairs: list[tuple[str, Path]] = []
    problems: list[Diagnostic] = []
    for value in values:
        name, separator, file = value.partition("=")
        if not separator or not name or not file:
            problems.append(
                Diagnostic(
                    "E402",
                    f"`--report {value}` does not say FORMAT=FILE",
                    help="write e.g. `--report sarif=compliance.sarif`",
                )
            )
            continue
        pairs.append((name.strip(), Path(file)))
    if problems:
        raise InputError(problems)
    return pairs


def _destinations(settings: Config) -> list[Destination]:
    """The main report (stdout or `--output`) and every `--report`, each to its own place."""
    from compliance.reporters import DEFAULT_FORMAT

    main = Destination(settings.format or DEFAULT_FORMAT, settings.output)
    extra = [Destination(name, file) for name, file in settings.reports]
    seen: dict[Path, str] = {}
    problems: list[Diagnostic] = []
    for destination in (main, *extra):
        if destination.file is None:
            continue
        target = destination.file.resolve()
        if target in seen:
            problems.append(
                Diagnostic(
                    "E404",
                    f"two reports would be written to `{destination.file.as_posix()}` "
                    f"({seen[target]} and {destination.format})",
                    help="give each report its own file",
                )
            )
        seen[target] = destination.format
    if problems:
        raise InputError(problems)
    return [main, *extra]


def _load_inputs(
    settings: Config, baseline: Path | None
) -> tuple[api.RuleSet, Dataset, tuple[Waiver, ...] | None, Baseline | None]:
    """Rules, data, waivers and baseline, loaded independently so every error shows at once."""
    from compliance import api

    problems: list[Diagnostic] = []
    rule_set: api.RuleSet | None = None
    dataset: Dataset | None = None
    accepted: tuple[Waiver, ...] | None = None
    earlier: Baseline | None = None
    try:
        rule_set = api.load_rules(settings.rules)
    except InputError as error:
        problems.extend(error.diagnostics)
    try:
        dataset = api.load_data(settings.data)
    except InputError as error:
        problems.extend(error.diagnostics)
    if settings.waivers is not None:
        # Unknown rule ids can only be told once the rules are read.
        rule_ids = None if rule_set is None else [r.id for r in rule_set.program.rules]
        try:
            accepted = api.load_waivers(settings.waivers, rule_ids)
        except InputError as error:
            problems.extend(error.diagnostics)
    if baseline is not None:
        try:
            earlier = api.load_baseline(baseline)
        except InputError as error:
            problems.extend(error.diagnostics)
    if problems or rule_set is None or dataset is None:
        raise InputError(problems)
    return rule_set, dataset, accepted, earlier


def _warn_stale_waivers(report: Report) -> None:
    from compliance.messages import message

    warnings = []
    for waiver in report.stale_waivers:
        target = waiver.subject or message("waivers.every_subject")
        warnings.append(
            Diagnostic(
                STALE_WAIVER,
                f"the waiver for rule `{waiver.rule}` and `{target}` matches no failing finding",
                _waiver_span(waiver.location),
                help="remove it, or correct its `regel` or `avser`",
                level=Level.WARNING,
            )
        )
    print_diagnostics(warnings, sys.stderr)


def _waiver_span(location: Location | None) -> Span | None:
    if location is None:
        return None
    return Span.point(location.file, location.line, location.column)


def _write_reports(report: Report, destinations: Sequence[Destination]) -> None:
    from compliance.output import (
        stdout_takes_utf8,
        terminal_style,
        write_atomically,
        write_stdout,
    )
    from compliance.reporters import BINARY_FORMATS, render_report, render_report_bytes
    from compliance.streams import write_stdout_bytes

    for destination in destinations:
        format = destination.format
        color, width = terminal_style(format, to_file=destination.file is not None)
        if destination.file is not None:
            write_atomically(
                destination.file, render_report_bytes(report, format, color=color, width=width)
            )
            continue
        if format not in BINARY_FORMATS and stdout_takes_utf8():
            # The bytes a report file gets, so that `> file` and `--output file` are the same
            # (a file name that is not UTF-8 included); and a format that makes its UTF-8
            # bytes itself (JSON) skips decoding 18 MB of a national report to text only for
            # stdout to encode it again.
            write_stdout_bytes(render_report_bytes(report, format, color=color, width=width))
            continue
        write_stdout(render_report(report, format, color=color, width=width))


def exit_code_for(report: Report, fail_on: str) -> int:
    """1 when a finding at or above `fail_on` fails or lacks evidence, else 0.

    With a baseline only new findings count; a waived finding never counts.
    """
    from compliance.findings import Outcome, Severity

    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    counted = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)
    failing = any(
        f.outcome in counted and f.severity.rank >= threshold and f.new is not False
        for f in report.findings
    )
    return EXIT_FINDINGS if failing else EXIT_OK


def _check_settings(settings: Config, threshold: str, language: str) -> tuple[str, str]:
    """The period and as-of date; every missing or invalid setting is reported together."""
    from compliance.backends import BACKENDS, DEFAULT_BACKEND
    from compliance.messages import LANGUAGES
    from compliance.reporters import BINARY_FORMATS, FORMATS

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
    chosen = [("--format", settings.format or "terminal")]
    chosen += [("--report", name) for name, _ in settings.reports]
    for option, value, choices in (
        *((option, name, tuple(FORMATS)) for option, name in chosen),
        ("--fail-on", threshold, FAIL_ON_LEVELS),
        ("--lang", language, LANGUAGES),
        ("--backend", settings.backend or DEFAULT_BACKEND, BACKENDS),
    ):
        if value not in choices:
            text, help = unknown_choice(option, value, choices)
            problems.append(Diagnostic("E402", text, help=help))
    if settings.format in BINARY_FORMATS and settings.output is None and sys.stdout.isatty():
        problems.append(
            Diagnostic(
                "E402",
                f"`--format {settings.format}` writes a binary file, not text for a terminal",
                help=f"pass `--output report.{settings.format}`",
            )
        )
    if problems or settings.period is None or settings.as_of is None:
        raise InputError(problems)
    return settings.period, settings.as_of


def _as_of_date(value: str) -> date:
    from compliance import api

    if value == "today":
        # "Now" must never enter a result unannounced: say which date `today` was.
        today = swedish_today()
        say(f"as-of date: today = {today.isoformat()} ({SWEDISH_TIME})", stream=sys.stderr)
        return today
    return api.date_from(value)


def swedish_today() -> date:
    """Today's date in Sweden, whatever the time zone of the machine running the check."""
    from datetime import datetime
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return datetime.now(ZoneInfo(SWEDISH_TIME)).date()
    except ZoneInfoNotFoundError:  # a system without time-zone data: the machine's date
        return date.today()
