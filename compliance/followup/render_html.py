"""A diff as one self-contained HTML file: the follow-up report to read, print or archive.

The diff is laid out as a memo `Document` (`layout.py`) and written by the memo's HTML
reporter, so it has the same style sheet, accessible tables and nothing fetched from the net.
"""

from __future__ import annotations

from compliance.followup.layout import layout_diff
from compliance.followup.model import ReportDiff
from compliance.reporters.html import render_document


def render(diff: ReportDiff, *, color: bool = False, width: int = 100) -> str:
    """The diff as an HTML document; `color` and `width` do not apply."""
    del color, width  # every renderer takes the same options; HTML has no use for them
    return render_document(layout_diff(diff))
