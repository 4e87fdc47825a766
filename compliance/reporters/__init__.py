"""Reporters: pure functions from one `Report` to text in one format, one module per format.

Every reporter has the same signature, `render(report, *, color, width) -> str | bytes`;
options a format has no use for (colour in JSON) are accepted and ignored, so callers never
branch on the format. Text formats return `str`; a binary format (DOCX) returns `bytes` and is
listed in `BINARY_FORMATS`, which can only be written to a file.
"""

from __future__ import annotations

from typing import Protocol

from compliance.findings import Report
from compliance.reporters import json, terminal


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False, width: int = 100) -> str | bytes: ...


# The formats `--format` accepts, by name.
FORMATS: dict[str, Renderer] = {
    "terminal": terminal.render,
    "json": json.render,
}
DEFAULT_FORMAT = "terminal"
# Formats whose output is bytes, not text: never written to a terminal.
BINARY_FORMATS: frozenset[str] = frozenset()


def render_report(
    report: Report, format: str, *, color: bool = False, width: int = terminal.DEFAULT_WIDTH
) -> str | bytes:
    """`report` rendered in `format`; an unknown format is a programming error (`KeyError`)."""
    try:
        renderer = FORMATS[format]
    except KeyError:
        known = ", ".join(FORMATS)
        raise KeyError(f"unknown report format {format!r}; known formats: {known}") from None
    return renderer(report, color=color, width=width)
