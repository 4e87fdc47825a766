"""Graded assessments: from the outcomes of a kontrollmål's findings to a bedömning on a scale.

A Swedish granskningsrapport ends each kontrollmål with a graded bedömning, e.g. *uppfyllt /
delvis uppfyllt / ej uppfyllt*, or *ändamålsenlig … inte ändamålsenlig* for the overall
question. Here the grade is a documented function of counts, so that two revisors get the
same grade from the same findings and can see why (docs/reports.md):

- the base is the *judged* findings: uppfyllt, avvikelse and underlag saknas. `not_applicable`
  and `not_due` are left out – there was nothing to judge yet – and `waived` findings are
  counted and shown separately, never in the base;
- the share passing is `pass / base`. Missing evidence is in the base but never passes, so it
  can only lower a grade;
- level *i* of the scale is given when the share is at least `thresholds[i]`, the last level
  otherwise. With only missing evidence the grade is *kan inte bedömas*; with nothing judged at
  all it is *inget att bedöma*.

The scale of a run is set like its language: `with use_grading(scale): …`, read back with
`current_grading()`; `[grading]` in compliance.toml is validated by `parse_grading`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise

from compliance.diagnostics import Diagnostic, InputError
from compliance.findings import Finding, Outcome

CONFIG_CODE = "E401"


@dataclass(frozen=True)
class GradingScale:
    """A named scale: its levels best first, and the least share passing for each but the last."""

    name: str
    # Catalogue key part of the scale (`memo.grade.<key>.<level>`): ASCII, unlike the name.
    key: str
    levels: tuple[str, ...]
    thresholds: tuple[Fraction, ...]

    def level_for(self, share: Fraction) -> int:
        for index, threshold in enumerate(self.thresholds):
            if share >= threshold:
                return index
        return len(self.levels) - 1


UPPFYLLT = GradingScale(
    name="uppfyllt",
    key="uppfyllt",
    levels=("uppfyllt", "delvis_uppfyllt", "ej_uppfyllt"),
    thresholds=(Fraction(1), Fraction(1, 2)),
)
ÄNDAMÅLSENLIG = GradingScale(
    name="ändamålsenlig",
    key="andamalsenlig",
    levels=(
        "andamalsenlig",
        "till_overvagande_del",
        "delvis",
        "inte",
    ),
    thresholds=(Fraction(1), Fraction(3, 4), Fraction(1, 2)),
)
SCALES: dict[str, GradingScale] = {scale.name: scale for scale in (UPPFYLLT, ÄNDAMÅLSENLIG)}
DEFAULT_SCALE = UPPFYLLT

_GRADING: ContextVar[GradingScale] = ContextVar("grading_scale", default=DEFAULT_SCALE)


@contextmanager
def use_grading(scale: GradingScale) -> Iterator[None]:
    """Grade everything inside the block on `scale` (one run grades on one scale throughout)."""
    token = _GRADING.set(scale)
    try:
        yield
    finally:
        _GRADING.reset(token)


def current_grading() -> GradingScale:
    return _GRADING.get()


# ---------------------------------------------------------------- counting and grading


@dataclass(frozen=True)
class Tally:
    """How many findings had each outcome; the grade is a function of this alone."""

    passed: int = 0
    failed: int = 0
    insufficient: int = 0
    waived: int = 0
    not_applicable: int = 0
    not_due: int = 0

    @staticmethod
    def of(findings: Iterable[Finding]) -> Tally:
        counts = dict.fromkeys(Outcome, 0)
        for finding in findings:
            counts[finding.outcome] += 1
        return Tally(
            passed=counts[Outcome.PASS],
            failed=counts[Outcome.FAIL],
            insufficient=counts[Outcome.INSUFFICIENT_DATA],
            waived=counts[Outcome.WAIVED],
            not_applicable=counts[Outcome.NOT_APPLICABLE],
            not_due=counts[Outcome.NOT_DUE],
        )

    @property
    def judged(self) -> int:
        """The base of the share: findings that were due and applicable, waivers aside."""
        return self.passed + self.failed + self.insufficient

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.passed, self.judged) if self.judged else None

    @property
    def total(self) -> int:
        return self.judged + self.waived + self.not_applicable + self.not_due


class Status(StrEnum):
    GRADED = "graded"
    # Every judged finding lacked evidence: no grade, and certainly not a passing one.
    NOT_ASSESSABLE = "not_assessable"
    # Nothing was judged (everything not applicable, not yet due or waived).
    NOTHING_TO_ASSESS = "nothing_to_assess"


@dataclass(frozen=True)
class Assessment:
    """A graded bedömning: the level reached on a scale, or why there is none, and its basis."""

    scale: GradingScale
    status: Status
    tally: Tally
    # Index into `scale.levels` (0 is best) when graded.
    level: int | None = None

    @property
    def is_best(self) -> bool:
        return self.level == 0

    @property
    def is_worst(self) -> bool:
        return self.level == len(self.scale.levels) - 1

    @property
    def message_key(self) -> str:
        """The catalogue key of the grade's words (`memo.grade.…`)."""
        if self.status is Status.GRADED and self.level is not None:
            return f"memo.grade.{self.scale.key}.{self.scale.levels[self.level]}"
        return f"memo.grade.{self.status.value}"


def grade(tally: Tally, scale: GradingScale | None = None) -> Assessment:
    """The bedömning of `tally` on `scale` (the run's scale by default)."""
    scale = scale if scale is not None else current_grading()
    share = tally.share
    if share is None:
        return Assessment(scale, Status.NOTHING_TO_ASSESS, tally)
    if tally.passed == 0 and tally.failed == 0:
        return Assessment(scale, Status.NOT_ASSESSABLE, tally)
    return Assessment(scale, Status.GRADED, tally, scale.level_for(share))


def grade_findings(findings: Iterable[Finding], scale: GradingScale | None = None) -> Assessment:
    return grade(Tally.of(findings), scale)


# ---------------------------------------------------------------- configuration


def parse_grading(table: Mapping[str, object], where: str) -> GradingScale:
    """The scale a `[grading]` table names, with its thresholds; `InputError` (E401) if wrong.

        [grading]
        scale = "ändamålsenlig"            # or "uppfyllt" (the default)
        thresholds = [1.0, 0.75, 0.5]      # optional: one per level but the last, descending

    `where` names the config file in the messages.
    """
    problems: list[str] = []
    helps: list[str | None] = []

    def problem(text: str, help: str | None = None) -> None:
        problems.append(text)
        helps.append(help)

    names = ", ".join(f"`{name}`" for name in SCALES)
    scale: GradingScale | None = None
    raw_scale = table.get("scale", DEFAULT_SCALE.name)
    if isinstance(raw_scale, str) and raw_scale in SCALES:
        scale = SCALES[raw_scale]
    elif isinstance(raw_scale, str):
        problem(f"`{raw_scale}` is not a grading scale", f"use one of {names}")
    else:
        problem("`grading.scale` must be the name of a scale", f"use one of {names}")
    for key in table:
        if key not in ("scale", "thresholds"):
            problem(
                f"unknown setting `grading.{key}`", "`[grading]` takes `scale` and `thresholds`"
            )
    # The thresholds can only be checked against a known scale: their number depends on it.
    thresholds = scale.thresholds if scale is not None else ()
    if "thresholds" in table and scale is not None:
        parsed, error = _thresholds(table["thresholds"], scale)
        if parsed is None:
            problem(error, _thresholds_help(scale))
        else:
            thresholds = parsed
    if problems or scale is None:
        raise InputError(
            Diagnostic(CONFIG_CODE, text, help=help, file=where)
            for text, help in zip(problems, helps, strict=True)
        )
    return GradingScale(scale.name, scale.key, scale.levels, thresholds)


def _thresholds(value: object, scale: GradingScale) -> tuple[tuple[Fraction, ...] | None, str]:
    wanted = len(scale.levels) - 1
    if not isinstance(value, list) or not all(_is_number(item) for item in value):
        return None, "`grading.thresholds` must be a list of numbers between 0 and 1"
    if len(value) != wanted:
        return None, (
            f"the scale `{scale.name}` has {len(scale.levels)} levels, so "
            f"`grading.thresholds` needs {wanted} numbers, not {len(value)}"
        )
    # Through the decimal text: Fraction(0.8) would be a hair above 4/5 and refuse exactly 80 %.
    fractions = tuple(Fraction(repr(item)) for item in value)
    if any(not 0 <= item <= 1 for item in fractions):
        return None, "every `grading.thresholds` value must be between 0 and 1"
    if not _strictly_descending(fractions):
        return None, "`grading.thresholds` must be in descending order, best level first"
    return fractions, ""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _strictly_descending(values: Sequence[Fraction]) -> bool:
    return all(a > b for a, b in pairwise(values))


def _thresholds_help(scale: GradingScale) -> str:
    default = ", ".join(_decimal(t) for t in scale.thresholds)
    return f"write e.g. `thresholds = [{default}]` for `{scale.name}`"


def _decimal(value: Fraction) -> str:
    return str(float(value))
