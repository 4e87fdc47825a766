"""Compose a data file's text into PyYAML's node graph, within limits and without timestamps.

PyYAML is used only up to its node graph (the safe composer): nothing is constructed here.
Nesting depth and the number of aliases are bounded while composing, so a deeply nested or
alias-heavy file is refused before it can exhaust the stack or memory; a second document is
refused; and syntax errors become located diagnostics (`yaml_errors`).
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.error import Mark
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent, StreamEndEvent
from yaml.nodes import Node
from yaml.reader import ReaderError

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


class _Loader(yaml.SafeLoader):
    """SafeLoader's scanner, parser and composer, without timestamps and with limits."""

    def __init__(self, text: str, limits: Limits) -> None:
        super().__init__(text)
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


# PyYAML's stubs leave the event API untyped; these two keep `Any` from spreading.
def _peek(loader: yaml.SafeLoader) -> Any:
    return loader.peek_event()  # type: ignore[no-untyped-call]


def _next(loader: yaml.SafeLoader) -> Any:
    return loader.get_event()  # type: ignore[no-untyped-call]


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
    try:
        # The reader checks the whole text for control characters when it is created.
        loader = _Loader(text, limits)
    except ReaderError as error:
        raise InputError([reader_diagnostic(error, file, text)]) from None
    try:
        _next(loader)  # the stream start
        if loader.check_event(StreamEndEvent):
            return None
        root = loader.compose_document()
        if not loader.check_event(StreamEndEvent):
            raise Refused(
                codes.MULTIPLE_DOCUMENTS,
                "the file contains more than one YAML document; a second one starts here",
                _peek(loader).start_mark,
                "remove the `---` line, or split the documents into separate files",
            )
        return root
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
    finally:
        loader.dispose()
