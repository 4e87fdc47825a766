"""The audit memo (granskningsrapport) as a Word document: `--format docx`.

The memo is the one the Markdown and HTML reporters lay out (`compliance.memo`); this module
writes it with Word's own headings, lists, captions, tables and fields (`docx_writer.py`)
and its charts as pictures (`docx_charts.py`). The same report gives the same bytes: the
document is dated by the report's as-of date, and the package holds no clock time.

python-docx and matplotlib are imported only when a document is rendered.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

from compliance.findings import Report
from compliance.memo.document import Document
from compliance.messages import LANGUAGES, use_language


def render(report: Report, *, color: bool = False, width: int = 100) -> bytes:
    """`report`'s memo as the bytes of a .docx file; `color` and `width` do not apply."""
    del color, width  # every reporter takes the same options; a Word document has no use for them
    from compliance.memo import memo_document

    created = datetime.combine(report.as_of, time(0, 0), tzinfo=UTC)
    return render_document(memo_document(report), created=created)


def render_document(document: Document, *, created: datetime | None = None) -> bytes:
    """Any memo-shaped `document` (the memo, a follow-up) as the bytes of a .docx file.

    `created` is the date the document properties give; without it they give none, so the
    bytes never depend on the clock. The words the renderer adds (page numbers, caption
    labels) are in the document's own language.
    """
    from compliance.reporters.docx_writer import write_document

    language = document.lang.split("-")[0]
    if language not in LANGUAGES:
        return write_document(document, created)
    with use_language(language):
        return write_document(document, created)
