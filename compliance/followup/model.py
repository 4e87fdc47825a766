"""What `compliance diff` works with: two reports as read, and what changed between them.

Nothing here knows about output formats. Every renderer (terminal, JSON, Markdown, and the
HTML and Word reports built on the same model) renders one `ReportDiff`; docs/followup.md
describes the model field by field.

A finding is identified across the two reports by its rule, subject kind and subject id
(`Finding.key`); a changed message or changed evidence is not a change. "Failing" means
`fail` or `insufficient_data`, the outcomes that fail a run; `waived` is reported apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from compliance.data.dataset import Location
from compliance.findings import Outcome, ReportPeriod, Severity, Subject, WaiverRef

FAILING: frozenset[Outcome] = frozenset({Outcome.FAIL, Outcome.INSUFFICIENT_DATA})

FindingKey = tuple[str, str, str]


@dataclass(frozen=True)
class ReportedFinding:
    """One finding as an earlier `compliance check --format json` wrote it."""

    rule: str
    title: str
    severity: Severity
    outcome: Outcome
    subject: Subject
    message: str
    location: Location | None = None
    recommendation: str | None = None
    missing: tuple[str, ...] = ()
    deadline: date | None = None
    waiver: WaiverRef | None = None

    @property
    def key(self) -> FindingKey:
        return (self.rule, self.subject.kind, self.subject.id)

    @property
    def failing(self) -> bool:
        return self.outcome in FAILING


@dataclass(frozen=True)
class ReportedRule:
    """A rule listed in a report's `rules`."""

    id: str
    title: str
    severity: Severity
    document: str | None = None


@dataclass(frozen=True)
class ReportedRun:
    """One of the two reports: where it was read from and what it says."""

    file: str  # as given on the command line, relative to the working directory
    schema_version: str
    tool_version: str | None
    kommun: str | None
    period: ReportPeriod
    as_of: date
    rules: tuple[ReportedRule, ...]
    findings: tuple[ReportedFinding, ...]

    def count(self, outcome: Outcome) -> int:
        return sum(1 for f in self.findings if f.outcome is outcome)


class Change(StrEnum):
    """How a finding's standing changed from the earlier report to the later one."""

    # Failing now; before it passed, did not apply, was not due, was waived, or was not there.
    NEW = "new"
    # Failing in both reports (the outcome may have moved between fail and insufficient_data).
    PERSISTING = "persisting"
    # Failing or waived before; now it passes, does not apply, or is not there at all.
    RESOLVED = "resolved"
    # Waived now (whatever it was before): a decided exception, neither open nor resolved.
    WAIVED = "waived"
    # Failing or waived before, not yet due now: not resolved, only not judged yet.
    NOT_DUE = "not_due"


# The order changes are listed in: what needs attention first.
CHANGE_ORDER: tuple[Change, ...] = (
    Change.NEW,
    Change.PERSISTING,
    Change.RESOLVED,
    Change.WAIVED,
    Change.NOT_DUE,
)


class Absence(StrEnum):
    """Why a finding is in one report and not in the other."""

    # The other report did not check the rule at all (it was added or removed in between).
    RULE_NOT_CHECKED = "rule_not_checked"
    # The rule was checked, but had no finding for this subject (a nämnd, förvaltning or
    # utförare that was not in the data then).
    NO_FINDING = "no_finding"


class Note(StrEnum):
    """Something about the two reports as a whole that a reader should know."""

    # Both reports are for the same period: a re-run, not a follow-up of an earlier year.
    SAME_PERIOD = "same_period"
    # The earlier report's period starts after the later one's: the files may be swapped.
    OLD_PERIOD_IS_LATER = "old_period_is_later"
    # One report names a kommun and the other does not, so it cannot be told they match.
    KOMMUN_UNKNOWN = "kommun_unknown"


@dataclass(frozen=True)
class FindingChange:
    """One finding that failed or was waived in at least one of the two reports."""

    change: Change
    before: ReportedFinding | None
    after: ReportedFinding | None
    # Set when `before` or `after` is None: why the finding is missing from that report.
    absence: Absence | None = None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs a finding in at least one of the reports")

    @property
    def current(self) -> ReportedFinding:
        """The later finding when there is one, else the earlier: titles and names from it."""
        found = self.after or self.before
        assert found is not None  # guaranteed by __post_init__
        return found

    @property
    def rule(self) -> str:
        return self.current.rule

    @property
    def subject(self) -> Subject:
        return self.current.subject

    @property
    def failing_side(self) -> ReportedFinding:
        """The finding that describes the problem: the later one unless it no longer fails."""
        if self.change in (Change.RESOLVED, Change.NOT_DUE) and self.before is not None:
            return self.before
        return self.current

    @property
    def outcome_changed(self) -> bool:
        """True when both reports have the finding and its outcome differs."""
        return (
            self.before is not None
            and self.after is not None
            and self.before.outcome is not self.after.outcome
        )


@dataclass(frozen=True)
class ReportDiff:
    """Two reports compared: the changes, the rules added and removed, and notes."""

    old: ReportedRun
    new: ReportedRun
    # Every finding that failed or was waived in either report, in rule order (the later
    # report's rules first, then rules only the earlier one checked) and within a rule in
    # subject order; findings that neither fail nor are waived in either report are left out.
    changes: tuple[FindingChange, ...]
    rules_added: tuple[ReportedRule, ...]
    rules_removed: tuple[ReportedRule, ...]
    notes: tuple[Note, ...] = ()

    @property
    def kommun(self) -> str | None:
        return self.new.kommun or self.old.kommun

    def of(self, change: Change) -> tuple[FindingChange, ...]:
        return tuple(c for c in self.changes if c.change is change)

    def counts(self) -> dict[Change, int]:
        """The number of findings per change, every change present even at zero."""
        return {change: len(self.of(change)) for change in CHANGE_ORDER}

    @property
    def has_new_failures(self) -> bool:
        """True when a finding fails now that did not before: `compliance diff` exits 1."""
        return any(c.change is Change.NEW for c in self.changes)


def by_rule(changes: Iterable[FindingChange]) -> list[list[FindingChange]]:
    """Consecutive changes of the same rule, grouped (the diff lists them in rule order)."""
    groups: list[list[FindingChange]] = []
    for change in changes:
        if groups and groups[-1][0].rule == change.rule:
            groups[-1].append(change)
        else:
            groups.append([change])
    return groups
