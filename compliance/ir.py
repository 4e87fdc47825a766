"""The checked program: the intermediate form between the checker and any evaluator.

Every name is resolved (local variable, definition, data collection, built-in), every node has
its type, and every operation says which kind of values it works on, so an evaluator never
has to look at types or scopes again. The row-by-row interpreter in `evaluator/` runs this
form; a column-wise backend for large tables can compile the same nodes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from compliance.checker.types import Type
from compliance.diagnostics import Span
from compliance.findings import Citation, Severity
from compliance.syntax.kinds import AggregateKind, DurationUnit, QuantifierKind


class CompareKind(StrEnum):
    """Which values a comparison compares; decides how an evaluator compares them."""

    NUMBER = "number"
    DATE = "date"
    TEXT = "text"
    BOOL = "bool"
    ENTITY = "entity"
    PERIOD = "period"


class ArithmeticKind(StrEnum):
    NUMBER = "number"
    DATE_PLUS_DURATION = "date_plus_duration"
    DATE_MINUS_DURATION = "date_minus_duration"


@dataclass(frozen=True)
class Node:
    type: Type
    # The expression as written in the rule file: used in evidence and explanations.
    source: str = field(compare=False, kw_only=True)
    span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Const(Node):
    value: object


@dataclass(frozen=True)
class Duration(Node):
    amount: int
    unit: DurationUnit


@dataclass(frozen=True)
class RelativeDate(Node):
    """A day and month in the year of the reporting period's end, plus `year_offset`."""

    day: int
    month: int
    year_offset: int


@dataclass(frozen=True)
class Local(Node):
    """A variable bound by a quantifier, an aggregate or the rule's subject."""

    name: str


@dataclass(frozen=True)
class DefinitionRef(Node):
    """A `låt` definition; `key` is unique across the program."""

    key: str


class GlobalName(StrEnum):
    PERIOD = "period"
    AS_OF = "as_of"
    KOMMUN = "kommun"
    DEADLINE = "deadline"


@dataclass(frozen=True)
class Global(Node):
    name: GlobalName


@dataclass(frozen=True)
class Collection(Node):
    """A top-level data collection such as `rapporter`."""

    name: str


@dataclass(frozen=True)
class Field(Node):
    """An attribute of an entity. `ref` names the collection when the field holds an id."""

    target: Node
    name: str
    optional: bool
    ref: str | None


class PeriodPart(StrEnum):
    START = "start"
    END = "end"
    YEAR = "year"


@dataclass(frozen=True)
class PeriodField(Node):
    target: Node
    part: PeriodPart


@dataclass(frozen=True)
class Call(Node):
    function: str  # the canonical (Swedish) name of a built-in
    args: tuple[Node, ...]
    # The function is given missing values as they are instead of being skipped by them.
    inspects_presence: bool = False


@dataclass(frozen=True)
class Negative(Node):
    operand: Node


@dataclass(frozen=True)
class Arithmetic(Node):
    op: str
    kind: ArithmeticKind
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare(Node):
    op: str
    kind: CompareKind
    left: Node
    right: Node


@dataclass(frozen=True)
class Within(Node):
    value: Node
    period: Node


@dataclass(frozen=True)
class And(Node):
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or(Node):
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    operand: Node


@dataclass(frozen=True)
class Otherwise(Node):
    value: Node
    fallback: Node


@dataclass(frozen=True)
class Quantify(Node):
    kind: QuantifierKind
    var: str
    collection: Node
    where: Node | None
    body: Node | None


@dataclass(frozen=True)
class Aggregate(Node):
    kind: AggregateKind
    var: str | None
    collection: Node
    where: Node | None
    value: Node | None


# ---------------------------------------------------------------- rules


TemplatePart = str | Node


@dataclass(frozen=True)
class Template:
    parts: tuple[TemplatePart, ...]


@dataclass(frozen=True)
class Subject:
    var: str
    collection: Collection
    where: Node | None


@dataclass(frozen=True)
class CheckedDocument:
    title: str
    issuer: str | None
    adopted: date | None
    valid_from: date | None
    valid_to: date | None
    source: str | None
    file: str


@dataclass(frozen=True)
class CheckedRule:
    id: str
    title: str
    severity: Severity
    citation: Citation
    document: CheckedDocument
    subject: Subject | None
    applicability: Node | None
    not_applicable_reason: Template | None
    valid_from: date | None
    valid_to: date | None
    deadline: Node | None
    requirement: Node
    finding: Template | None
    passed: Template | None
    recommendation: Template | None
    span: Span
    # The definitions this rule's expressions may refer to, by key, in dependency order.
    definitions: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True)
class Program:
    rules: tuple[CheckedRule, ...]
    documents: tuple[CheckedDocument, ...]
    # Every `låt` definition by key; a rule's own definitions are also listed on the rule.
    definitions: dict[str, Node] = field(default_factory=dict)


# ---------------------------------------------------------------- walking the program


def children(node: Node) -> list[Node]:
    """The nodes directly below `node`, in field order."""
    found: list[Node] = []
    for value in vars(node).values():
        if isinstance(value, Node):
            found.append(value)
        elif isinstance(value, tuple):
            found.extend(v for v in value if isinstance(v, Node))
    return found


def mentions(node: Node, name: str) -> bool:
    """Whether `node` reads the local variable `name`."""
    if isinstance(node, Local):
        return node.name == name
    return any(mentions(child, name) for child in children(node))
