"""The formats `compliance diff --format` accepts, by name: one renderer module each.

Every renderer has the signature of the check reporters, `render(diff, *, color, width)`,
returning `str` (or `bytes` for a binary format, listed in `BINARY_FORMATS`); options a format
has no use for are accepted and ignored. A new format is a module beside these and one line
here; HTML and Word lay the diff out as a memo document first (`layout.py`).
"""

from __future__ import annotations

from typing import Protocol

from compliance.followup import (
    render_docx,
    render_html,
    render_json,
    render_markdown,
    render_terminal,
)
from compliance.followup.model import ReportDiff


class DiffRenderer(Protocol):
    def __call__(
        self, diff: ReportDiff, *, color: bool = False, width: int = 100
    ) -> str | bytes: ...


FORMATS: dict[str, DiffRenderer] = {
    "terminal": render_terminal.render,
    "json": render_json.render,
    "markdown": render_markdown.render,
    "html": render_html.render,
    "docx": render_docx.render,
}
DEFAULT_FORMAT = "terminal"
# Formats whose output is bytes, not text: written to a file or a pipe, never a terminal.
BINARY_FORMATS: frozenset[str] = frozenset({"docx"})
