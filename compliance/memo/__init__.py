"""The audit memo (granskningsrapport): a `Report` as a graded, format-neutral document.

    memo = build_memo(report)          # the memo as data: questions, kontrollmål, grades …
    document = layout_memo(memo)       # … in words: sections, paragraphs, tables, charts
    markdown.render_document(document) # … laid out by a reporter (Markdown, HTML, DOCX)

`memo_document(report)` does the first two steps with the run's language and grading scale.
The structure, the grading and its configuration are described in docs/reports.md.

The names below are imported on first use: every `check` reads `memo.figures`, and that must
not load the memo's builder and layout, which only the memo formats need.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compliance.findings import Report
    from compliance.memo.build import build_memo
    from compliance.memo.document import Document
    from compliance.memo.figures import FigureTable, dataset_figures
    from compliance.memo.layout import layout_memo
    from compliance.memo.model import Memo

_LAZY = {
    "Document": "compliance.memo.document",
    "FigureTable": "compliance.memo.figures",
    "Memo": "compliance.memo.model",
    "build_memo": "compliance.memo.build",
    "dataset_figures": "compliance.memo.figures",
    "layout_memo": "compliance.memo.layout",
}


def __getattr__(name: str) -> object:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    return getattr(import_module(module), name)


def memo_document(report: Report, *, figures: FigureTable | None = None) -> Document:
    """The memo of `report` as a document, in the current language and grading scale."""
    from compliance.memo.build import build_memo
    from compliance.memo.layout import layout_memo

    return layout_memo(build_memo(report, figures=figures))


__all__ = [
    "Document",
    "FigureTable",
    "Memo",
    "build_memo",
    "dataset_figures",
    "layout_memo",
    "memo_document",
]
