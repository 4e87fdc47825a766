"""Runtime values: entities that remember where they came from, and the *missing* value.

A value absent from the data is never `False` or `0`: it is `Missing`, which carries what was
absent and why, so that an outcome can say precisely which evidence the kommun must supply.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from compliance.data.dataset import DataPath, Location


@dataclass(frozen=True)
class MissingItem:
    """One piece of absent evidence: its data path as a reader sees it, and why."""

    label: str
    reason: str
    location: Location | None = None


@dataclass(frozen=True)
class Missing:
    items: tuple[MissingItem, ...]

    @staticmethod
    def merge(*values: Any) -> Missing:
        seen: dict[MissingItem, None] = {}
        for value in values:
            if isinstance(value, Missing):
                for item in value.items:
                    seen.setdefault(item, None)
        return Missing(tuple(seen))


@dataclass(frozen=True, eq=False)
class EntityValue:
    """An entity of the data with its path and a label such as `rapporter[åb-2025-sof]`."""

    model: BaseModel
    path: DataPath
    label: str
    collection: str | None

    @property
    def identity(self) -> tuple[Any, ...]:
        entity_id = attribute(self.model, "id")
        if self.collection is not None and entity_id is not None:
            return (self.collection, entity_id)
        return self.path

    @cached_property
    def name(self) -> str:
        for name in ("namn", "titel", "text", "id"):
            value = attribute(self.model, name)
            if isinstance(value, str) and value:
                return value
        return self.label

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EntityValue) and other.identity == self.identity

    def __hash__(self) -> int:
        return hash(self.identity)


def element_label(parent: str, index: int, model: object) -> str:
    """`rapporter[åb-2025-sof]` when the element has an id, else `rapporter[3]` (0-based)."""
    return label_for_id(parent, index, attribute(model, "id"))


def label_for_id(parent: str, index: int, entity_id: object) -> str:
    """`element_label` of an element whose id is `entity_id` (None: it has none)."""
    key = entity_id if isinstance(entity_id, str) and entity_id else str(index)
    return f"{parent}[{key}]"


def attribute(model: object, name: str) -> Any:
    """`getattr(model, name, None)`, without asking a pydantic model for a field it does not
    have: pydantic answers that with an exception, which costs more than the whole lookup
    when evidence names thousands of entries."""
    fields = getattr(type(model), "__pydantic_fields__", None)
    if fields is not None and name not in fields:
        return None
    return getattr(model, name, None)
