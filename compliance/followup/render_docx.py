"""A diff as a Word document: the follow-up report a revisor can edit, restyle and send on.

The diff is laid out as a memo `Document` (`layout.py`) and written by the memo's Word
reporter, with Word's own headings, captions and tables. The same two reports give the same
bytes: the document is dated by the later report's as-of date, never by the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from compliance.followup.layout import layout_diff
from compliance.followup.model import ReportDiff
from compliance.reporters.docx import render_document


def render(diff: ReportDiff, *, color: bool = False, width: int = 100) -> bytes:
    """The diff as the bytes of a .docx file; `color` and `width` do not apply."""
    del color, width  # every renderer takes the same options; a Word file has no use for them
    created = datetime.combine(diff.new.as_of, time(0, 0), tzinfo=UTC)
    return render_document(layout_diff(diff), created=created)
