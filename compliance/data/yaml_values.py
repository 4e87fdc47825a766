"""Turn a composed node graph into plain Python values, recording the position of each.

- every mapping value and sequence item gets its position (`values`), and every mapping
  key its own (`keys`), keyed by `DataPath`;
- duplicate keys, which PyYAML silently accepts, are reported;
- merge keys (`<<: *name`) are expanded, earlier sources winning as in YAML 1.1;
- aliases are measured before anything is expanded, so a "billion laughs" file is refused;
- nothing is ever constructed from a tag: only text, numbers, yes/no, null, lists and
  mappings come out, and dates stay text for pydantic to parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance.data import codes
from compliance.data.dataset import DataPath
from compliance.data.limits import Limits
from compliance.data.wording import short
from compliance.data.yaml_composer import YAML_TAG, AliasNode, Refused, too_deep
from compliance.data.yaml_positions import node_span
from compliance.diagnostics import Diagnostic, Span

NULL_TAG = YAML_TAG + "null"
_BOOL, _INT, _FLOAT = (YAML_TAG + t for t in ("bool", "int", "float"))
_SEQ, _MAP, _MERGE = YAML_TAG + "seq", YAML_TAG + "map", YAML_TAG + "merge"
# Kept as the text written: dates are parsed by pydantic; `value`/`yaml` are YAML 1.1
# oddities the resolver assigns to a bare `=`, `!`, `&` or `*`.
_TEXT_TAGS = frozenset(YAML_TAG + t for t in ("str", "timestamp", "value", "yaml", "merge"))


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _target(node: Node) -> Node:
    return node.target if isinstance(node, AliasNode) else node


class ValueBuilder:
    """Turns a checked node graph into plain values, recording every position."""

    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.values: dict[DataPath, Span] = {}
        self.keys: dict[DataPath, Span] = {}
        self.raw: dict[DataPath, str] = {}
        self.errors: list[Diagnostic] = []
        self.problems: list[Diagnostic] = []
        # Construction of YAML 1.1 ints, floats and bools is borrowed from SafeConstructor.
        self.constructor = yaml.SafeLoader("")
        self._sizes: dict[int, tuple[int, int]] = {}
        self._active: set[int] = set()

    # Aliases make the node graph a DAG (or, with `&a [*a]`, a cycle). Before anything is
    # expanded, its expanded size and nesting are computed once per node, so a "billion
    # laughs" file is refused in milliseconds instead of being expanded.
    def measure(self, node: Node, depth: int, via: Node) -> tuple[int, int]:
        """(values, nesting) of `node` once expanded; `via` is where a problem is shown."""
        if isinstance(node, AliasNode):
            if id(node.target) in self._active:
                raise Refused(
                    codes.ALIAS_LIMIT,
                    "this alias refers to a value that contains the alias itself",
                    node.start_mark,
                    "an alias (`*name`) may only refer to an anchor (`&name`) it is not part of",
                )
            return self.measure(node.target, depth, node)
        known = self._sizes.get(id(node))
        if known is not None:
            if depth + known[1] > self.limits.max_depth:
                raise too_deep(self.limits, via.start_mark)
            return known
        if not isinstance(node, SequenceNode | MappingNode):
            known = (1, 0)
        else:
            if depth + 1 > self.limits.max_depth:
                raise too_deep(self.limits, via.start_mark)
            self._active.add(id(node))
            count, height = 1, 0
            for child in _children(node):
                size, nesting = self.measure(child, depth + 1, child)
                count += size
                height = max(height, nesting)
                if count > self.limits.max_nodes:
                    raise self._bomb(via)
            self._active.discard(id(node))
            known = (count, height + 1)
        self._sizes[id(node)] = known
        return known

    def _bomb(self, via: Node) -> Refused:
        return Refused(
            codes.ALIAS_LIMIT,
            f"expanding the aliases (`*name`) would give the file more than "
            f"{self.limits.max_nodes:,} values; it is refused",
            via.start_mark,
            "write the values out instead of repeating large anchored blocks",
        )

    def value(self, node: Node, path: DataPath) -> Any:
        self.values[path] = node_span(self.file, node)
        node = _target(node)
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                self._unsupported_tag(node)
            return self.mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._unsupported_tag(node)
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        return self.scalar(node, path)

    def mapping(self, node: MappingNode, path: DataPath) -> dict[str, Any]:
        self.values.setdefault(path, node_span(self.file, node))
        result: dict[str, Any] = {}
        # Merged entries (`<<: *defaults`) come first so that explicit keys override both
        # their values and their recorded positions.
        for key_node, value_node in node.value:
            if _target(key_node).tag == _MERGE:
                for merged_key, merged_value in self._merged(value_node, path).items():
                    result.setdefault(merged_key, merged_value)
        first: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if _target(key_node).tag == _MERGE:
                continue
            key = self._key(key_node)
            if key is None:
                continue
            if key in first:
                self._duplicate(key, first[key], key_node)
                continue
            first[key] = key_node
            self.keys[(*path, key)] = node_span(self.file, key_node)
            result[key] = self.value(value_node, (*path, key))
        return result

    def _merged(self, node: Node, path: DataPath) -> dict[str, Any]:
        """The entries a `<<:` merge key brings in; earlier sources win, as in YAML 1.1."""
        target = _target(node)
        sources = target.value if isinstance(target, SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in sources:
            mapping = _target(source)
            if not isinstance(mapping, MappingNode):
                self.errors.append(
                    self._error(
                        codes.UNSUPPORTED_YAML,
                        "`<<` must be followed by an alias to a mapping, such as `<<: *name`",
                        source,
                    )
                )
                continue
            for key, value in self.mapping(mapping, path).items():
                merged.setdefault(key, value)
        return merged

    def _key(self, node: Node) -> str | None:
        target = _target(node)
        if isinstance(target, ScalarNode):
            # The text as written: keys are names, so `yes:` is the key "yes", not True.
            return str(target.value)
        self.errors.append(
            self._error(
                codes.UNSUPPORTED_YAML,
                "a key must be a name, not a list or a mapping",
                node,
            )
        )
        return None

    def _duplicate(self, key: str, first: Node, second: Node) -> None:
        self.problems.append(
            self._error(
                codes.DUPLICATE_KEY,
                f"duplicate key `{key}`; it is already given on line {first.start_mark.line + 1}",
                second,
                "remove one of them; YAML would otherwise silently keep only the last",
            )
        )

    def scalar(self, node: Node, path: DataPath) -> Any:
        tag = node.tag
        text = str(node.value)
        if tag in _TEXT_TAGS:
            return text
        constructors = {
            NULL_TAG: self.constructor.construct_yaml_null,
            _BOOL: self.constructor.construct_yaml_bool,
            _INT: self.constructor.construct_yaml_int,
            _FLOAT: self.constructor.construct_yaml_float,
        }
        construct = constructors.get(tag)
        if construct is None or not isinstance(node, ScalarNode):
            self._unsupported_tag(node)
            return text
        try:
            value = construct(node)
        except (ValueError, KeyError, TypeError):
            self.errors.append(
                self._error(
                    codes.UNSUPPORTED_YAML,
                    f"`{short(text)}` is not a valid `{_short_tag(tag)}` value",
                    node,
                )
            )
            return text
        self.raw[path] = text
        return value

    def _unsupported_tag(self, node: Node) -> None:
        self.errors.append(
            self._error(
                codes.UNSUPPORTED_YAML,
                f"the YAML tag `{_short_tag(node.tag)}` is not supported in data files",
                node,
                "remove the tag; data files use only text, numbers, yes/no, lists and mappings",
            )
        )

    def _error(self, code: str, message: str, node: Node, help: str | None = None) -> Diagnostic:
        return Diagnostic(code, message, node_span(self.file, node), help, file=self.file)


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(YAML_TAG) if tag.startswith(YAML_TAG) else tag
