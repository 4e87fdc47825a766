"""The checked program as JSON and back, for the rule cache (`rule_cache`).

Every value is written with its kind: a node of the program (a dataclass), an enum member, a
date, a tuple, a list, a mapping or a class of the data model. Reading rebuilds only classes
of the modules in `_MODULES`, by name, the way a copy would (fields set, no `__init__`), so a
cache file can describe a program but never make anything else happen. A value of any other
kind is `Unsupported`: that program is simply not cached.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from importlib import import_module
from typing import Any

# The modules whose classes a checked program is made of.
_MODULES = (
    "compliance.ir",
    "compliance.checker.types",
    "compliance.syntax.kinds",
    "compliance.findings",
    "compliance.diagnostics",
    "compliance.data.model",
    "compliance.periods",
)


class Unsupported(Exception):
    """A value the codec does not write."""


def encode(value: object) -> bytes:
    encoded = _Encoder().value(value)
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> Any:
    return _Decoder().value(json.loads(data.decode("utf-8")))


def _name(cls: type) -> str:
    name = f"{cls.__module__}:{cls.__qualname__}"
    if cls.__module__ not in _MODULES or _class(name) is not cls:
        raise Unsupported(name)
    return name


def _class(name: str) -> type:
    module, _, qualname = name.partition(":")
    if module not in _MODULES or "." in qualname:
        raise ValueError(f"not a class of the program: {name}")
    found = getattr(import_module(module), qualname, None)
    if not isinstance(found, type):
        raise ValueError(f"not a class of the program: {name}")
    return found


class _Encoder:
    """A node met again (a shared type, span or subtree) is written as a reference to its
    first writing, so the program comes back with the same sharing and the file stays small."""

    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.keep: list[object] = []  # keeps every numbered node alive, so ids stay unique

    def value(self, value: object) -> object:
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            return value
        if isinstance(value, Enum):
            return {"enum": _name(kind), "value": self.value(value.value)}
        if kind is date:
            return {"date": value.isoformat()}  # type: ignore[attr-defined]
        if kind is tuple:
            return {"tuple": [self.value(item) for item in value]}  # type: ignore[attr-defined]
        if kind is list:
            return {"list": [self.value(item) for item in value]}  # type: ignore[attr-defined]
        if kind is dict:
            items = value.items()  # type: ignore[attr-defined]
            return {"dict": [[self.value(k), self.value(v)] for k, v in items]}
        if isinstance(value, type):
            return {"class": _name(value)}
        if dataclasses.is_dataclass(value) and not isinstance(value, datetime):
            number = self.seen.get(id(value))
            if number is not None:
                return {"ref": number}
            self.seen[id(value)] = len(self.keep)
            self.keep.append(value)
            name = _name(kind)
            fields = {f.name: self.value(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return {"node": name, "fields": fields}
        raise Unsupported(kind.__name__)


class _Decoder:
    def __init__(self) -> None:
        self.nodes: list[object] = []

    def value(self, value: Any) -> Any:
        if not isinstance(value, dict):
            if isinstance(value, list):
                raise ValueError("a bare list")
            return value
        if "node" in value:
            return self.node(value["node"], value["fields"])
        if "ref" in value:
            return self.nodes[value["ref"]]
        if "enum" in value:
            cls = _class(value["enum"])
            if not issubclass(cls, Enum):
                raise ValueError(f"not an enum: {value['enum']}")
            return cls(self.value(value["value"]))
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "tuple" in value:
            return tuple(self.value(item) for item in value["tuple"])
        if "list" in value:
            return [self.value(item) for item in value["list"]]
        if "dict" in value:
            return {self.value(k): self.value(v) for k, v in value["dict"]}
        if "class" in value:
            return _class(value["class"])
        raise ValueError(f"an unknown kind of value: {sorted(value)}")

    def node(self, name: str, fields: dict[str, Any]) -> object:
        cls = _class(name)
        if not dataclasses.is_dataclass(cls):
            raise ValueError(f"not a node: {name}")
        if set(fields) != {f.name for f in dataclasses.fields(cls)}:
            raise ValueError(f"the fields of {name} have changed")
        node = object.__new__(cls)
        self.nodes.append(node)
        for field, item in fields.items():
            object.__setattr__(node, field, self.value(item))
        return node
