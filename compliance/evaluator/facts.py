"""What an evaluation saw on its way to a result: the raw material of evidence.

The interpreter records facts only at the points a reader cares about — comparisons,
quantifiers, absent values — never a full execution trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.data.dataset import DataPath
from compliance.syntax.kinds import QuantifierKind

# The facts are slotted dataclasses, not frozen ones, though nothing changes them once made:
# a run makes a hundred thousand of them, and a frozen dataclass sets each field through
# `object.__setattr__`, which takes three times as long.


@dataclass(slots=True)
class Shown:
    """One side of a comparison: its source text, value, and where the value came from.

    `path` is the data path the value was read at; it becomes a file location only when the
    fact ends up in evidence (most facts never do, and finding a table row's place costs)."""

    source: str
    value: Any
    label: str | None
    path: DataPath | None


@dataclass(slots=True)
class CompareFact:
    source: str
    left: Shown
    right: Shown
    result: Any  # True, False or Missing


@dataclass(slots=True)
class ElementFact:
    """How one element of a collection fared under a quantifier's condition."""

    label: str
    path: DataPath | None  # the element's data path, when it is an entity of the data
    result: Any
    # How many leading conditions of an `och` held: ranks near misses.
    depth: int
    facts: tuple[Fact, ...]


@dataclass(slots=True)
class QuantifierFact:
    kind: QuantifierKind
    source: str
    condition: str
    collection: str
    total: int
    # Elements that satisfied the where-condition (and, for `för varje`, were then tested).
    considered: int
    failed: int
    unknown: int
    examples: tuple[ElementFact, ...]
    result: Any
    # The data path of the collection, when it is declared in the data.
    path: DataPath | None = None
    # When rows are kept (`--export-rows`) and the collection is a data collection: its name
    # and the index of every element that did not pass, in order.
    collection_name: str | None = None
    rows: tuple[int, ...] = ()


Fact = CompareFact | QuantifierFact


@dataclass
class Trace:
    facts: list[Fact] = field(default_factory=list)
    depth: int = 0

    def add(self, fact: Fact) -> None:
        self.facts.append(fact)
