"""What the row interpreter keeps about collections: each data collection's entities and
their index by id, the result of an aggregate, and the near misses of a `finns`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from compliance import ir
from compliance.data.dataset import Dataset
from compliance.evaluator.facts import ElementFact
from compliance.evaluator.functions import problem
from compliance.evaluator.values import EntityValue, Missing, MissingItem, element_label
from compliance.messages import message
from compliance.syntax.kinds import AggregateKind

# How many failing elements a quantifier keeps as examples for the evidence.
EXAMPLES_KEPT = 5


def aggregate_result(node: ir.Aggregate, values: list[Any], unknown: list[Missing]) -> Any:
    if unknown:
        return Missing.merge(*unknown)
    if node.kind is AggregateKind.COUNT:
        return len(values)
    if node.kind is AggregateKind.SUM:
        return sum(values)
    if not values:
        return problem(message("problem.empty_aggregate", source=node.source))
    return min(values) if node.kind is AggregateKind.MIN else max(values)


class Collections(dict[str, "list[EntityValue] | Missing"]):
    """Each collection's entities, or why it is missing, built when first asked for."""

    def __init__(self, dataset: Dataset) -> None:
        super().__init__()
        self.dataset = dataset

    def __missing__(self, name: str) -> list[EntityValue] | Missing:
        items = self.dataset.collection(name)
        value: list[EntityValue] | Missing
        if items is None:
            value = Missing((MissingItem(name, message("missing.collection", name=name), None),))
        else:
            value = [
                EntityValue(item, (name, i), element_label(name, i, item), name)
                for i, item in enumerate(items)
            ]
        self[name] = value
        return value


class Index(dict[str, dict[str, EntityValue]]):
    """Each collection's entities by id, built when first asked for."""

    def __init__(self, collections: Collections) -> None:
        super().__init__()
        self.collections = collections

    def __missing__(self, name: str) -> dict[str, EntityValue]:
        entities = self.collections[name]
        found = (
            {} if isinstance(entities, Missing) else {v.model.id: v for v in entities}  # type: ignore[attr-defined]
        )
        self[name] = found
        return found


@dataclass(frozen=True)
class Outside:
    """Elements a quantifier skipped because the `där` filter's key condition is false for
    them (another nämnd's rows): none is unknown, and their nearness is known per depth."""

    count: int = 0
    top: int = 0  # the deepest any of them got into the `och` chain
    # The first elements (row, fact) at a depth, in row order.
    at_depth: Callable[[int], list[tuple[int, ElementFact]]] = lambda depth: []


def row_of(element: Any) -> int:
    if isinstance(element, EntityValue) and len(element.path) == 2:
        row = element.path[1]
        if isinstance(row, int):
            return row
    return -1


def near_misses(
    candidates: list[ElementFact], rows: list[int], outside: Outside
) -> list[ElementFact]:
    """The elements that came closest to satisfying an `och` chain, for the evidence.

    `outside` are further elements, not evaluated here, that failed the chain."""
    if not candidates and outside.top == 0:
        return []
    top = max([c.depth for c in candidates] + [outside.top])
    if top == 0:
        # Nothing came partly close; a short list is still worth showing in full.
        unknown = [c for c in candidates if isinstance(c.result, Missing)]
        if unknown:
            return unknown[:EXAMPLES_KEPT]
        return candidates if len(candidates) + outside.count <= 3 else []
    closest = [(row, c) for row, c in zip(rows, candidates, strict=True) if c.depth == top]
    if outside.top == top:
        closest = sorted([*closest, *outside.at_depth(top)], key=lambda pair: pair[0])
    return [c for _, c in closest[:3]]
