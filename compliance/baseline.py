"""Compare a run with an earlier JSON report (`--baseline`): only new failures fail the run.

A finding is identified across runs by its rule and its subject (kind and id); its message and
evidence may change without making it new. "Failing" means `fail` or `insufficient_data`, the
outcomes that fail a run; a waived finding is neither new nor resolved, its waiver speaks for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from compliance.data.file_reading import read_bytes
from compliance.data.limits import Limits
from compliance.diagnostics import Diagnostic, InputError, Span, display_path
from compliance.findings import BaselineComparison, BaselineFinding, Finding, Outcome, Report

FAILING = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA)
FAILING_VALUES = frozenset(outcome.value for outcome in FAILING)
SUPPORTED_MAJOR = "1"
CODE = "E425"
# A JSON report of a national run is far larger than any data file.
BASELINE_LIMITS = Limits(max_file_bytes=1024 * 1024 * 1024)

FindingKey = tuple[str, str, str]


@dataclass(frozen=True)
class Baseline:
    """The failing findings of an earlier run, by key."""

    file: str
    failing: dict[FindingKey, BaselineFinding]


def read_baseline(path: Path) -> Baseline:
    """The failing findings of the JSON report at `path`; raises `InputError` if it is not one."""
    shown = display_path(path)
    text = read_bytes(path, shown, BASELINE_LIMITS).decode("utf-8", errors="replace")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        span = Span.point(shown, error.lineno, error.colno)
        raise _error(f"the baseline is not valid JSON: {error.msg}", shown, span) from None
    except RecursionError:
        raise _error("the baseline is JSON nested too deeply to be a report", shown) from None
    failing: dict[FindingKey, BaselineFinding] = {}
    try:
        _check_version(document, shown)
        for item in document["findings"]:
            if item["outcome"] not in FAILING_VALUES:
                continue
            subject = item["subject"]
            finding = BaselineFinding(
                rule=str(item["rule"]),
                subject_kind=str(subject["kind"]),
                subject_id=str(subject["id"]),
                subject_name=str(subject["name"]),
                outcome=str(item["outcome"]),
                message=str(item["message"]),
            )
            failing[(finding.rule, finding.subject_kind, finding.subject_id)] = finding
    except (KeyError, TypeError) as error:
        raise _error(
            f"the baseline is not a report written by `compliance check --format json` "
            f"(missing or wrong `{error}`)",
            shown,
        ) from None
    return Baseline(shown, failing)


def _check_version(document: Any, shown: str) -> None:
    version = document.get("schema_version") if isinstance(document, dict) else None
    if not isinstance(version, str) or "findings" not in document:
        raise _error(
            "the baseline is not a report written by `compliance check --format json`", shown
        )
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise _error(
            f"the baseline has schema version `{version}`; this version of compliance reads "
            f"`{SUPPORTED_MAJOR}.x`",
            shown,
        )


def compare_with_baseline(report: Report, baseline: Baseline) -> Report:
    """`report` with each failing finding marked new or not, and the resolved ones listed."""
    findings: list[Finding] = []
    failing_now: set[FindingKey] = set()
    new = persisting = 0
    for finding in report.findings:
        if finding.outcome in FAILING:
            failing_now.add(finding.key)
            is_new = finding.key not in baseline.failing
            new += is_new
            persisting += not is_new
            finding = replace(finding, new=is_new)
        findings.append(finding)
    waived = {f.key for f in report.findings if f.outcome is Outcome.WAIVED}
    resolved = tuple(
        item
        for key, item in baseline.failing.items()
        if key not in failing_now and key not in waived
    )
    comparison = BaselineComparison(baseline.file, new, persisting, resolved)
    return replace(report, findings=tuple(findings), baseline=comparison)


def _error(message: str, file: str, span: Span | None = None) -> InputError:
    return InputError(
        [
            Diagnostic(
                CODE,
                message,
                span,
                "pass a JSON report written by an earlier `compliance check --format json`",
                file=file,
            )
        ]
    )
