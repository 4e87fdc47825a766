"""Our tool's answers in the peers' shape, and the comparison of answers between engines.

For RIKET-SYN the numbers come from the finding's message, which the rule writes from its
definitions: "{sena} av {mottagna} synpunkter …" on fail, "… ({mottagna} st.) …" on pass.
A nämnd without synpunkter in the period is not applicable and has no answer, as with the peers.
For the structural rules the answer is the outcome itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from peer_result import Answers

SYN_RULE = "RIKET-SYN"
_NUMBER = r"(\d[\d\s\u00a0\u202f]*)"  # Swedish thousands are grouped with a space
_FAILED = re.compile(_NUMBER + r" av " + _NUMBER + r" synpunkter")
_PASSED = re.compile(r"\(" + _NUMBER + r" st\.\)")


def _count(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def answers_from_findings(findings: Iterable[tuple[str, str, str, str]]) -> Answers:
    """Answers from (rule, subject id, outcome, message) of each finding."""
    answers: Answers = {}
    for rule, subject, outcome, text in findings:
        per_rule = answers.setdefault(rule, {})
        if rule != SYN_RULE:
            per_rule[subject] = outcome
        elif outcome == "fail" and (match := _FAILED.search(text)):
            per_rule[subject] = [_count(match[2]), _count(match[1])]
        elif outcome == "pass" and (match := _PASSED.search(text)):
            per_rule[subject] = [_count(match[1]), 0]
        elif outcome != "not_applicable":
            per_rule[subject] = outcome  # anything else shows up as a disagreement
    return answers


def answers_from_json(report: dict[str, Any]) -> Answers:
    """Answers from a `compliance check --format json` report."""
    return answers_from_findings(
        (f["rule"], f["subject"]["id"], f["outcome"], f["message"]) for f in report["findings"]
    )


def differences(reference: Answers, other: Answers) -> list[str]:
    """Where `other` answers differently from `reference`: one line per rule and nämnd."""
    lines: list[str] = []
    for rule in sorted(set(reference) | set(other)):
        ours, theirs = reference.get(rule, {}), other.get(rule, {})
        for subject in sorted(set(ours) | set(theirs)):
            if ours.get(subject) != theirs.get(subject):
                lines.append(f"{rule} {subject}: {ours.get(subject)} ≠ {theirs.get(subject)}")
    return lines
