"""The rule language's syntax tree: what a rule file says, before any name is resolved.

Nodes are frozen dataclasses. Every node keeps its source span, but the span is excluded from
equality so that tests can compare structure without positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from compliance.diagnostics import Span
from compliance.findings import Severity

# Defined in `kinds` (light to import: the checked program needs them, not this module's
# nodes) and part of the syntax tree's vocabulary here.
from compliance.syntax.kinds import AggregateKind as AggregateKind
from compliance.syntax.kinds import DurationUnit as DurationUnit
from compliance.syntax.kinds import QuantifierKind as QuantifierKind

# ---------------------------------------------------------------- expressions


@dataclass(frozen=True)
class Expr:
    """Base of every expression node."""

    span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class NumberLit(Expr):
    """A number; `95 %` is the number 0.95."""

    value: float
    percent: bool = False


@dataclass(frozen=True)
class TextLit(Expr):
    value: str


@dataclass(frozen=True)
class BoolLit(Expr):
    value: bool


@dataclass(frozen=True)
class DateLit(Expr):
    value: date


@dataclass(frozen=True)
class DurationLit(Expr):
    """`2 arbetsdagar`, `3 månader`."""

    amount: int
    unit: DurationUnit


@dataclass(frozen=True)
class RelativeDate(Expr):
    """`31 maj året efter`: a day and month in a year counted from the reporting period's end."""

    day: int
    month: int
    year_offset: int


@dataclass(frozen=True)
class Name(Expr):
    name: str


@dataclass(frozen=True)
class Attribute(Expr):
    """`r.inlämnad`; `name_span` points at the attribute name alone."""

    target: Expr
    name: str
    name_span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Call(Expr):
    function: str
    args: tuple[Expr, ...]
    name_span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Negative(Expr):
    operand: Expr


@dataclass(frozen=True)
class Arithmetic(Expr):
    op: str  # one of + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Compare(Expr):
    op: str  # one of = != < <= > >=
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Within(Expr):
    """`d inom period`: a date inside a period."""

    value: Expr
    period: Expr


@dataclass(frozen=True)
class And(Expr):
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Or(Expr):
    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr


@dataclass(frozen=True)
class Otherwise(Expr):
    """`a annars b`: `a`, or `b` where `a` is missing from the data."""

    value: Expr
    fallback: Expr


@dataclass(frozen=True)
class Quantifier(Expr):
    """`finns r i rapporter där …`, `för varje s i synpunkter där …: …`, `ingen …`."""

    kind: QuantifierKind
    var: str
    collection: Expr
    where: Expr | None
    body: Expr | None  # only `för varje` has a body
    var_span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Aggregate(Expr):
    """`antal(s i synpunkter där …)`, `summa(x.v för x i … där …)`, `antal(lista)`."""

    kind: AggregateKind
    var: str | None
    collection: Expr
    where: Expr | None
    value: Expr | None
    var_span: Span | None = field(compare=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- text templates


@dataclass(frozen=True)
class Placeholder:
    """`{f.namn}` inside a text template."""

    expr: Expr


@dataclass(frozen=True)
class Template:
    """A text with `{expression}` placeholders; `{{` and `}}` stand for literal braces."""

    parts: tuple[str | Placeholder, ...]
    span: Span = field(compare=False, repr=False, kw_only=True)


# ---------------------------------------------------------------- declarations


@dataclass(frozen=True)
class Definition:
    """`låt namn = uttryck`, in a file or inside one rule."""

    name: str
    expr: Expr
    span: Span = field(compare=False, repr=False, kw_only=True)
    name_span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Citation:
    """Where a requirement is written: document, section, page and the verbatim quote."""

    document: str | None
    section: str | None
    page: str | None
    quote: str | None
    url: str | None
    span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class SubjectClause:
    """`avser f i förvaltningar där …`: the rule is judged once per matching entity."""

    var: str
    collection: Expr
    where: Expr | None
    span: Span = field(compare=False, repr=False, kw_only=True)
    var_span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Rule:
    """One krav: a checkable promise with its source, scope, condition and texts."""

    id: str
    title: str
    severity: Severity
    citation: Citation | None
    subject: SubjectClause | None
    applicability: Expr | None
    not_applicable_reason: Template | None
    valid_from: date | None
    valid_to: date | None
    deadline: Expr | None
    requirement: Expr
    finding: Template | None
    passed: Template | None
    recommendation: Template | None
    definitions: tuple[Definition, ...]
    span: Span = field(compare=False, repr=False, kw_only=True)
    id_span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Document:
    """The styrdokument a rule file encodes."""

    title: str
    issuer: str | None
    adopted: date | None
    valid_from: date | None
    valid_to: date | None
    source: str | None
    reference: str | None
    span: Span = field(compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class RuleFile:
    path: str
    document: Document
    definitions: tuple[Definition, ...]
    rules: tuple[Rule, ...]
