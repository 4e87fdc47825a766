"""What the columns already say of a rule for each subject, before the rule is judged for it.

A rule such as HAN-SYN, judged for 4 000 nämnder over a million synpunkter, counts its `låt`
values (`antal(s i synpunkter där s.nämnd = n och …)`) and tests its `för varje` in one pass
over the columns for all subjects at once (`scans.py`). What is left per subject is looking up
its key's counts; evaluating those lookups through the interpreter, node by node, for every
subject costs more than the pass itself. So a rule whose requirement is one `för varje` over
a scan whose value for a subject is no more than a lookup is *prepared*:

- the requirement's result and evidence (the counts, and the example rows' lines written in
  one batch by `example_lines.py`) are handed to the judge; a requirement that is one `finns`
  over such a scan is handed over the same way when it holds (its witness's lines, written
  in one batch by `witness_text.py`) or when the subject has no rows at all;
- each of the rule's `låt` that counts a collection's rows for the subject's key is placed in
  the subject's memo of definitions, so that the applicability and the templates read it as
  any definition already computed.

A subject whose lookup is not plain — rows whose outcome is unknown, an example row without a
batch fact, a key value that cannot be read — is judged the usual way, scan by scan; so is
every subject of a rule this does not fit. The facts are those `ColumnInterpreter` records for
the same scans, made by the same code, so findings are the same either way (the language cases
and the bundled examples are judged both ways in `tests/test_prepared_rules.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from compliance import ir
from compliance.evaluator.columns.plans import Plan
from compliance.evaluator.columns.summaries import EMPTY, Summary
from compliance.evaluator.evidence import MAX_EVIDENCE, EvidenceWriter, ForAllSummaries
from compliance.evaluator.expressions import Env
from compliance.evaluator.interpreter import Decided
from compliance.evaluator.values import EntityValue
from compliance.findings import RowSelection, new_evidence
from compliance.syntax.kinds import AggregateKind, QuantifierKind

if TYPE_CHECKING:
    from compliance.evaluator.columns.interpreter import ColumnInterpreter


@dataclass(frozen=True)
class KeyedCount:
    """A rule's `låt` whose value is the count of the subject's rows in a shared scan."""

    key: str  # the definition's key in the program
    plan: Plan


@dataclass(frozen=True)
class KeyedScan:
    """A requirement that is one `för varje` or `finns` over a shared scan of a data
    collection."""

    node: ir.Quantify
    collection: str
    plan: Plan


class PreparedRule:
    """One rule's lookups; `prepare` is asked once per subject."""

    def __init__(
        self,
        run: ColumnInterpreter,
        writer: EvidenceWriter,
        var: str,
        counts: tuple[KeyedCount, ...],
        requirement: KeyedScan,
    ) -> None:
        self.run = run
        self.var = var
        # Each count's definition key, its summaries by key value, and the collection whose
        # entities key its rows.
        self.counts = [(c.key, _grouped(c.plan)) for c in counts]
        self.grouped = _grouped(requirement.plan)
        self.decide: Callable[[str | None, Summary], Decided | None]
        if requirement.node.kind is QuantifierKind.FORALL:
            self.decide = _ForAllLookup(run, writer, requirement).decide
        else:
            self.decide = _ExistsLookup(run, writer, requirement).decide

    def prepare(self, env: Env) -> Decided | None:
        """Places the subject's counts in `env.memo`; returns the requirement's result when
        the columns decide it, else None (the judge evaluates it)."""
        subject = env.locals.get(self.var)
        if type(subject) is not EntityValue:
            return None
        # Every scan here is keyed by the subject itself: its id is the key of its rows.
        key = str(subject.model.id)  # type: ignore[attr-defined]
        owner = subject.collection
        memo = env.memo
        for definition, (ref, grouped) in self.counts:
            summary = grouped.get(key, EMPTY) if owner == ref else EMPTY
            if not summary.unknown:  # else left for the interpreter, which says what is unknown
                memo[definition] = summary.considered
        ref, grouped = self.grouped
        if owner != ref:
            return self.decide(None, EMPTY)  # no row can be the subject's
        return self.decide(key, grouped.get(key, EMPTY))


class _ForAllLookup:
    """A `för varje`: its summary sentence and the example rows' lines."""

    def __init__(self, run: ColumnInterpreter, writer: EvidenceWriter, scan: KeyedScan) -> None:
        self.run = run
        self.collection = scan.collection
        body = scan.node.body
        assert body is not None
        # What every finding's summary line shares: where the collection is declared, how
        # many rows it has, and the example rows' lines of every subject.
        self._collection_location = writer.locate((scan.collection,))
        self._summaries = ForAllSummaries(
            scan.node.collection.source, body.source, run.store.size(scan.collection)
        )
        self._lines = run.example_evidence(scan.node, scan.collection, writer)

    def decide(self, key: str | None, summary: Summary) -> Decided | None:
        if summary.unknown or summary.unsure:
            return None
        text = self._summaries(summary.considered, summary.failed)
        evidence = [new_evidence(text, None, None, self._collection_location)]
        lines = self._lines
        for row in summary.shown:
            line = lines.get(row)
            if line is None:
                return None
            evidence.append(line)
        self.run.methods["columns, prepared requirement"] += 1
        offending = summary.offending
        rows = RowSelection(self.collection, tuple(offending)) if offending else None
        return Decided(summary.failed == 0, evidence[:MAX_EVIDENCE], rows)


class _ExistsLookup:
    """A `finns` that holds: its witness's lines (`witness_text.py`). One that does not: the
    summary line, and the near misses' lines when they are the subject's own rows and can be
    written from the columns (`ColumnInterpreter.near_miss_evidence`); or the summary line
    alone, the same for every subject, when the subject has no rows at all and its key is the
    filter's first condition (every row failed that first condition, so none came close
    enough to be shown). Any other is left to the judge, which ranks the near misses."""

    def __init__(self, run: ColumnInterpreter, writer: EvidenceWriter, scan: KeyedScan) -> None:
        self.run = run
        self._lines = run.witness_evidence(scan.node, scan.collection, writer)
        self._near_misses = run.near_miss_evidence(scan.node, scan.collection, writer)
        self._keyed: dict[Any, list[int]] | None = None
        key, size = scan.plan.key, run.store.size(scan.collection)
        fact = run.quantifier_fact(scan.node, Env(), size, 0, 0, 0, [], False)
        # What a failing subject's evidence opens with: how many rows none of which held.
        self._summary = writer.write([fact])
        # With three rows or fewer, the near misses may name every row (`elements.near_misses`).
        if key is not None and key.position == 0 and size > 3:
            keyed, empty = run.store.groups(scan.collection, key.column)
            if not empty:
                self._keyed = keyed

    def decide(self, key: str | None, summary: Summary) -> Decided | None:
        if summary.unknown:
            return None
        if summary.considered == 0:
            if key is None:
                return None
            near_misses = self._near_misses.get(key)
            if near_misses is not None:
                self.run.methods["columns, prepared near misses"] += 1
                return Decided(False, [*self._summary, *near_misses][:MAX_EVIDENCE], None)
            if self._keyed is None or key in self._keyed:
                return None
            self.run.methods["columns, prepared no rows"] += 1
            return Decided(False, self._summary, None)
        lines = self._lines.get(summary.shown[0])
        if lines is None:
            return None
        self.run.methods["columns, prepared witness"] += 1
        return Decided(True, lines, None)


def _grouped(plan: Plan) -> tuple[str | None, dict[Any, Summary]]:
    """The scan's summaries by key value, and the collection whose entities' ids the key's
    values are."""
    assert plan.grouped is not None and plan.key is not None
    return plan.key.ref, plan.grouped


def prepare_rule(
    run: ColumnInterpreter, rule: ir.CheckedRule, writer: EvidenceWriter
) -> PreparedRule | None:
    """The lookups of `rule`, or None when none of its scans is a plain lookup."""
    if rule.subject is None:
        return None
    var = rule.subject.var
    counts = tuple(
        count
        for key in _rule_definitions(run.program, rule)
        if (count := _keyed_count(run, key, var)) is not None
    )
    requirement = _keyed_scan(run, rule.requirement, var)
    if requirement is None:
        return None
    return PreparedRule(run, writer, var, counts, requirement)


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
    return None if found is None else KeyedCount(key, found[1])


def _keyed_scan(run: ColumnInterpreter, node: ir.Node, var: str) -> KeyedScan | None:
    if not isinstance(node, ir.Quantify):
        return None
    if node.kind is QuantifierKind.FORALL:
        if node.body is None or not isinstance(node.body, ir.Compare):
            return None
    elif node.kind is not QuantifierKind.EXISTS:
        return None
    found = _shared_by_subject(run, node, var)
    if found is None:
        return None
    name, plan = found
    return KeyedScan(node, name, plan)


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
    run._summary(node, Env(), name)  # the shared pass, now: without a subject, no summary
    if plan.grouped is None:
        return None  # it cannot be computed column-wise after all
    return name, plan
