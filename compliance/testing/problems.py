"""Diagnostic codes for rule-pack test files (E410–E414), and how a problem is put into words.

The codes are registered in `compliance/diagnostic_codes.py` and documented in
docs/diagnostics.md. Problems in the YAML itself (syntax, tabs, duplicate keys) keep the
codes of the YAML reader the data files share (E3xx); rule files and data files named by a
test keep their own codes.
"""

from __future__ import annotations

from compliance.diagnostics import Diagnostic, Span

SHAPE = "E410"
UNKNOWN_KEY = "E411"
BAD_VALUE = "E412"
MISSING_FILE = "E413"
DUPLICATE_EXPECTATION = "E414"

TEST_CODES: dict[str, str] = {
    SHAPE: "a test file that is empty, not a mapping, or has no cases",
    UNKNOWN_KEY: "a key that test files do not have",
    BAD_VALUE: "a missing, conflicting or invalid value in a test file (period, date, outcome)",
    MISSING_FILE: "a rule or data file named by a test file that does not exist",
    DUPLICATE_EXPECTATION: "the same rule and subject expected twice in one test case",
}


def problem(
    code: str, message: str, span: Span | None, file: str, help: str | None = None
) -> Diagnostic:
    """A problem in the test file `file`, at `span` when it has a position."""
    return Diagnostic(code, message, span, help, file=file)
