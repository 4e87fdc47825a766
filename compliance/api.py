"""The library behind the command line: load rule packs, load data, evaluate, render.

    from compliance import api
    rules = api.load_rules(["policy_rules"])
    data = api.load_data(["fixtures/haninge/organisation.yaml"])
    report = api.check(rules, data, period="2025", as_of="2026-09-30")
    print(api.render(report, "json"))

Every function raises `compliance.diagnostics.InputError` for bad input; its `diagnostics`
say what is wrong and where.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from compliance import ir
from compliance.data.dataset import Dataset
from compliance.diagnostics import Diagnostic, InputError, Level, has_errors
from compliance.findings import Report
from compliance.periods import Period, PeriodSyntaxError, parse_period

if TYPE_CHECKING:
    from compliance.baseline import Baseline
    from compliance.waivers import Waiver

RULE_SUFFIX = ".rules"
PathLike = str | os.PathLike[str]

# The pipeline, in order. Each pass consumes what the one before it produced:
#   parse     rule files        → syntax trees          (syntax/parser.py)
#   check     syntax trees      → typed IR              (checker/checker.py)
#   load      YAML data files   → Dataset               (data/loader.py)
#   evaluate  IR × Dataset      → Report of findings    (evaluator/)
#   render    Report            → text in one format    (reporters/)
PIPELINE = ("parse", "check", "load", "evaluate", "render")


@dataclass(frozen=True)
class RuleSet:
    """Checked rule packs, ready to evaluate, with the warnings the checker found."""

    program: ir.Program
    files: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    digests: dict[str, str]


def rule_files(paths: Sequence[PathLike]) -> list[Path]:
    """The rule files named by `paths`: files as given, directories searched for *.rules."""
    found: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        candidates = sorted(path.rglob(f"*{RULE_SUFFIX}")) if path.is_dir() else [path]
        for candidate in candidates:
            # The same file named twice (`a.rules` and `./a.rules`, or a directory and a file
            # in it) is read once: reading it twice would report its rules as duplicates.
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


def load_rules(paths: Sequence[PathLike]) -> RuleSet:
    """Parse and check rule packs; raises `InputError` with every error in every file.

    A pack checked before without errors comes from the user's cache (`checker.rule_cache`)
    when none of its files, nor the tool, has changed since."""
    import hashlib

    from compliance.checker.rule_cache import cached_check, save_check
    from compliance.diagnostics import SOURCES, display_path
    from compliance.syntax.reading import read_rule_text

    files = rule_files(paths)
    if not files:
        shown = ", ".join(f"`{Path(p).as_posix()}`" for p in paths) or "nothing"
        raise InputError([Diagnostic("E403", f"no rule files (*{RULE_SUFFIX}) found in {shown}")])
    shown_files = tuple(display_path(f) for f in files)
    texts: list[tuple[str, str]] = []
    unreadable: list[Diagnostic] = []
    for file, shown in zip(files, shown_files, strict=True):
        try:
            texts.append((shown, read_rule_text(file, shown)))
        except InputError as error:
            unreadable.extend(error.diagnostics)
    checked = None if unreadable else cached_check(texts)
    if checked is not None:
        program, warnings = checked
        for shown, text in texts:
            SOURCES.add(shown, text)
    else:
        program, warnings = _parse_and_check(texts, unreadable)
        if not unreadable:
            save_check(texts, program, warnings)
    digests = {
        name: hashlib.sha256(SOURCES.texts[name].encode("utf-8")).hexdigest()
        for name in shown_files
        if name in SOURCES.texts
    }
    return RuleSet(program, shown_files, warnings, digests)


def _parse_and_check(
    texts: Sequence[tuple[str, str]], unreadable: Sequence[Diagnostic]
) -> tuple[ir.Program, tuple[Diagnostic, ...]]:
    """The checked program and its warnings; raises `InputError` when there are errors,
    with those of the files that could not be read (`unreadable`)."""
    from compliance.checker.checker import check_program
    from compliance.syntax.parser import parse_rule_text

    diagnostics = list(unreadable)
    parsed = []
    for shown, text in texts:
        try:
            parsed.append(parse_rule_text(text, shown))
        except InputError as error:
            diagnostics.extend(error.diagnostics)
    program, check_diagnostics = check_program(parsed)
    diagnostics.extend(check_diagnostics)
    if has_errors(diagnostics):
        raise InputError(diagnostics)
    return program, tuple(d for d in diagnostics if d.level is Level.WARNING)


def load_data(paths: Sequence[PathLike]) -> Dataset:
    """Load and validate organisational data files (merged in the order given)."""
    from compliance.data.loader import load_dataset

    return load_dataset(paths)


def period_from(value: str | int | Period) -> Period:
    if isinstance(value, Period):
        return value
    try:
        return parse_period(value)
    except PeriodSyntaxError as error:
        raise InputError(
            [Diagnostic("E402", str(error), help="pass e.g. `--period 2025`")]
        ) from None


def date_from(value: str | date, what: str = "as-of date") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            [Diagnostic("E402", f"the {what} `{value}` is not a date such as `2026-06-15`")]
        ) from None


def check(
    rules: RuleSet,
    data: Dataset,
    *,
    period: str | int | Period,
    as_of: str | date,
    backend: str = "auto",
    keep_rows: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Evaluate every rule for every subject as of `as_of` for the reporting `period`.

    `backend` is one of `compliance.backends.BACKENDS`; `keep_rows` records on each finding
    the rows it did not pass (for `export_rows`); `progress(done, total)` hears of each rule."""
    from dataclasses import replace

    from compliance.evaluator import evaluate
    from compliance.memo.figures import dataset_figures

    report = evaluate(
        rules.program,
        data,
        period=period_from(period),
        as_of=date_from(as_of),
        rule_digests=rules.digests,
        backend=backend,
        keep_rows=keep_rows,
        progress=progress,
    )
    return replace(report, figures=dataset_figures(data, report))


def export_rows(
    report: Report, data: Dataset, directory: PathLike, inputs: Sequence[PathLike] = ()
) -> list[Path]:
    """One CSV per rule in `directory` listing every row a finding did not pass; the report
    must come from `check(..., keep_rows=True)`. Never writes over one of `inputs`."""
    from compliance.row_export import export_rows as export

    return export(report, data, Path(directory), [Path(p) for p in inputs])


def load_waivers(path: PathLike, rule_ids: Sequence[str] | None = None) -> tuple[Waiver, ...]:
    """Read a waiver file (undantag); `rule_ids`, when given, are the rules it may name."""
    from compliance.waivers import read_waivers

    return read_waivers(Path(path), rule_ids)


def apply_waivers(report: Report, waivers: Sequence[Waiver], file: PathLike) -> Report:
    """`report` with the findings the waivers cover marked `waived` (see `compliance.waivers`)."""
    from compliance.diagnostics import display_path
    from compliance.waivers import apply_waivers as apply

    return apply(report, waivers, [display_path(file)])


def load_baseline(path: PathLike) -> Baseline:
    """The failing findings of an earlier JSON report, for `compare_with_baseline`."""
    from compliance.baseline import read_baseline

    return read_baseline(Path(path))


def compare_with_baseline(report: Report, baseline: Baseline) -> Report:
    """`report` with each failing finding marked new or persisting, and resolved ones listed."""
    from compliance.baseline import compare_with_baseline as compare

    return compare(report, baseline)


def render(
    report: Report, format: str = "json", *, color: bool = False, width: int = 100
) -> str | bytes:
    """Render a report in one of the formats of `compliance.reporters.FORMATS`.

    `color` and `width` apply to the terminal format; the default is plain text 100 wide, the
    same in every terminal and log. Binary formats (`reporters.BINARY_FORMATS`) return bytes.
    """
    from compliance.reporters import render_report

    return render_report(report, format, color=color, width=width)
