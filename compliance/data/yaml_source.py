"""Read one YAML data file into plain Python values and the position of every value.

Auditors edit these files by hand, so everything that can go wrong in a file must become a
located `Diagnostic`, never a traceback. This module is the entry point and runs the steps,
each in its own module:

1. `file_reading`: the file's bytes, safely (missing, directory, too large, binary, not
   UTF-8);
2. `yaml_composer`: PyYAML's node graph, with bounded depth and aliases and no timestamps
   (`yaml_errors` explains its syntax errors);
3. `yaml_values`: plain values with the span of every value and key, duplicate keys
   reported, alias expansion bounded ("billion laughs").

Nothing is ever constructed from a tag: only text, numbers, yes/no, null, lists and
mappings come out of a file. The limits are in `limits` and re-exported here.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance.data import codes
from compliance.data.dataset import DataPath, nearest
from compliance.data.file_reading import (
    check_not_binary,
    check_size,
    decode,
    read_data_file,
    refuse,
    unexpected_error,
)
from compliance.data.limits import (
    DEFAULT_LIMITS,
    MAX_ALIASES,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    Limits,
)
from compliance.data.wording import short
from compliance.data.yaml_composer import AliasNode, Refused, compose
from compliance.data.yaml_positions import node_span
from compliance.data.yaml_values import NULL_TAG, ValueBuilder
from compliance.diagnostics import SOURCES, Diagnostic, InputError, Span

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "AliasNode",
    "Limits",
    "YamlDocument",
    "parse_yaml_bytes",
    "read_yaml_file",
    "read_yaml_text",
]


@dataclass(frozen=True)
class YamlDocument:
    """One data file as plain values, with the span of every value and key in it."""

    file: str
    data: dict[str, Any]
    # The span of each value; `()` is the top-level mapping.
    values: dict[DataPath, Span]
    # The span of the key of each mapping entry, keyed by the entry's path.
    keys: dict[DataPath, Span]
    # The written text of unquoted scalars YAML read as something other than text
    # (`0136` is the number 94, `yes` is true): error messages quote what the user wrote.
    raw: dict[DataPath, str]
    digest: str
    # Problems that do not stop validation of the file (duplicate keys).
    problems: tuple[Diagnostic, ...] = ()

    def span(self, path: DataPath) -> Span | None:
        """The span of `path`, or of its nearest ancestor that was written in the file."""
        return nearest(self.values, path)


def read_yaml_file(
    path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS
) -> YamlDocument:
    """Read and parse one data file; raises `InputError` with located diagnostics."""
    shown, data = read_data_file(path, limits)
    return parse_yaml_bytes(data, shown, limits=limits)


def read_yaml_text(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse data given as text (inline test data); `name` is used as the file name."""
    try:
        encoded = text.encode("utf-8", "surrogatepass")
        check_size(len(encoded), name, limits)
        check_not_binary(encoded, name)
        return _parse(text.removeprefix("\ufeff"), name, _digest(encoded), limits)
    except InputError:
        raise
    except Exception as error:  # bad input must never end in a traceback
        raise InputError([unexpected_error(name, error)]) from error


def parse_yaml_bytes(data: bytes, file: str, *, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Parse the bytes of a data file already read; `file` is its display path."""
    try:
        check_size(len(data), file, limits)
        check_not_binary(data, file)
        text = decode(data, file)
        return _parse(text, file, _digest(data), limits)
    except InputError:
        raise
    except Exception as error:  # bad input must never end in a traceback
        raise InputError([unexpected_error(file, error)]) from error


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Parsing ------------------------------------------------------------------------------


def _parse(text: str, file: str, digest: str, limits: Limits) -> YamlDocument:
    SOURCES.add(file, text)
    root = compose(text, file, limits)
    if root is None or (isinstance(root, ScalarNode) and root.tag == NULL_TAG and root.value == ""):
        refuse(
            codes.EMPTY,
            "the file is empty; expected a mapping with `kommun:` or a collection such as "
            "`nämnder:`",
            file,
        )
    if not isinstance(root, MappingNode):
        raise InputError([_not_a_mapping(root, file)])
    builder = ValueBuilder(file, limits)
    try:
        builder.measure(root, 0, root)
    except Refused as refused:
        raise InputError([refused.diagnostic(file)]) from None
    data = builder.mapping(root, ())
    if builder.errors:
        raise InputError(builder.errors + builder.problems)
    return YamlDocument(
        file=file,
        data=data,
        values=builder.values,
        keys=builder.keys,
        raw=builder.raw,
        digest=digest,
        problems=tuple(builder.problems),
    )


def _not_a_mapping(root: Node, file: str) -> Diagnostic:
    if isinstance(root, SequenceNode):
        found = "a list"
        help = (
            "a data file starts with collection names, e.g. `nämnder:`, with the list "
            "indented under it"
        )
    else:
        found = f"the single value `{short(str(root.value))}`"
        help = "a data file starts with `kommun:` or collection names such as `nämnder:`"
    return Diagnostic(
        codes.NOT_A_MAPPING,
        f"the top level of a data file must be a mapping (`kommun:`, `nämnder:` …), found {found}",
        node_span(file, root),
        help,
        file=file,
    )
