"""Compare an earlier report with a later one, finding by finding: `compare(old, new)`.

Each finding that fails or is waived in either report is classified by its outcome before
and after (the table in docs/followup.md); only the outcome counts, so a message or evidence
that reads differently in the later year is not a change.
"""

from __future__ import annotations

from compliance.diagnostics import InputError
from compliance.findings import Outcome
from compliance.followup import problems
from compliance.followup.model import (
    Absence,
    Change,
    FindingChange,
    FindingKey,
    Note,
    ReportDiff,
    ReportedFinding,
    ReportedRule,
    ReportedRun,
)

# Outcomes after which a finding that failed (or was waived) before counts as resolved.
SETTLED = frozenset({Outcome.PASS, Outcome.NOT_APPLICABLE})


def compare(old: ReportedRun, new: ReportedRun) -> ReportDiff:
    """What changed from `old` (the earlier review) to `new` (the follow-up).

    Raises `InputError` when the two reports are about different kommuner: ids of nämnder
    and förvaltningar are only comparable within one kommun.
    """
    _refuse_different_kommuner(old, new)
    before = {f.key: f for f in old.findings}
    after = {f.key: f for f in new.findings}
    old_rules = {r.id for r in old.rules}
    new_rules = {r.id for r in new.rules}
    changes = []
    for key in _ordered_keys(old, new):
        kind = classify(before.get(key), after.get(key))
        if kind is None:
            continue
        absence = None
        if key not in before:
            absence = _absence(key, old_rules)
        elif key not in after:
            absence = _absence(key, new_rules)
        changes.append(FindingChange(kind, before.get(key), after.get(key), absence))
    return ReportDiff(
        old=old,
        new=new,
        changes=tuple(changes),
        rules_added=tuple(r for r in new.rules if r.id not in old_rules),
        rules_removed=tuple(r for r in old.rules if r.id not in new_rules),
        notes=_notes(old, new),
    )


def classify(before: ReportedFinding | None, after: ReportedFinding | None) -> Change | None:
    """The change from `before` to `after` (None: not in that report), or None for a finding
    that neither fails nor is waived in either report."""
    was_open = before is not None and (before.failing or before.outcome is Outcome.WAIVED)
    if after is not None and after.failing:
        # A finding that was waived before and fails now lost its waiver: it fails the run
        # again, so it is new like any other finding that starts to fail.
        return Change.PERSISTING if before is not None and before.failing else Change.NEW
    if after is not None and after.outcome is Outcome.WAIVED:
        return Change.WAIVED
    if not was_open:
        return None
    if after is None or after.outcome in SETTLED:
        return Change.RESOLVED
    return Change.NOT_DUE


def _absence(key: FindingKey, rules_of_other_report: set[str]) -> Absence:
    rule = key[0]
    return Absence.NO_FINDING if rule in rules_of_other_report else Absence.RULE_NOT_CHECKED


def _ordered_keys(old: ReportedRun, new: ReportedRun) -> list[FindingKey]:
    """Every key of either report: rules in the later report's order, then rules only the
    earlier report has; within a rule, subjects in the later report's order, then subjects
    only the earlier report has."""
    rule_order: dict[str, int] = {}
    for rule in [*new.rules, *old.rules]:
        rule_order.setdefault(rule.id, len(rule_order))
    for finding in [*new.findings, *old.findings]:
        # A finding of a rule its report does not list still gets a place.
        rule_order.setdefault(finding.rule, len(rule_order))
    position: dict[FindingKey, int] = {}
    for finding in [*new.findings, *old.findings]:
        position.setdefault(finding.key, len(position))
    return sorted(position, key=lambda key: (rule_order[key[0]], position[key]))


def _notes(old: ReportedRun, new: ReportedRun) -> tuple[Note, ...]:
    notes = []
    if old.period == new.period:
        notes.append(Note.SAME_PERIOD)
    elif old.period.start > new.period.start:
        notes.append(Note.OLD_PERIOD_IS_LATER)
    if (old.kommun is None) != (new.kommun is None):
        notes.append(Note.KOMMUN_UNKNOWN)
    return tuple(notes)


def _refuse_different_kommuner(old: ReportedRun, new: ReportedRun) -> None:
    if old.kommun is None or new.kommun is None or old.kommun == new.kommun:
        return
    raise InputError(
        [
            problems.problem(
                problems.DIFFERENT_KOMMUN,
                f"`{old.file}` is about {old.kommun} and `{new.file}` about {new.kommun}; "
                "only reports about the same kommun can be compared",
                new.file,
                help="give two reports about the same kommun, usually two consecutive years",
            )
        ]
    )


def rule_titles(diff: ReportDiff) -> dict[str, ReportedRule]:
    """Every rule of either report by id, the later report's version first."""
    rules: dict[str, ReportedRule] = {}
    for rule in [*diff.new.rules, *diff.old.rules]:
        rules.setdefault(rule.id, rule)
    return rules
