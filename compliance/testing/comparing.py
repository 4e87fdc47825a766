"""A case's findings against its expectations: every difference, with what would explain it.

Findings and expectations are paired by rule id and subject id. An expectation without
`avser` pairs with the finding a rule gives for the kommun as a whole: the one finding of a
rule without `avser`, or the single finding a rule gives when the collection it is judged
over is not declared at all.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from compliance.data.wording import LIST_LIMIT
from compliance.findings import KOMMUN_KIND, Finding, Outcome
from compliance.messages import message
from compliance.testing.cases import Case, Expectation


class Kind(StrEnum):
    # The finding is there, with another outcome.
    WRONG_OUTCOME = "wrong_outcome"
    # The expectation names a rule the case's rule files do not have.
    UNKNOWN_RULE = "unknown_rule"
    # The rule exists but gave no finding for the subject.
    NO_FINDING = "no_finding"
    # A finding no expectation names, in a case that is `fullständigt`.
    UNEXPECTED = "unexpected"


@dataclass(frozen=True)
class Difference:
    kind: Kind
    rule: str
    # None: the kommun as a whole.
    subject: str | None
    expected: Outcome | None
    got: Outcome | None
    # The line of the expectation in the test file; None for an unexpected finding.
    line: int | None
    # The finding's own message, so that the author sees why it came out as it did.
    message: str | None = None
    # What would explain or fix it: a did-you-mean, or the subjects the rule did judge.
    help: str | None = None


def subject_key(finding: Finding) -> str | None:
    """The subject as an expectation names it: None for the kommun as a whole."""
    return None if finding.subject.kind == KOMMUN_KIND else finding.subject.id


def compare(
    case: Case, findings: Sequence[Finding], rule_ids: Sequence[str]
) -> tuple[Difference, ...]:
    """Every way the findings differ from the case's expectations, in the file's order."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    differences: list[Difference] = []
    matched: set[int] = set()
    known = set(rule_ids)
    for expectation in case.expectations:
        if expectation.rule not in known:
            differences.append(_unknown_rule(expectation, rule_ids))
            continue
        candidates = by_rule.get(expectation.rule, [])
        paired = _paired(expectation, candidates)
        if paired is None:
            differences.append(_no_finding(expectation, candidates))
            continue
        matched.add(id(paired))
        if paired.outcome is not expectation.outcome:
            differences.append(
                Difference(
                    Kind.WRONG_OUTCOME,
                    expectation.rule,
                    expectation.subject,
                    expectation.outcome,
                    paired.outcome,
                    expectation.line,
                    paired.message,
                )
            )
    if case.complete:
        differences.extend(
            Difference(
                Kind.UNEXPECTED,
                finding.rule,
                subject_key(finding),
                None,
                finding.outcome,
                None,
                finding.message,
            )
            for finding in findings
            if id(finding) not in matched
        )
    return tuple(differences)


def _paired(expectation: Expectation, candidates: Sequence[Finding]) -> Finding | None:
    for finding in candidates:
        if expectation.subject is None:
            if finding.subject.kind == KOMMUN_KIND:
                return finding
        # A kommun-level finding may also be named by the kommun's id.
        elif finding.subject.id == expectation.subject:
            return finding
    return None


def _unknown_rule(expectation: Expectation, rule_ids: Sequence[str]) -> Difference:
    suggestion = closest(expectation.rule, rule_ids)
    if suggestion is not None:
        help = message("test.help.unknown_rule_suggestion", suggestion=suggestion)
    else:
        help = message("test.help.unknown_rule_list", rules=_listing(rule_ids))
    return _unmatched(Kind.UNKNOWN_RULE, expectation, help)


def _no_finding(expectation: Expectation, candidates: Sequence[Finding]) -> Difference:
    subjects = [f.subject.id for f in candidates if f.subject.kind != KOMMUN_KIND]
    if not candidates:
        help = message("test.help.rule_judged_nothing")
    elif expectation.subject is None:
        kind = next(f.subject.kind for f in candidates if f.subject.kind != KOMMUN_KIND)
        help = message("test.help.name_the_subject", kind=kind, example=subjects[0])
    elif not subjects:
        help = message("test.help.kommun_level")
    else:
        suggestion = closest(expectation.subject, subjects)
        if suggestion is not None:
            help = message("test.help.subject_suggestion", suggestion=suggestion)
        else:
            help = message("test.help.subjects_judged", subjects=_listing(subjects))
    return _unmatched(Kind.NO_FINDING, expectation, help)


def _unmatched(kind: Kind, expectation: Expectation, help: str) -> Difference:
    """An expectation no finding answers: nothing was produced to compare it with."""
    return Difference(
        kind,
        expectation.rule,
        expectation.subject,
        expectation.outcome,
        None,
        expectation.line,
        help=help,
    )


def closest(word: str, options: Sequence[str]) -> str | None:
    """The option `word` was probably meant to be: the same but for case, or a close match."""
    folded = {option.casefold(): option for option in options}
    if word.casefold() in folded:
        return folded[word.casefold()]
    matches = difflib.get_close_matches(word.casefold(), list(folded), n=1, cutoff=0.6)
    return folded[matches[0]] if matches else None


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(f"`{name}`" for name in sorted(names)[:LIST_LIMIT])
    return shown + (", …" if len(names) > LIST_LIMIT else "")
