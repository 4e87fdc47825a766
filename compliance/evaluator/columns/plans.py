"""How the column-wise backend reads a quantifier or an aggregate over a data collection:
its key (which rows belong to the subject), the rest of its `där` filter, and whether that rest
depends on the subject. Also every such scan of a program, so that those computed once for all
subjects can share one pass over the columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir

if TYPE_CHECKING:
    from compliance.evaluator.columns.summaries import Summary
    from compliance.evaluator.columns.witnesses import Witnesses
    from compliance.evaluator.facts import ElementFact
    from compliance.findings import Evidence

Scan = ir.Quantify | ir.Aggregate


@dataclass(frozen=True)
class Key:
    """A condition `s.column = <something not about s>` that picks a subject's rows."""

    position: int  # among the `där` filter's `och` operands
    column: str
    other: ir.Node
    ref: str | None  # for an id column: the collection the ids belong to

    def bound_id(self) -> str | None:
        """The variable whose `id` the key column holds in the rows of its value (`n` of
        `r.nämnd = n`): its `n.id` is not a value of the subject's there but of the row."""
        if self.ref is not None and isinstance(self.other, ir.Local):
            return self.other.name
        return None


@dataclass
class Plan:
    key: Key | None
    conditions: tuple[ir.Node, ...]  # every operand of the `där` filter's `och`
    # The rest depends on the subject (or the deadline), so it is computed per subject.
    per_subject: bool
    # The variable whose `id` is read from the key column when computed once for all
    # subjects (`Key.bound_id`), or None.
    bound_id: str | None = None
    grouped: dict[Any, Summary] | None = None
    columnar: bool = True  # False once compiling has failed: go row by row from then on
    # `finns` near misses: rows by how far they got before the key; {} when not computable.
    depths: dict[int, list[int]] | None = None
    # `finns` computed once for all subjects: how far each row gets into the `och` chain in
    # the rows of its own key value (`near_misses.py`); None until tried, [] when not known.
    row_depths: list[int] | None = None
    # Whether the rows the failing subjects will show as near misses were built in one batch.
    near_misses_fetched: bool = False
    # `för varje` computed once for all subjects: the facts of every example row, made in one
    # batch; None when they are made row by row.
    examples: dict[int, ElementFact] | None = None
    # The same rows' evidence lines, for a requirement looked up before it is judged
    # (`prepared.py`); None until made, {} when they are made from facts.
    example_evidence: dict[int, Evidence] | None = None
    # `finns` computed once for all subjects: every subject's witness made from the columns
    # (`witnesses.py`); None until tried, False when each is made row by row.
    witnesses: Witnesses | bool | None = None
    # The same witnesses' evidence lines, for a requirement looked up before it is judged
    # (`prepared.py`); None until made, {} when they are made from facts.
    witness_evidence: dict[int, tuple[Evidence, ...]] | None = None
    # `finns` computed once for all subjects: the near-miss lines of every failing subject
    # whose near misses are its own rows, by key value (`prepared.py`); None until made.
    near_miss_evidence: dict[Any, tuple[Evidence, ...]] | None = None


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
    for node in _walk(roots, ir.children):
        if isinstance(node, ir.Quantify | ir.Aggregate) and isinstance(
            node.collection, ir.Collection
        ):
            found.setdefault(node.collection.name, []).append(node)
    return found


def _walk(roots: list[ir.Node], below: Callable[[ir.Node], list[ir.Node]]) -> Iterator[ir.Node]:
    """Every node reachable from `roots` through `below`, each once: the IR shares subtrees."""
    pending = list(roots)
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        pending.extend(below(node))


def is_key(plan: Plan, index: int) -> bool:
    return plan.key is not None and plan.key.position == index


def fixed_deadlines(program: ir.Program) -> dict[int, ir.Node]:
    """The deadline of the rule each scan of a requirement or applicability belongs to, for
    scans of rules whose deadline is the same for every subject (`31 maj året efter`): there
    `frist` is a constant. Scans shared by rules, or under file-level definitions, are left
    out."""
    found: dict[int, ir.Node] = {}
    shared: set[int] = set()

    def below(node: ir.Node) -> list[ir.Node]:
        if isinstance(node, ir.DefinitionRef):
            # A rule's own definitions (`låt`) are part of it; file-level ones are shared.
            return [program.definitions[node.key]] if node.key.count("::") > 1 else []
        return ir.children(node)

    for rule in program.rules:
        deadline = rule.deadline
        roots = [n for n in (rule.applicability, rule.requirement) if n is not None]
        for node in _walk(roots, below):
            if isinstance(node, ir.Quantify | ir.Aggregate):
                if id(node) in found or id(node) in shared:
                    shared.add(id(node))
                elif deadline is not None and not depends_on_subject(deadline, ""):
                    found[id(node)] = deadline
    return {key: value for key, value in found.items() if key not in shared}


def make_plan(
    node: Scan,
    columns: dict[str, Any],
    fixed_deadline: bool = False,
    text_ids: Callable[[str], bool] = lambda ref: False,
) -> Plan:
    """`fixed_deadline`: `frist` is the same for every subject; `text_ids(collection)`: the
    collection's ids are text, as a key column holds them."""
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
    bound = key.bound_id() if key is not None and text_ids(key.ref or "") else None

    def fixed(part: ir.Node) -> bool:
        if isinstance(part, ir.Global) and part.name is ir.GlobalName.DEADLINE:
            return fixed_deadline and bound is not None
        return bound is not None and key_bound(part, bound)

    return Plan(key, conditions, any(depends_on_subject(p, var, fixed) for p in rest), bound)


def key_bound(node: ir.Node, var: str) -> bool:
    """Whether `node` is `var.id`, read from the key column by `Compiler.key_id`."""
    return (
        isinstance(node, ir.Field)
        and node.name == "id"
        and isinstance(node.target, ir.Local)
        and node.target.name == var
    )


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
            and not ir.mentions(other, var)
            and depends_on_subject(other, var)
        ):
            if condition.kind is ir.CompareKind.ENTITY and column.ref is None:
                return None
            return Key(position, column.name, other, column.ref)
    return None


def has_and(node: ir.Node) -> bool:
    return isinstance(node, ir.And) or any(has_and(child) for child in ir.children(node))


def depends_on_subject(
    node: ir.Node, var: str, fixed: Callable[[ir.Node], bool] | None = None
) -> bool:
    """Whether `node` can have another value for another subject: it reads a variable other
    than the row's (or one a quantifier inside it binds), a definition of the rule, or the
    deadline; parts that are `fixed` aside."""
    return _depends(node, frozenset((var,)), fixed)


def _depends(node: ir.Node, bound: frozenset[str], fixed: Callable[[ir.Node], bool] | None) -> bool:
    if fixed is not None and fixed(node):
        return False
    match node:
        case ir.Local(name=name):
            return name not in bound
        case ir.DefinitionRef(key=key):
            return key.count("::") > 1
        case ir.Global(name=name):
            return name is ir.GlobalName.DEADLINE
        case (
            ir.Quantify(var=inner, collection=collection)
            | ir.Aggregate(var=str() as inner, collection=collection)
        ):
            # The collection is read outside the quantifier's variable; the rest inside it.
            return _depends(collection, bound, fixed) or any(
                _depends(child, bound | {inner}, fixed)
                for child in ir.children(node)
                if child is not collection
            )
    return any(_depends(child, bound, fixed) for child in ir.children(node))
