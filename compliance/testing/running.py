"""Run test files: read them all, load every rule pack and data set, then judge every case.

Reading and loading come first, for every file and case, so that one run reports every
problem in the input (exit code 2) and no case runs on half-valid input. Only then are the
cases evaluated, through the same `compliance.api.check` as `compliance check`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance import api
from compliance.data.dataset import Dataset
from compliance.diagnostics import Diagnostic, InputError, display_path
from compliance.findings import Report
from compliance.testing.cases import Case, CaseFile
from compliance.testing.comparing import Difference, compare
from compliance.testing.coverage import Coverage, CoverageCounter
from compliance.testing.discovery import select
from compliance.testing.loading import Loader
from compliance.testing.reading import read_case_file


@dataclass(frozen=True)
class CaseResult:
    case: Case
    differences: tuple[Difference, ...]

    @property
    def passed(self) -> bool:
        return not self.differences


@dataclass(frozen=True)
class RuleTestRun:
    results: tuple[CaseResult, ...]
    coverage: Coverage
    files: tuple[str, ...]

    @property
    def passed(self) -> int:
        return sum(1 for result in self.results if result.passed)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed


@dataclass(frozen=True)
class _Prepared:
    case: Case
    rules: api.RuleSet
    data: Dataset


def run_tests(paths: Sequence[Path]) -> RuleTestRun:
    """Run the test files named by `paths`; raises `InputError` for any bad input."""
    selection = select(paths)
    problems: list[Diagnostic] = []
    case_files: list[CaseFile] = []
    for path in selection.test_files:
        try:
            case_files.append(read_case_file(path))
        except InputError as error:
            problems.extend(error.diagnostics)
    prepared = _load(case_files, problems)
    if problems:
        raise InputError(problems)

    counter = CoverageCounter()
    results: list[CaseResult] = []
    for item in prepared:
        program = item.rules.program
        counter.add_rules(program.rules, item.rules.files)
        by_id = {rule.id: rule for rule in program.rules}
        for expectation in item.case.expectations:
            rule = by_id.get(expectation.rule)
            if rule is not None:
                counter.expect(rule, expectation.outcome)
        report = _evaluate(item)
        results.append(CaseResult(item.case, compare(item.case, report.findings, list(by_id))))
    coverage = counter.result(display_path(path) for path in selection.rule_files)
    return RuleTestRun(tuple(results), coverage, tuple(f.shown for f in case_files))


class CaseCrashed(Exception):
    """A defect met while evaluating a case: still exit code 3, but naming the case."""


def _evaluate(item: _Prepared) -> Report:
    case = item.case
    try:
        return api.check(item.rules, item.data, period=case.period, as_of=case.as_of)
    except Exception as error:
        raise CaseCrashed(
            f"while evaluating the case at {case.where} ({case.name}): "
            f"{type(error).__name__}: {error}"
        ) from error


def _load(case_files: Sequence[CaseFile], problems: list[Diagnostic]) -> list[_Prepared]:
    """Every case with its rules and data; the problems of all of them go into `problems`."""
    loader = Loader()
    prepared: list[_Prepared] = []
    for case_file in case_files:
        rules: api.RuleSet | None = None
        try:
            rules = loader.rules(case_file.rules)
        except InputError as error:
            problems.extend(error.diagnostics)
        for case in case_file.cases:
            try:
                data = loader.data(case, case_file)
            except InputError as error:
                problems.extend(error.diagnostics)
                continue
            if rules is not None:
                prepared.append(_Prepared(case, rules, data))
    return prepared
