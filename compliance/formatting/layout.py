"""A small layout engine: documents of text, optional line breaks, groups and indentation.

The printer describes a rule file as a `Doc`; `render` decides where lines break. This is the
algorithm of Wadler's "prettier printer" as Prettier implements it: a `Group` is printed on one
line if it fits in the remaining width (up to the next line break that follows it), otherwise
every `Line` directly inside it breaks, and the groups inside it are decided again one by one.

A `HardLine` always breaks, and so does every group around it: that is how a comment, which
must end its line, shapes the layout. Line breaks are requests: several in a row collapse into
one (the last one's indentation wins), so a comment's own break and the break the layout
wanted anyway never leave an empty line. Only `BlankLine` asks for an empty line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


@dataclass(frozen=True)
class Text:
    """Text printed as it is; a quoted text may span lines (its own line breaks are kept)."""

    text: str


@dataclass(frozen=True)
class Suffix:
    """Text that takes no width when fitting: a trailing comment must not change the layout."""

    text: str


@dataclass(frozen=True)
class Line:
    """A space when its group fits on the line, else a line break at the current indentation."""


@dataclass(frozen=True)
class HardLine:
    """Always a line break; the groups around it break too."""


@dataclass(frozen=True)
class BlankLine:
    """A line break with an empty line before the next text; the groups around it break."""


@dataclass(frozen=True)
class Nest:
    """Line breaks inside `doc` are indented `indent` more."""

    indent: int
    doc: Doc


@dataclass(frozen=True)
class Group:
    """Printed flat when it fits; `hard` says it contains a forced break, so it never does."""

    doc: Doc
    hard: bool = field(default=False)


Doc = Text | Suffix | Line | HardLine | BlankLine | Nest | Group | tuple["Doc", ...]

SPACE = Text(" ")
LINE = Line()
HARD = HardLine()
BLANK = BlankLine()


def group(*docs: Doc) -> Group:
    return Group(docs, has_hard_break(docs))


def has_hard_break(doc: Doc) -> bool:
    match doc:
        case HardLine() | BlankLine():
            return True
        case Group(hard=hard):
            return hard
        case Nest(doc=inner):
            return has_hard_break(inner)
        case tuple():
            return any(has_hard_break(part) for part in doc)
        case Text() | Suffix() | Line():
            return False


class _Mode(Enum):
    FLAT = "flat"
    BREAK = "break"


_Command = tuple[int, _Mode, Doc]


@dataclass
class _Output:
    """The text so far, and the line break requested but not yet written."""

    newline: str
    parts: list[str] = field(default_factory=list)
    column: int = 0
    pending_indent: int | None = None
    pending_blank: bool = False

    def request_break(self, indent: int, blank: bool) -> None:
        self.pending_indent = indent
        self.pending_blank = self.pending_blank or blank

    def effective_column(self) -> int:
        return self.column if self.pending_indent is None else self.pending_indent

    def write(self, text: str) -> None:
        if self.pending_indent is not None:
            if self.parts:
                self._end_line()
                if self.pending_blank:
                    self.parts.append(self.newline)
                self.parts.append(" " * self.pending_indent)
                self.column = self.pending_indent
            self.pending_indent, self.pending_blank = None, False
        self.parts.append(text)
        last_break = text.rfind("\n")
        self.column = self.column + len(text) if last_break < 0 else len(text) - last_break - 1

    def space(self) -> None:
        if self.pending_indent is None:
            self.parts.append(" ")
            self.column += 1

    def _end_line(self) -> None:
        # Spaces the layout put before a break would trail the line: drop them.
        while self.parts and self.parts[-1] == " ":
            self.parts.pop()
        self.parts.append(self.newline)

    def finish(self) -> str:
        if self.parts:
            self._end_line()
        return "".join(self.parts)


def render(doc: Doc, width: int, newline: str = "\n") -> str:
    """The document laid out in `width` columns, ending with one line break."""
    out = _Output(newline)
    stack: list[_Command] = [(0, _Mode.BREAK, doc)]
    while stack:
        indent, mode, item = stack.pop()
        match item:
            case Text(text=text):
                if text == " ":
                    out.space()
                else:
                    out.write(text)
            case Suffix(text=text):
                out.write(text)
            case tuple():
                stack.extend((indent, mode, part) for part in reversed(item))
            case Nest(indent=extra, doc=inner):
                stack.append((indent + extra, mode, inner))
            case Group(doc=inner, hard=hard):
                flat = mode is _Mode.FLAT or (
                    not hard and _fits(inner, stack, width - out.effective_column())
                )
                stack.append((indent, _Mode.FLAT if flat else _Mode.BREAK, inner))
            case Line():
                if mode is _Mode.FLAT:
                    out.space()
                else:
                    out.request_break(indent, blank=False)
            case HardLine():
                out.request_break(indent, blank=False)
            case BlankLine():
                out.request_break(indent, blank=True)
    return out.finish()


def _fits(doc: Doc, rest: list[_Command], room: int) -> bool:
    """Whether `doc`, flat, and what follows it up to the next line break fit in `room`."""
    todo: list[tuple[_Mode, Doc]] = [(_Mode.FLAT, doc)]
    rest_index = len(rest)
    while room >= 0:
        if not todo:
            if rest_index == 0:
                return True
            rest_index -= 1
            _, mode, item = rest[rest_index]
            todo.append((mode, item))
            continue
        mode, item = todo.pop()
        match item:
            case Text(text=text):
                first_line, newline, _ = text.partition("\n")
                room -= len(first_line)
                if newline:
                    return room >= 0
            case Suffix():
                pass
            case tuple():
                todo.extend((mode, part) for part in reversed(item))
            case Nest(doc=inner):
                todo.append((mode, inner))
            case Group(doc=inner, hard=hard):
                todo.append((_Mode.BREAK if hard else mode, inner))
            case Line():
                if mode is _Mode.BREAK:
                    return True
                room -= 1
            case HardLine() | BlankLine():
                return True
    return False
