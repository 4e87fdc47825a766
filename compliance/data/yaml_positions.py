"""Positions in a data file's text, from PyYAML marks and text offsets to 1-based `Span`s."""

from __future__ import annotations

from typing import TYPE_CHECKING

from compliance.diagnostics import Span

if TYPE_CHECKING:  # PyYAML is only imported when a file is parsed, not on a cached run
    from yaml.error import Mark
    from yaml.nodes import Node


def point(file: str, mark: Mark) -> Span:
    """The single character at `mark`."""
    return Span.point(file, mark.line + 1, mark.column + 1)


def node_span(file: str, node: Node) -> Span:
    """The text a node was written as, or its start when it has no extent."""
    start: Mark = node.start_mark
    end: Mark | None = node.end_mark
    if end is None or end.index <= start.index:
        return point(file, start)
    return Span(file, start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def line_column(prefix: str) -> tuple[int, int]:
    """The 1-based line and column just after `prefix`."""
    line = prefix.count("\n") + 1
    return line, len(prefix) - (prefix.rfind("\n") + 1) + 1
