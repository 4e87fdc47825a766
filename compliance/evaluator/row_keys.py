"""Which elements of a data collection a quantifier or an aggregate needs to look at.

`för varje s i synpunkter där s.nämnd = n och …` is asked once per nämnd. Row by row, each
nämnd's question reads every synpunkt, though only its own can pass the first condition. That
condition - a field of the element equal to something that is not about the element - is the
scan's key: the elements are grouped by the field once, and each question reads its own group
and the elements whose field is unknown (those are judged in full, as before), in their order.
Every other element fails the first condition of the `och` chain, so a `för varje` skips it,
an aggregate leaves it out, and a `finns` counts it among its near misses at depth 0
(`Outside`) - which is what judging it would have found. The column-wise backend does the same
for tables (`columns/plans.py`); this is the row interpreter's version, for YAML collections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from compliance import ir
from compliance.evaluator.expressions import Env
from compliance.evaluator.values import EntityValue, Missing

Scan = ir.Quantify | ir.Aggregate

# A collection this short is read in full: a `finns` may then name every element as a near
# miss, which needs each one judged (`elements.near_misses`).
SHORTEST_KEYED = 4


@dataclass(frozen=True)
class Key:
    """`s.field = other`, the first condition of a scan's `där` filter."""

    field: ir.Field
    other: ir.Node


@dataclass(frozen=True)
class Groups:
    """The positions of a collection's elements by the value of one field."""

    size: int
    by_value: dict[Any, list[int]]
    unknown: list[int]  # elements whose field has no value: judged with every group

    def positions(self, value: Any) -> list[int]:
        own = self.by_value.get(value, [])
        return sorted(own + self.unknown) if self.unknown else own


class RowKeys:
    """The keys of a program's scans and the groups they pick from, computed once each."""

    def __init__(self, evaluate: Callable[[ir.Node, Env], Any]) -> None:
        # The row interpreter's value of a node, without a trace.
        self._evaluate = evaluate
        self._keys: dict[int, Key | None] = {}
        self._groups: dict[tuple[str, str], Groups | None] = {}

    def subset(self, node: Scan, env: Env, elements: list[Any]) -> list[Any] | None:
        """The elements `node` must judge, in order; None when it must judge them all."""
        if len(elements) < SHORTEST_KEYED or not isinstance(node.collection, ir.Collection):
            return None
        key = self._keys.get(id(node), _UNSET)
        if key is _UNSET:
            key = self._keys[id(node)] = key_of(node)
        if not isinstance(key, Key):
            return None
        other = self._evaluate(key.other, env)
        if not isinstance(other, str | EntityValue):
            return None  # an unknown value makes every element unknown: judge them all
        groups = self._grouped(node.collection.name, key, node.var, env, elements)
        if groups is None:
            return None
        return [elements[position] for position in groups.positions(other)]

    def _grouped(
        self, collection: str, key: Key, var: str | None, env: Env, elements: list[Any]
    ) -> Groups | None:
        cached = self._groups.get((collection, key.field.name), _UNSET)
        if isinstance(cached, Groups) and cached.size == len(elements):
            return cached
        if cached is None:
            return None
        assert var is not None
        by_value: dict[Any, list[int]] = {}
        unknown: list[int] = []
        groups: Groups | None = Groups(len(elements), by_value, unknown)
        for position, element in enumerate(elements):
            value = self._evaluate(key.field, env.bind(var, element))
            if isinstance(value, Missing):
                unknown.append(position)
            elif isinstance(value, str | EntityValue):
                by_value.setdefault(value, []).append(position)
            else:
                groups = None  # a value `=` might not compare by hash: judge every element
                break
        self._groups[(collection, key.field.name)] = groups
        return groups


_UNSET: Any = object()


def key_of(node: Scan) -> Key | None:
    """The scan's key: its `där` filter's first condition when that is `v.field = other`, with
    `other` not about the element `v`, comparing texts or entities."""
    if node.var is None or node.where is None:
        return None
    first = node.where.operands[0] if isinstance(node.where, ir.And) else node.where
    if not isinstance(first, ir.Compare) or first.op != "=":
        return None
    if first.kind not in (ir.CompareKind.TEXT, ir.CompareKind.ENTITY):
        return None
    for field, other in ((first.left, first.right), (first.right, first.left)):
        if (
            isinstance(field, ir.Field)
            and isinstance(field.target, ir.Local)
            and field.target.name == node.var
            and not ir.mentions(other, node.var)
        ):
            return Key(field, other)
    return None
