"""Diagnostic codes for the reports `compliance diff` reads (E430–E434).

The codes are registered in `compliance/diagnostic_codes.py` and documented in
docs/diagnostics.md. A bad `--format`, `--lang` or `--output` keeps the command line's own
codes (E402, E404).
"""

from __future__ import annotations

from compliance.diagnostics import Diagnostic, Span

UNREADABLE = "E430"
NOT_JSON = "E431"
NOT_A_REPORT = "E432"
UNSUPPORTED_VERSION = "E433"
DIFFERENT_KOMMUN = "E434"

DIFF_CODES: dict[str, str] = {
    UNREADABLE: "a report given to `compliance diff` that does not exist or cannot be read",
    NOT_JSON: "a report given to `compliance diff` that is not UTF-8 JSON",
    NOT_A_REPORT: "a JSON file that is not a report written by `compliance check --format json`",
    UNSUPPORTED_VERSION: "a report of a `schema_version` this tool does not read",
    DIFFERENT_KOMMUN: "two reports given to `compliance diff` that are about different kommuner",
}

# Every problem with a report file gets the same advice.
REPORT_HELP = "give two reports written by `compliance check --format json`"


def problem(
    code: str, message: str, file: str, span: Span | None = None, help: str | None = REPORT_HELP
) -> Diagnostic:
    """A problem with the report file `file`, at `span` when there is a position."""
    return Diagnostic(code, message, span, help, file=file)
