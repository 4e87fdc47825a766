"""Reporters: pure functions from one `Report` to text in one format, one module per format.

Every reporter has the same signature, `render(report, *, color, width) -> str | bytes`;
options a format has no use for (colour in JSON) are accepted and ignored, so callers never
branch on the format. Text formats return `str`; a binary format (DOCX) returns `bytes` and is
listed in `BINARY_FORMATS`, which can only be written to a file.

A reporter may also have `render_bytes(report, *, color, width) -> bytes`: its text already
encoded as UTF-8, made without the `str` (JSON, where orjson writes bytes). `byte_renderer`
finds it, and `render_report_bytes`, the bytes of a report file in any format, uses it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Protocol

from compliance.findings import Report


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False, width: int = 100) -> str | bytes: ...


class ByteRenderer(Protocol):
    def __call__(self, report: Report, *, color: bool = False, width: int = 100) -> bytes: ...


# The formats `--format` accepts, by name, and the module whose `render` writes each. Modules
# are imported only when their format is used: a terminal run never loads the Word writer.
FORMATS: dict[str, str] = {
    "terminal": "compliance.reporters.terminal",
    "json": "compliance.reporters.json",
    "sarif": "compliance.reporters.sarif",
    "junit": "compliance.reporters.junit",
    "github": "compliance.reporters.github",
    "markdown": "compliance.reporters.markdown",
    "html": "compliance.reporters.html",
    "docx": "compliance.reporters.docx",
}
DEFAULT_FORMAT = "terminal"
# Formats whose output is bytes, not text: never written to a terminal.
BINARY_FORMATS: frozenset[str] = frozenset({"docx"})
# The width of plain-text output when nobody asks for another.
DEFAULT_WIDTH = 100


def renderer(format: str) -> Renderer:
    """The `render` function of `format`; an unknown format is a programming error (`KeyError`)."""
    render: Renderer = _module(format).render
    return render


def byte_renderer(format: str) -> ByteRenderer | None:
    """The `render_bytes` function of `format`, or None when the format has none."""
    render_bytes: ByteRenderer | None = getattr(_module(format), "render_bytes", None)
    return render_bytes


def _module(format: str) -> ModuleType:
    try:
        module = FORMATS[format]
    except KeyError:
        known = ", ".join(FORMATS)
        raise KeyError(f"unknown report format {format!r}; known formats: {known}") from None
    return importlib.import_module(module)


def render_report(
    report: Report, format: str, *, color: bool = False, width: int = DEFAULT_WIDTH
) -> str | bytes:
    """`report` rendered in `format`; an unknown format is a programming error (`KeyError`).

    Text keeps a file name that is not UTF-8 as Python spells it; a binary format (DOCX), which
    cannot hold it, writes it as `render_report_bytes` does."""
    try:
        return renderer(format)(report, color=color, width=width)
    except UnicodeEncodeError:
        from compliance.reporters.surrogates import shown_surrogates

        return renderer(format)(shown_surrogates(report), color=color, width=width)


def render_report_bytes(
    report: Report, format: str, *, color: bool = False, width: int = DEFAULT_WIDTH
) -> bytes:
    """`render_report(...)` as the bytes of a file: a text format's text encoded as UTF-8.

    A report that names a file whose name is not UTF-8 has text without UTF-8 bytes; it is
    rendered with that name's undecodable bytes written as escapes (`surrogates.py`).
    """
    try:
        return _file_bytes(report, format, color, width)
    except UnicodeEncodeError:
        from compliance.reporters.surrogates import shown_surrogates

        return _file_bytes(shown_surrogates(report), format, color, width)


def _file_bytes(report: Report, format: str, color: bool, width: int) -> bytes:
    render_bytes = byte_renderer(format)
    if render_bytes is not None:
        return render_bytes(report, color=color, width=width)
    rendered = renderer(format)(report, color=color, width=width)
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered
