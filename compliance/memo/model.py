"""The granskningsrapport as data: what the memo says, before any wording or layout.

Built from a `Report` by `build.build_memo`. The shape follows a Swedish kommunal
granskningsrapport: each styrdokument checked is a *revisionsfråga* ("are the requirements of
this document met?"), and each rule of it a *kontrollmål*, graded from its findings; the
overall assessment is graded from every finding. Findings are grouped per nämnd under their
kontrollmål, so each nämnd can read what concerns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from compliance.findings import (
    BaselineComparison,
    Finding,
    Outcome,
    ReportPeriod,
    RuleInfo,
    Severity,
    WaiverRef,
)
from compliance.grading import Assessment, GradingScale
from compliance.reporters.words import SYMBOLS

# The terminal report's symbols, so a reader moving between the two formats sees the same marks.
OUTCOME_SYMBOLS: dict[Outcome, str] = SYMBOLS


@dataclass(frozen=True)
class NämndGroup:
    """The findings of one kontrollmål that concern one nämnd (None: kommunövergripande)."""

    nämnd_id: str | None
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Kontrollmål:
    rule: RuleInfo
    assessment: Assessment
    groups: tuple[NämndGroup, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding for group in self.groups for finding in group.findings)


@dataclass(frozen=True)
class Revisionsfråga:
    """The requirements of one styrdokument, asked as one audit question."""

    number: int
    document: str
    kontrollmål: tuple[Kontrollmål, ...]
    assessment: Assessment


@dataclass(frozen=True)
class Nämnd:
    """A nämnd as the memo lists it: in the order the report first mentions it."""

    id: str | None  # None: kommunövergripande (subjects that belong to no nämnd)
    name: str | None  # None only for kommunövergripande; its words come from the catalogue
    counts: tuple[tuple[Outcome, int], ...]  # every outcome, in OUTCOME_ORDER


@dataclass(frozen=True)
class Recommendation:
    """One recommendation, and the kontrollmål and subjects whose findings led to it."""

    text: str
    rules: tuple[str, ...]
    subjects: tuple[str, ...]
    severity: Severity


@dataclass(frozen=True)
class SourceFile:
    path: str
    kind: str  # rules | data | waivers
    sha256: str | None


@dataclass(frozen=True)
class IndicatorFigure:
    """An indicator's outcome and forecast against its target, for the indicator chart."""

    label: str  # the data's label, e.g. `indikatorer[ind-kc-nöjdhet]`
    name: str
    target: Decimal | None
    outcome: Decimal | None
    forecast: Decimal | None
    unit: str | None
    # True when lower values are better (sjukfrånvaro, elanvändning).
    lower_is_better: bool
    # The worst outcome among the findings about the indicator, if any.
    finding_outcome: Outcome | None

    @property
    def value(self) -> Decimal | None:
        """What is judged against the target: the forecast for the year, else the outcome."""
        return self.forecast if self.forecast is not None else self.outcome

    @property
    def reaches_target(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value <= self.target if self.lower_is_better else self.value >= self.target


@dataclass(frozen=True)
class ProfileFigure:
    """One area of a scored evaluation (Kommunkompassen) against the median of all evaluations."""

    label: str
    name: str
    score: Decimal | None
    median: Decimal | None
    # True when the data says the median is not there (not merely unknown to the memo).
    median_missing: bool
    maximum: Decimal | None


@dataclass(frozen=True)
class Memo:
    kommun: str | None
    period: ReportPeriod
    as_of: date
    tool_version: str
    scale: GradingScale
    overall: Assessment
    questions: tuple[Revisionsfråga, ...]
    nämnder: tuple[Nämnd, ...]
    recommendations: tuple[Recommendation, ...]
    # Findings whose evidence was missing (also those a waiver now covers), for the appendix.
    missing_evidence: tuple[Finding, ...]
    waived: tuple[Finding, ...]
    stale_waivers: tuple[WaiverRef, ...]
    files: tuple[SourceFile, ...]
    indicators: tuple[IndicatorFigure, ...]
    profile: tuple[ProfileFigure, ...]
    baseline: BaselineComparison | None
    # The outcomes worth a column or legend entry: `waived` only in a run with waivers.
    outcomes: tuple[Outcome, ...]

    @property
    def kontrollmål(self) -> tuple[Kontrollmål, ...]:
        return tuple(k for question in self.questions for k in question.kontrollmål)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for k in self.kontrollmål for f in k.findings)
