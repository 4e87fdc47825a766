"""What the columns already say of a rule for each subject, before the rule is judged for it.

A rule such as HAN-SYN, judged for 4 000 nämnder over a million synpunkter, counts its `låt`
values (`antal(s i synpunkter där s.nämnd = n och …)`) and tests its `för varje` in one pass
over the columns for all subjects at once (`scans.py`). What is left per subject is looking up
its key's counts; evaluating those lookups through the interpreter, node by node, for every
subject costs more than the pass itself. So, per rule, this module finds the scans whose value
for a subject is no more than a lookup:

- each `låt` that counts a collection's rows for the subject's key, whose value is then placed
  in the subject's memo of definitions, so that the applicability and the templates read it as
  any definition already computed;
- a requirement that is one `för varje` over such a scan, whose result and fact (counts and the
  example rows, made in one batch by `examples.py`) are handed to the judge.

A subject whose lookup is not plain — rows whose outcome is unknown, an example row without a
batch fact, a key value that cannot be read — is judged the usual way, scan by scan; so is
every subject of a rule this does not fit. The facts are those `ColumnInterpreter` records for
the same scans, made by the same code, so findings are the same either way (the language cases
and the bundled examples are judged both ways in `tests/test_prepared_rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.evaluator.columns.plans import Plan
from compliance.evaluator.expressions import Env
from compliance.evaluator.facts import Fact, QuantifierFact
from compliance.syntax.kinds import AggregateKind, QuantifierKind

if TYPE_CHECKING:
    from compliance.evaluator.columns.interpreter import ColumnInterpreter


@dataclass(frozen=True)
class KeyedCount:
    """A rule's `låt` whose value is the count of the subject's rows in a shared scan."""

    key: str  # the definition's key in the program
    node: ir.Aggregate
    collection: str
    plan: Plan


@dataclass(frozen=True)
class KeyedForAll:
    """A requirement that is one `för varje` over a shared scan of a data collection."""

    node: ir.Quantify
    collection: str
    plan: Plan
    condition: str  # the body's source, as the quantifier's fact names it


# What the columns say of the requirement for one subject: its result and the facts behind it.
Prepared = tuple[Any, list[Fact]]


class PreparedRule:
    """One rule's lookups; `prepare` is asked once per subject."""

    def __init__(
        self,
        run: ColumnInterpreter,
        counts: tuple[KeyedCount, ...],
        requirement: KeyedForAll | None,
    ) -> None:
        self.run = run
        self.counts = counts
        self.requirement = requirement

    def prepare(self, env: Env) -> Prepared | None:
        """Places the subject's counts in `env.memo`; returns the requirement's result and
        facts when the columns decide them, else None (the judge evaluates it)."""
        run = self.run
        memo = env.memo
        for count in self.counts:
            if count.key in memo:
                continue
            summary = run._grouped(count.node, env, count.plan, count.collection)
            if summary is None or summary.unknown:
                continue  # left for the interpreter, which says what is unknown
            memo[count.key] = summary.considered
        requirement = self.requirement
        if requirement is None:
            return None
        node, name = requirement.node, requirement.collection
        summary = run._grouped(node, env, requirement.plan, name)
        if summary is None or summary.unknown or summary.unsure:
            return None
        batch = run._example_batch(node, name)
        examples = []
        for row in summary.shown:
            fact = batch.get(row)
            if fact is None:
                return None
            examples.append(fact)
        result = summary.failed == 0
        run.methods["columns, prepared requirement"] += 1
        quantifier = QuantifierFact(
            kind=node.kind,
            source=node.source,
            condition=requirement.condition,
            collection=node.collection.source,
            total=run.store.size(name),
            considered=summary.considered,
            failed=summary.failed,
            unknown=0,
            examples=tuple(examples),
            result=result,
            path=(name,),
            collection_name=name,
            rows=tuple(summary.offending),
        )
        return result, [quantifier]


def prepare_rule(run: ColumnInterpreter, rule: ir.CheckedRule) -> PreparedRule | None:
    """The lookups of `rule`, or None when none of its scans is a plain lookup."""
    if rule.subject is None:
        return None
    var = rule.subject.var
    counts = tuple(
        count
        for key in _rule_definitions(run.program, rule)
        if (count := _keyed_count(run, key, var)) is not None
    )
    requirement = _keyed_for_all(run, rule.requirement, var)
    if not counts and requirement is None:
        return None
    return PreparedRule(run, counts, requirement)


def _rule_definitions(program: ir.Program, rule: ir.CheckedRule) -> list[str]:
    """The keys of the rule's own definitions its applicability, requirement and templates
    read, directly or through one another."""
    roots: list[ir.Node] = [n for n in (rule.applicability, rule.requirement) if n is not None]
    templates = (rule.not_applicable_reason, rule.finding, rule.passed, rule.recommendation)
    for template in templates:
        if template is not None:
            roots.extend(p for p in template.parts if isinstance(p, ir.Node))
    found: list[str] = []
    pending = roots
    while pending:
        node = pending.pop()
        if isinstance(node, ir.DefinitionRef) and node.key.count("::") > 1:
            if node.key not in found:
                found.append(node.key)
                pending.append(program.definitions[node.key])
            continue
        pending.extend(ir.children(node))
    return sorted(found)


def _keyed_count(run: ColumnInterpreter, key: str, var: str) -> KeyedCount | None:
    node = run.program.definitions[key]
    if not isinstance(node, ir.Aggregate) or node.kind is not AggregateKind.COUNT:
        return None
    found = _shared_by_subject(run, node, var)
    if found is None:
        return None
    name, plan = found
    return KeyedCount(key, node, name, plan)


def _keyed_for_all(run: ColumnInterpreter, node: ir.Node, var: str) -> KeyedForAll | None:
    if not isinstance(node, ir.Quantify) or node.kind is not QuantifierKind.FORALL:
        return None
    if node.body is None or not isinstance(node.body, ir.Compare):
        return None
    found = _shared_by_subject(run, node, var)
    if found is None:
        return None
    name, plan = found
    return KeyedForAll(node, name, plan, node.body.source)


def _shared_by_subject(
    run: ColumnInterpreter, node: ir.Quantify | ir.Aggregate, var: str
) -> tuple[str, Plan] | None:
    """The scan's collection and plan when it is computed once for all subjects and keyed by
    the subject itself (`s.nämnd = n`)."""
    if node.var is None:
        return None
    name = run._collection_name(node)
    if name is None or not run._is_shared(node, name):
        return None
    plan = run._plan(node, name)
    key = plan.key
    if key is None or not isinstance(key.other, ir.Local) or key.other.name != var:
        return None
    return name, plan
