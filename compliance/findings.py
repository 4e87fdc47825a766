"""What an evaluation produces: one finding per rule and subject, gathered in a `Report`.

Reporters are pure functions of a `Report`; nothing here knows about output formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from compliance.data.dataset import Location


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_DUE = "not_due"
    # A fail or insufficient_data finding covered by a valid waiver (undantag): still shown and
    # counted, but it does not fail the run. Only `compliance.waivers` produces it.
    WAIVED = "waived"


# The order outcomes are listed in summaries: the ones that need attention first.
OUTCOME_ORDER: tuple[Outcome, ...] = (
    Outcome.FAIL,
    Outcome.INSUFFICIENT_DATA,
    Outcome.WAIVED,
    Outcome.NOT_DUE,
    Outcome.NOT_APPLICABLE,
    Outcome.PASS,
)


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


# The subject kind of a rule without `avser`: the kommun as a whole.
KOMMUN_KIND = "kommun"


@dataclass(frozen=True)
class Subject:
    """What a finding is about: an entity of the data, or the kommun as a whole."""

    kind: str
    id: str
    name: str
    # The nämnd responsible for the subject, for summaries per nämnd (None: kommunövergripande).
    nämnd_id: str | None = None
    nämnd_name: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One fact behind an outcome: a sentence, and the data value it rests on."""

    text: str
    path: str | None = None
    value: str | None = None
    location: Location | None = None


_new = object.__new__


def new_evidence(
    text: str, path: str | None, value: str | None, location: Location | None
) -> Evidence:
    """`Evidence(text, path, value, location)` in half the time, for the tens of thousands of
    lines a national run writes (`dataset.new_location` says why); the same instance."""
    evidence = _new(Evidence)
    fields = evidence.__dict__
    fields["text"] = text
    fields["path"] = path
    fields["value"] = value
    fields["location"] = location
    return evidence


@dataclass(frozen=True)
class Citation:
    """Where a requirement comes from."""

    document: str
    section: str | None = None
    page: str | None = None
    quote: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class RuleSource:
    """Where the rule itself is written."""

    file: str
    line: int
    column: int


@dataclass(frozen=True)
class WaiverRef:
    """The waiver (undantag) that applied to a finding, or that has expired for it."""

    rule: str
    # The subject id the waiver names, or None when it covers every subject of the rule.
    subject: str | None
    justification: str
    decided_by: str | None
    reference: str | None  # diarienummer
    valid_until: date
    # Where the waiver is written, so that a reader can find and renew it.
    location: Location | None
    # True when the waiver matched but `valid_until` has passed: the finding keeps its outcome.
    expired: bool = False
    # The outcome the finding had before the waiver applied (fail or insufficient_data).
    original_outcome: Outcome | None = None


@dataclass(frozen=True)
class RowSelection:
    """Rows of one collection by index (entity `i` of the collection, as data paths count)."""

    collection: str
    indices: tuple[int, ...]


@dataclass(frozen=True)
class Finding:
    rule: str
    title: str
    severity: Severity
    outcome: Outcome
    subject: Subject
    message: str
    evidence: tuple[Evidence, ...]
    source: Citation
    rule_location: RuleSource
    location: Location | None
    recommendation: str | None = None
    # Data paths whose absence made the outcome `insufficient_data`.
    missing: tuple[str, ...] = ()
    # The deadline the rule was judged against, when it has one.
    deadline: date | None = None
    # The waiver that made this finding `waived`, or that has expired for it.
    waiver: WaiverRef | None = None
    # With `--baseline`: True when the finding is not in the baseline, False when it is,
    # None when no baseline was given. Only new findings fail the run.
    new: bool | None = None
    # With `--export-rows`: every row of a data collection that did not pass the requirement's
    # `för varje` (failed or could not be judged), for the auditor to follow up one by one.
    rows: RowSelection | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies a finding across runs: the rule, the subject kind and id."""
        return (self.rule, self.subject.kind, self.subject.id)


def new_finding(
    rule: str,
    title: str,
    severity: Severity,
    outcome: Outcome,
    subject: Subject,
    message: str,
    evidence: tuple[Evidence, ...],
    source: Citation,
    rule_location: RuleSource,
    location: Location | None,
    recommendation: str | None,
    missing: tuple[str, ...],
    deadline: date | None,
    rows: RowSelection | None,
) -> Finding:
    """A finding as the evaluator makes it (no waiver, no baseline yet), in a third of the
    time of `Finding(...)`, whose frozen `__init__` sets its sixteen fields one by one: a
    national run makes one per rule and nämnd. The same instance as the constructor's."""
    finding = _new(Finding)
    # In the order the fields are declared, so the instance's __dict__ is the constructor's.
    finding.__dict__.update(
        rule=rule,
        title=title,
        severity=severity,
        outcome=outcome,
        subject=subject,
        message=message,
        evidence=evidence,
        source=source,
        rule_location=rule_location,
        location=location,
        recommendation=recommendation,
        missing=missing,
        deadline=deadline,
        waiver=None,
        new=None,
        rows=rows,
    )
    return finding


@dataclass(frozen=True)
class RuleInfo:
    """A rule as listed in a report: id, title, where it comes from."""

    id: str
    title: str
    severity: Severity
    source: Citation
    rule_location: RuleSource
    document_title: str
    recommendation: str | None = None


@dataclass(frozen=True)
class ReportPeriod:
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class BaselineFinding:
    """A failing finding of the baseline run that no longer fails: resolved."""

    rule: str
    subject_kind: str
    subject_id: str
    subject_name: str
    outcome: str
    message: str


@dataclass(frozen=True)
class BaselineComparison:
    """The run compared with an earlier JSON report given by `--baseline`."""

    file: str
    new: int
    persisting: int
    resolved: tuple[BaselineFinding, ...]


@dataclass(frozen=True)
class Report:
    """Everything a reporter needs, and nothing that varies between identical runs."""

    tool_version: str
    period: ReportPeriod
    as_of: date
    kommun: str | None
    rules: tuple[RuleInfo, ...]
    findings: tuple[Finding, ...]
    rule_files: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    digests: dict[str, str] = field(default_factory=dict)
    # Waivers that matched no failing finding: stale, to be removed or corrected.
    stale_waivers: tuple[WaiverRef, ...] = ()
    waiver_files: tuple[str, ...] = ()
    baseline: BaselineComparison | None = None
    # Figures from the data that charts need and findings do not carry (an indicator's
    # outcome, forecast and target): data label (`indikatorer[x]`) → field → plain decimal
    # text, None when the data declares the field absent. Filled by `api.check`.
    figures: dict[str, dict[str, str | None]] = field(default_factory=dict)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.findings if f.outcome is outcome)

    def summary(self) -> dict[str, int]:
        return {outcome.value: self.count(outcome) for outcome in Outcome}
