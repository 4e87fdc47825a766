"""One diagnostic shape for every problem the tool reports about its input.

Parse errors, type errors, data-file errors and command-line errors all become a
`Diagnostic`; they are collected, sorted by location and shown together, never one at a
time. The codes are listed in `diagnostic_codes.py` and documented in docs/diagnostics.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Span:
    """A region of a source file. Lines and columns are 1-based; the end is exclusive."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @staticmethod
    def point(file: str, line: int, column: int, width: int = 1) -> Span:
        return Span(file, line, column, line, column + max(width, 1))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in the user's input: what, where, and what to do about it."""

    code: str
    message: str
    span: Span | None = None
    help: str | None = None
    level: Level = Level.ERROR
    # A file to name when there is no position in it (a missing file, an empty file).
    file: str | None = None

    @property
    def where(self) -> str:
        if self.span is not None:
            return str(self.span)
        return self.file or ""

    def sort_key(self) -> tuple[str, int, int, str]:
        if self.span is not None:
            return (self.span.file, self.span.line, self.span.column, self.code)
        return (self.file or "", 0, 0, self.code)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.code, d.message, d.span, d.file, d.help): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.level is Level.ERROR for d in diagnostics)


class InputError(Exception):
    """Raised when input problems stop the pipeline; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted_diagnostics(diagnostics)
        super().__init__("; ".join(f"{d.where}: {d.message}" for d in self.diagnostics))


@dataclass
class SourceRegistry:
    """The text of every file read, so that diagnostics can quote the offending line."""

    texts: dict[str, str] = field(default_factory=dict)

    def add(self, file: str, text: str) -> None:
        self.texts[file] = text

    def text(self, span: Span) -> str:
        """The source text a span covers, with runs of white space folded to one space."""
        text = self.texts.get(span.file)
        if text is None:
            return ""
        lines = text.splitlines()
        if not 1 <= span.line <= len(lines):
            return ""
        if span.end_line == span.line:
            piece = lines[span.line - 1][span.column - 1 : span.end_column - 1]
        else:
            first = lines[span.line - 1][span.column - 1 :]
            middle = lines[span.line : span.end_line - 1]
            last = (
                lines[span.end_line - 1][: span.end_column - 1]
                if span.end_line <= len(lines)
                else ""
            )
            piece = "\n".join([first, *middle, last])
        return " ".join(piece.split())

    def line(self, file: str, line: int) -> str | None:
        text = self.texts.get(file)
        if text is None:
            return None
        lines = text.splitlines()
        if 1 <= line <= len(lines):
            return lines[line - 1]
        return None


SOURCES = SourceRegistry()


def display_path(path: str | os.PathLike[str]) -> str:
    """The path as a user should see it: relative to the working directory.

    Reports must not depend on where a checkout lives, so paths are shown relative and with
    forward slashes — also above the working directory (`../../policy_rules/x.rules`, as when
    an example's compliance.toml points at the packs), unless on another drive.
    """
    p = Path(path)
    try:
        resolved = p.resolve()
        cwd = Path.cwd().resolve()
        try:
            return resolved.relative_to(cwd).as_posix()
        except ValueError:
            return Path(os.path.relpath(resolved, cwd)).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


def render_diagnostic(diagnostic: Diagnostic, sources: SourceRegistry = SOURCES) -> str:
    """Plain-text rendering: `file:line:col: error[E201]: message`, the line, a caret, help."""
    head = f"{diagnostic.level.value}[{diagnostic.code}]: {diagnostic.message}"
    if diagnostic.where:
        head = f"{diagnostic.where}: {head}"
    lines = [head]
    span = diagnostic.span
    if span is not None:
        text = sources.line(span.file, span.line)
        if text is not None:
            gutter = str(span.line)
            pad = " " * len(gutter)
            expanded = text.replace("\t", " ")
            width = (
                span.end_column - span.column
                if span.end_line == span.line and span.end_column > span.column
                else max(1, len(expanded) - span.column + 1)
            )
            lines.append(f"{pad} |")
            lines.append(f"{gutter} | {expanded}")
            lines.append(f"{pad} | {' ' * (span.column - 1)}{'^' * max(width, 1)}")
    if diagnostic.help:
        lines.append(f"  = help: {diagnostic.help}")
    return "\n".join(lines)
