"""A test run as JSON for machines: stable keys, sorted, the same bytes for the same run."""

from __future__ import annotations

import json
from typing import Any

from compliance.testing.comparing import Difference
from compliance.testing.running import RuleTestRun

# Raised when a field changes meaning or is removed; adding a field does not change it.
SCHEMA_VERSION = 1


def render_json(run: RuleTestRun, *, require_coverage: bool = False) -> str:
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "files": list(run.files),
        "cases": [
            {
                "file": result.case.file,
                "line": result.case.line,
                "name": result.case.name,
                "period": result.case.period.label,
                "as_of": result.case.as_of.isoformat(),
                "passed": result.passed,
                "differences": [_difference(d) for d in result.differences],
            }
            for result in run.results
        ],
        "coverage": {
            "complete": run.coverage.complete,
            "required": require_coverage,
            "rules": [
                {
                    "rule": rule.rule,
                    "file": rule.file,
                    "line": rule.line,
                    "expects_pass": rule.expects_pass,
                    "expects_fail": rule.expects_fail,
                }
                for rule in run.coverage.rules
            ],
            "untested_files": list(run.coverage.untested_files),
        },
        "summary": {"passed": run.passed, "failed": run.failed},
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _difference(difference: Difference) -> dict[str, Any]:
    return {
        "kind": difference.kind.value,
        "rule": difference.rule,
        # null: the kommun as a whole.
        "subject": difference.subject,
        "expected": difference.expected.value if difference.expected is not None else None,
        "got": difference.got.value if difference.got is not None else None,
        "line": difference.line,
        "message": difference.message,
        "help": difference.help,
    }
