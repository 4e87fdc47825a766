"""Rule coverage: does some case expect each rule to pass, and some case expect it to fail?

A rule that is never expected to fail may be unable to fail (a requirement that is always
true), and one never expected to pass may be unable to pass; a test of each is the least a
rule pack owes its readers. Coverage counts what the cases *expect*: a case whose
expectation does not hold fails on its own account.

Every rule of every rule file a test file loads is counted, and so is every rule file
found in a directory that was searched for tests but that no test file loads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compliance import ir
from compliance.findings import Outcome


@dataclass(frozen=True)
class RuleCoverage:
    rule: str
    file: str
    line: int
    expects_pass: bool
    expects_fail: bool

    @property
    def complete(self) -> bool:
        return self.expects_pass and self.expects_fail


@dataclass(frozen=True)
class Coverage:
    rules: tuple[RuleCoverage, ...]
    # Rule files in a searched directory that no test file loads.
    untested_files: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.untested_files and all(rule.complete for rule in self.rules)

    @property
    def lacking(self) -> tuple[RuleCoverage, ...]:
        return tuple(rule for rule in self.rules if not rule.complete)


class CoverageCounter:
    """Collects the rules loaded and the outcomes expected of them over a whole run."""

    def __init__(self) -> None:
        # Keyed by where the rule is written: two packs may be loaded in different cases.
        self._rules: dict[tuple[str, str], ir.CheckedRule] = {}
        self._expected: dict[tuple[str, str], set[Outcome]] = {}
        self._files: set[str] = set()

    def add_rules(self, rules: Iterable[ir.CheckedRule], files: Iterable[str]) -> None:
        for rule in rules:
            self._rules.setdefault(_key(rule), rule)
        self._files.update(files)

    def expect(self, rule: ir.CheckedRule, outcome: Outcome) -> None:
        self._expected.setdefault(_key(rule), set()).add(outcome)

    def result(self, searched_rule_files: Iterable[str]) -> Coverage:
        rules = []
        for key, rule in sorted(
            self._rules.items(), key=lambda item: (item[1].span.file, item[1].span.line)
        ):
            expected = self._expected.get(key, set())
            rules.append(
                RuleCoverage(
                    rule.id,
                    rule.span.file,
                    rule.span.line,
                    Outcome.PASS in expected,
                    Outcome.FAIL in expected,
                )
            )
        untested = sorted(set(searched_rule_files) - self._files)
        return Coverage(tuple(rules), tuple(untested))


def _key(rule: ir.CheckedRule) -> tuple[str, str]:
    return (rule.span.file, rule.id)
