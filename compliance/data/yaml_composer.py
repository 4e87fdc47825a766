"""Compose a data file's text into PyYAML's node graph, within limits and without timestamps.

PyYAML is used only up to its node graph (the safe composer): nothing is constructed here.
Nesting depth and the number of aliases are bounded while composing, so a deeply nested or
alias-heavy file is refused before it can exhaust the stack or memory; a second document is
refused; and syntax errors become located diagnostics (`yaml_errors`).

The events come from libyaml's parser when PyYAML was built with it (ten times faster than
the pure-Python scanner) and are composed by the same Python composer either way, so the node
graph and its marks are the same (tests/test_yaml_fast_path.py compares the two). Any problem
found on the fast path - a syntax error, a refusal, anything - is found again by the
pure-Python parser, so every message, line and column is exactly what that parser reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.error import Mark
from yaml.events import AliasEvent, Event, MappingStartEvent, SequenceStartEvent, StreamEndEvent
from yaml.nodes import Node
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from compliance.data import codes
from compliance.data.file_reading import refuse
from compliance.data.limits import Limits
from compliance.data.yaml_errors import reader_diagnostic, syntax_diagnostic
from compliance.data.yaml_positions import point
from compliance.diagnostics import Diagnostic, InputError

YAML_TAG = "tag:yaml.org,2002:"
# SafeLoader's implicit resolvers without the timestamp one: `2025-05-31` stays text.
_RESOLVERS: dict[Any, Any] = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != YAML_TAG + "timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class AliasNode(Node):
    """An alias (`*name`) kept in the node graph so that its own position is known."""

    def __init__(self, target: Node, start_mark: Mark, end_mark: Mark) -> None:
        super().__init__("alias", target, start_mark, end_mark)
        self.target = target


class Refused(Exception):
    """A problem that stops reading the file, found while composing or measuring it."""

    def __init__(self, code: str, message: str, mark: Mark | None, help: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.mark = mark
        self.help = help

    def diagnostic(self, file: str) -> Diagnostic:
        span = point(file, self.mark) if self.mark is not None else None
        return Diagnostic(self.code, self.message, span, self.help, file=file)


class _Unsure(Exception):
    """The fast path leaves this file to the pure-Python parser."""


class _LimitedComposer(Composer, Resolver):
    """SafeLoader's composer and resolver, without timestamps and with limits; the events
    come from whichever parser the concrete loader mixes in."""

    if TYPE_CHECKING:  # provided by the parser half of each loader

        def check_event(self, *choices: type[Event]) -> bool: ...
        def peek_event(self) -> Any: ...
        def get_event(self) -> Any: ...
        def dispose(self) -> None: ...

    def _start(self, limits: Limits) -> None:
        Composer.__init__(self)
        Resolver.__init__(self)
        self.yaml_implicit_resolvers = _RESOLVERS
        self.limits = limits
        self.depth = 0
        self.aliases = 0
        self.nodes = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        # Counted here, before the composer recurses: a deeply nested file would otherwise
        # end in a RecursionError, and alias counting must not wait for expansion.
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            # Without this, a large file without aliases would be composed whole, using
            # memory in proportion, before its expanded size is measured.
            raise Refused(
                codes.TOO_LARGE,
                f"the file has more than {self.limits.max_nodes:,} values (keys, texts, "
                "numbers, lists and mappings); it is refused here",
                _peek(self).start_mark,
                "split the data into several files",
            )
        if self.check_event(AliasEvent):
            event = _peek(self)
            self.aliases += 1
            if self.aliases > self.limits.max_aliases:
                raise Refused(
                    codes.ALIAS_LIMIT,
                    f"the file uses more than {self.limits.max_aliases:,} aliases (`*name`); "
                    "it is refused",
                    event.start_mark,
                    "write the values out instead of repeating them with anchors and aliases",
                )
            target = super().compose_node(parent, index)
            if target is None:  # pragma: no cover - the composer always returns a node
                return None
            return AliasNode(target, event.start_mark, event.end_mark)
        nested = self.check_event(SequenceStartEvent, MappingStartEvent)
        if nested:
            self.depth += 1
            if self.depth > self.limits.max_depth:
                raise too_deep(self.limits, _peek(self).start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if nested:
                self.depth -= 1


class _PythonLoader(Reader, Scanner, Parser, _LimitedComposer):
    """PyYAML's pure-Python reader, scanner and parser: the reference for every message."""

    def __init__(self, text: str, limits: Limits) -> None:
        # The reader checks the whole text for control characters when it is created.
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        self._start(limits)


def _c_loader() -> Callable[[str, Limits], _LimitedComposer] | None:
    """The loader on libyaml's parser, or None when PyYAML was built without it."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None

    class _CLoader(CParser, _LimitedComposer):
        def __init__(self, text: str, limits: Limits) -> None:
            CParser.__init__(self, text)
            self._start(limits)

        def compose_node(self, parent: Node | None, index: int) -> Node | None:
            # libyaml reports a node's explicit tag (`!`, `!!str`) slightly differently;
            # data files have none, and one that does is read by the pure-Python parser.
            if getattr(_peek(self), "tag", None) is not None:
                raise _Unsure
            return super().compose_node(parent, index)

    return _CLoader


_FAST_LOADER = _c_loader() if yaml.__with_libyaml__ else None


def _peek(loader: _LimitedComposer) -> Any:
    return loader.peek_event()


def _next(loader: _LimitedComposer) -> Any:
    return loader.get_event()


def too_deep(limits: Limits, mark: Mark | None) -> Refused:
    """The refusal of nesting deeper than `limits` allows, shown at `mark`."""
    return Refused(
        codes.TOO_DEEP,
        f"lists and mappings are nested more than {limits.max_depth} levels deep here; "
        "the file is refused",
        mark,
        "data files need only a few levels: check the indentation",
    )


def compose(text: str, file: str, limits: Limits) -> Node | None:
    """The node graph of the file's single document (None when there is none)."""
    if _FAST_LOADER is not None and _fast_path_agrees(text):
        try:
            return _compose_with(_FAST_LOADER(text, limits))
        except Exception:  # found again below, with the reference message
            pass
    try:
        loader = _PythonLoader(text, limits)
    except ReaderError as error:
        raise InputError([reader_diagnostic(error, file, text)]) from None
    try:
        return _compose_with(loader)
    except Refused as refused:
        raise InputError([refused.diagnostic(file)]) from None
    except yaml.MarkedYAMLError as error:
        raise InputError([syntax_diagnostic(error, file, text)]) from None
    except ReaderError as error:
        raise InputError([reader_diagnostic(error, file, text)]) from None
    except yaml.YAMLError as error:
        refuse(codes.YAML_SYNTAX, f"the file is not valid YAML: {error}", file)
    except RecursionError:
        # Not reachable with the depth limit in place; kept so no traceback can escape.
        refuse(codes.TOO_DEEP, "lists and mappings are nested too deeply", file)


# Where libyaml is known to read a text differently from the pure-Python parser, which is
# the reference: it accepts tabs in more places, a block scalar indicator (`|`, `>`) followed
# by other than a space, chomping or indentation indicator, and `?` inside a plain scalar in
# a flow collection (`[a?]`); it treats the rarer line breaks (a lone carriage return, NEL,
# the Unicode line and paragraph separators) and a byte-order mark after the start
# differently; and it moves the end of a stream that does not end in a line break (and of
# every block closed there) to a next line. Such texts are read by the pure-Python parser
# only; the fast path is for ordinary files, and tests/test_yaml_fast_path.py compares both.
_DIFFERENTLY_READ = re.compile(r"[\t\ufeff\x85\u2028\u2029]|\r(?!\n)|[|>][+\-0-9]*[^+\-0-9 \r\n]")


def _fast_path_agrees(text: str) -> bool:
    if not text.endswith("\n") or _DIFFERENTLY_READ.search(text) is not None:
        return False
    return "?" not in text or ("[" not in text and "{" not in text)


def _compose_with(loader: _LimitedComposer) -> Node | None:
    try:
        _next(loader)  # the stream start
        if loader.check_event(StreamEndEvent):
            return None
        root: Node | None = loader.compose_document()
        if not loader.check_event(StreamEndEvent):
            raise Refused(
                codes.MULTIPLE_DOCUMENTS,
                "the file contains more than one YAML document; a second one starts here",
                _peek(loader).start_mark,
                "remove the `---` line, or split the documents into separate files",
            )
        return root
    finally:
        loader.dispose()
