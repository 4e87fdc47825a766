"""Evaluation: every checked rule, for every subject, against the data, as of one date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from compliance import ir, tool_version
from compliance.backends import BACKENDS
from compliance.data.dataset import Dataset, Location
from compliance.evaluator.expressions import Env
from compliance.evaluator.interpreter import Interpreter
from compliance.evaluator.judge import Judge
from compliance.evaluator.subjects import subject_of
from compliance.evaluator.values import EntityValue, Missing
from compliance.findings import (
    KOMMUN_KIND,
    Finding,
    Report,
    ReportPeriod,
    RuleInfo,
    RuleSource,
    Subject,
)
from compliance.periods import Period

__all__ = ["BACKENDS", "evaluate"]


def evaluate(
    program: ir.Program,
    dataset: Dataset,
    *,
    period: Period,
    as_of: date,
    rule_digests: dict[str, str] | None = None,
    backend: str = "auto",
    keep_rows: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """`keep_rows`: record on each finding the rows it did not pass (`Finding.rows`);
    `progress(done, total)` is told after each rule."""
    interpreter = make_interpreter(program, dataset, period, as_of, backend)
    interpreter.keep_rows = keep_rows
    judge = Judge(interpreter)
    findings: list[Finding] = []
    subjects: Subjects = {}
    for done, rule in enumerate(program.rules, start=1):
        findings.extend(_judge_rule(rule, interpreter, judge, subjects))
        if progress is not None:
            progress(done, len(program.rules))
    kommun = dataset.organisation.kommun
    return Report(
        tool_version=tool_version(),
        period=ReportPeriod(period.label, period.start, period.end),
        as_of=as_of,
        kommun=kommun.namn if kommun is not None else None,
        rules=tuple(
            RuleInfo(
                id=rule.id,
                title=rule.title,
                severity=rule.severity,
                source=rule.citation,
                rule_location=RuleSource(rule.span.file, rule.span.line, rule.span.column),
                document_title=rule.document.title,
            )
            for rule in program.rules
        ),
        findings=tuple(findings),
        rule_files=tuple(doc.file for doc in program.documents),
        data_files=tuple(dataset.files),
        digests={**(rule_digests or {}), **dataset.digests},
    )


def make_interpreter(
    program: ir.Program, dataset: Dataset, period: Period, as_of: date, backend: str = "auto"
) -> Interpreter:
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")
    if backend == "column" or (backend == "auto" and dataset.tables):
        from compliance.evaluator.columns.interpreter import ColumnInterpreter

        return ColumnInterpreter(program, dataset, period, as_of)
    return Interpreter(program, dataset, period, as_of)


# The subject of each entity judged so far and where the entity is written, by the entity's
# id() (the entity is kept with them): the rules of a run judge the same nämnder.
Subjects = dict[int, tuple[EntityValue, Subject, Location | None]]


def _judge_rule(
    rule: ir.CheckedRule,
    interpreter: Interpreter,
    judge: Judge,
    subjects: Subjects | None = None,
) -> list[Finding]:
    if rule.subject is None:
        kommun = interpreter.kommun
        if isinstance(kommun, Missing):
            subject = Subject(KOMMUN_KIND, KOMMUN_KIND, "kommunen")
        else:
            subject = subject_of(kommun, interpreter.index)
        location = interpreter.location(("kommun",))
        return [judge.finding(rule, subject, Env(), location)]
    candidates = interpreter.collections[rule.subject.collection.name]
    if isinstance(candidates, Missing):
        # No subjects can be listed: one finding for the kommun says which data is absent.
        subject = Subject(KOMMUN_KIND, KOMMUN_KIND, _kommun_name(interpreter))
        return [judge.unavailable(rule, subject, candidates, interpreter.location(("kommun",)))]
    if subjects is None:
        subjects = {}
    preparation = interpreter.preparation(rule, judge.evidence)
    where = rule.subject.where
    chosen = None if where is None else interpreter.told_for_all(where, rule.subject)
    applicability = rule.applicability
    applying = (
        None if applicability is None else interpreter.told_for_all(applicability, rule.subject)
    )
    if (chosen is not None and len(chosen) != len(candidates)) or (
        applying is not None and len(applying) != len(candidates)
    ):
        chosen = applying = None  # not the same entities after all: ask each
    findings = []
    for position, entity in enumerate(candidates):
        env = Env({rule.subject.var: entity})
        selected: Any = True
        if where is not None:
            selected = None if chosen is None else chosen[position]
            if selected is None:  # unknown on the columns: the interpreter says why
                selected = interpreter.evaluate(where, env)
        if selected is False:
            continue
        known = subjects.get(id(entity))
        if known is None or known[0] is not entity:
            subject = subject_of(entity, interpreter.index)
            known = subjects[id(entity)] = (entity, subject, interpreter.location(entity.path))
        _, subject, location = known
        if isinstance(selected, Missing):
            findings.append(judge.unavailable(rule, subject, selected, location))
        else:
            prepared = None if preparation is None else preparation.prepare(env)
            applies = applying is not None and applying[position] is True
            findings.append(judge.finding(rule, subject, env, location, prepared, applies))
    return findings


def _kommun_name(interpreter: Interpreter) -> str:
    kommun = interpreter.kommun
    return kommun.name if isinstance(kommun, EntityValue) else "kommunen"
