"""How the column-wise backend reads a quantifier or an aggregate over a data collection:
its key (which rows belong to the subject), the rest of its `där` filter, and whether that rest
depends on the subject. Also every such scan of a program, so that those computed once for all
subjects can share one pass over the columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.evaluator.columns.compile import children, mentions

if TYPE_CHECKING:
    from compliance.evaluator.columns.summaries import Summary
    from compliance.evaluator.facts import ElementFact

Scan = ir.Quantify | ir.Aggregate


@dataclass(frozen=True)
class Key:
    """A condition `s.column = <something not about s>` that picks a subject's rows."""

    position: int  # among the `där` filter's `och` operands
    column: str
    other: ir.Node
    ref: str | None  # for an id column: the collection the ids belong to


@dataclass
class Plan:
    key: Key | None
    conditions: tuple[ir.Node, ...]  # every operand of the `där` filter's `och`
    # The rest depends on the subject (or the deadline), so it is computed per subject.
    per_subject: bool
    grouped: dict[Any, Summary] | None = None
    columnar: bool = True  # False once compiling has failed: go row by row from then on
    # `finns` near misses: rows by how far they got before the key; {} when not computable.
    depths: dict[int, list[int]] | None = None
    # `för varje` computed once for all subjects: the facts of every example row, made in one
    # batch; None when they are made row by row.
    examples: dict[int, ElementFact] | None = None


def scans_of(program: ir.Program) -> dict[str, list[Scan]]:
    """Every quantifier and aggregate over a data collection in the program, by collection."""
    roots: list[ir.Node] = list(program.definitions.values())
    for rule in program.rules:
        if rule.subject is not None and rule.subject.where is not None:
            roots.append(rule.subject.where)
        roots.extend(n for n in (rule.applicability, rule.deadline, rule.requirement) if n)
        templates = (rule.not_applicable_reason, rule.finding, rule.passed, rule.recommendation)
        for template in templates:
            if template is not None:
                roots.extend(p for p in template.parts if isinstance(p, ir.Node))
    found: dict[str, list[Scan]] = {}
    seen: set[int] = set()
    while roots:
        node = roots.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ir.Quantify | ir.Aggregate) and isinstance(
            node.collection, ir.Collection
        ):
            found.setdefault(node.collection.name, []).append(node)
        roots.extend(children(node))
    return found


def is_key(plan: Plan, index: int) -> bool:
    return plan.key is not None and plan.key.position == index


def make_plan(node: Scan, columns: dict[str, Any]) -> Plan:
    assert node.var is not None
    var = node.var
    conditions: tuple[ir.Node, ...] = ()
    if node.where is not None:
        conditions = node.where.operands if isinstance(node.where, ir.And) else (node.where,)
    key: Key | None = None
    for position, condition in enumerate(conditions):
        key = _key_of(condition, var, position, columns)
        if key is not None:
            break
    rest = [c for i, c in enumerate(conditions) if key is None or i != key.position]
    if isinstance(node, ir.Quantify) and node.body is not None:
        rest.append(node.body)
    if isinstance(node, ir.Aggregate) and node.value is not None:
        rest.append(node.value)
    return Plan(key, conditions, any(depends_on_subject(part, var) for part in rest))


def _key_of(condition: ir.Node, var: str, position: int, columns: dict[str, Any]) -> Key | None:
    if not isinstance(condition, ir.Compare) or condition.op != "=":
        return None
    if condition.kind not in (ir.CompareKind.ENTITY, ir.CompareKind.TEXT):
        return None
    for column, other in ((condition.left, condition.right), (condition.right, condition.left)):
        if (
            isinstance(column, ir.Field)
            and isinstance(column.target, ir.Local)
            and column.target.name == var
            and column.name in columns
            and not mentions(other, var)
            and depends_on_subject(other, var)
        ):
            if condition.kind is ir.CompareKind.ENTITY and column.ref is None:
                return None
            return Key(position, column.name, other, column.ref)
    return None


def has_and(node: ir.Node) -> bool:
    return isinstance(node, ir.And) or any(has_and(child) for child in children(node))


def depends_on_subject(node: ir.Node, var: str) -> bool:
    """Whether `node` can have another value for another subject: it reads a variable other
    than the row's, a definition of the rule, or the deadline."""
    match node:
        case ir.Local(name=name):
            return name != var
        case ir.DefinitionRef(key=key):
            return key.count("::") > 1
        case ir.Global(name=name):
            return name is ir.GlobalName.DEADLINE
    return any(depends_on_subject(child, var) for child in children(node))
