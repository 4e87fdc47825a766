"""One rule, one subject, exactly one outcome — with the message and evidence behind it.

The order of questions is fixed: is the rule in force for the period; does it apply to this
subject; does the requirement hold; and if not, has the deadline passed yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from compliance import ir
from compliance.data.dataset import Location
from compliance.evaluator.evidence import EvidenceWriter, missing_evidence
from compliance.evaluator.expressions import Env
from compliance.evaluator.facts import Fact, QuantifierFact, Trace
from compliance.evaluator.formatting import format_value
from compliance.evaluator.interpreter import Decided, Interpreter
from compliance.evaluator.subjects import describe
from compliance.evaluator.values import EntityValue, Missing
from compliance.findings import (
    Evidence,
    Finding,
    Outcome,
    RowSelection,
    RuleSource,
    Subject,
    new_finding,
)
from compliance.messages import message

# How many missing items the one-line message names before "och N till".
MISSING_NAMED = 3


class Judge:
    def __init__(self, interpreter: Interpreter) -> None:
        self.run = interpreter
        self.evidence = EvidenceWriter(interpreter.dataset.location)
        # What is the same for every finding of a rule, by the rule's id(): the reason it is
        # not in force for the period (None: it is), and where it is written.
        self._rules: dict[int, tuple[str | None, RuleSource]] = {}
        # Each template's text, or its parts when it has placeholders, by its id().
        self._templates: dict[int, str | tuple[TemplatePiece, ...]] = {}
        # How report text names each subject, by its id() (the subject is kept with it).
        self._subjects: dict[int, tuple[Subject, str]] = {}

    def unavailable(
        self,
        rule: ir.CheckedRule,
        subject: Subject,
        missing: Missing,
        location: Location | None,
    ) -> Finding:
        """A subject that cannot be judged at all because the data to decide it is absent."""
        return Finding(
            rule=rule.id,
            title=rule.title,
            severity=rule.severity,
            outcome=Outcome.INSUFFICIENT_DATA,
            subject=subject,
            message=message(
                "outcome.insufficient_data",
                subject=describe(subject),
                missing=_missing_summary(missing),
            ),
            evidence=tuple(missing_evidence(missing)),
            source=rule.citation,
            rule_location=RuleSource(rule.span.file, rule.span.line, rule.span.column),
            location=location,
            recommendation=self._template(rule.recommendation, Env()),
            missing=_missing_labels(missing),
        )

    def finding(
        self,
        rule: ir.CheckedRule,
        subject: Subject,
        env: Env,
        location: Location | None,
        decided: Decided | None = None,
        applies: bool = False,
    ) -> Finding:
        """`decided`: the requirement's result for this subject when it is known already
        (`Interpreter.preparation`), else it is evaluated here; `applies`: the rule is known
        to apply to the subject (`Interpreter.told_for_all`), else that is evaluated here."""
        known = self._rules.get(id(rule))
        if known is None:
            span = rule.span
            known = self._rules[id(rule)] = (
                self._validity_reason(rule),
                RuleSource(span.file, span.line, span.column),
            )
        reason, rule_location = known

        def make(
            outcome: Outcome,
            text: str,
            evidence: Sequence[Evidence],
            missing: tuple[str, ...] = (),
            deadline: date | None = None,
            rows: RowSelection | None = None,
        ) -> Finding:
            recommendation = None
            if outcome in (Outcome.FAIL, Outcome.INSUFFICIENT_DATA):
                recommendation = self._template(rule.recommendation, env)
            return new_finding(
                rule.id,
                rule.title,
                rule.severity,
                outcome,
                subject,
                text,
                tuple(evidence),
                rule.citation,
                rule_location,
                location,
                recommendation,
                missing,
                deadline,
                rows,
            )

        who = self._describe(subject)
        if reason is not None:
            return make(
                Outcome.NOT_APPLICABLE,
                message("outcome.not_applicable", subject=who, reason=reason),
                [],
            )

        deadline: Any = None
        if rule.deadline is not None:
            deadline = self.run.evaluate(rule.deadline, env)
            env.deadline = deadline
            if isinstance(deadline, Missing):
                return make(
                    Outcome.INSUFFICIENT_DATA,
                    message(
                        "outcome.insufficient_deadline",
                        subject=who,
                        missing=_missing_summary(deadline),
                    ),
                    missing_evidence(deadline),
                    _missing_labels(deadline),
                )

        if rule.applicability is not None and not applies:
            # Told first without recording how: only a subject the rule does not apply to (or
            # of which it cannot be told) shows how, so only then is it evaluated for facts.
            trace = Trace()
            applies = self.run.evaluate(rule.applicability, env)
            if applies is not True:
                applies = self.run.evaluate(rule.applicability, env, trace)
            if isinstance(applies, Missing):
                return make(
                    Outcome.INSUFFICIENT_DATA,
                    message(
                        "outcome.insufficient_data", subject=who, missing=_missing_summary(applies)
                    ),
                    missing_evidence(applies),
                    _missing_labels(applies),
                )
            if applies is False:
                why = self._template(rule.not_applicable_reason, env) or message(
                    "reason.condition", condition=rule.applicability.source
                )
                return make(
                    Outcome.NOT_APPLICABLE,
                    message("outcome.not_applicable", subject=who, reason=why),
                    self.evidence.write(trace.facts),
                )

        evidence: Sequence[Evidence]
        if decided is None:
            trace = Trace()
            holds = self.run.evaluate(rule.requirement, env, trace)
            evidence = self.evidence.write(trace.facts)
            rows = _offending_rows(trace.facts) if self.run.keep_rows else None
        else:
            holds, evidence, rows = decided.holds, decided.evidence, decided.rows
        due_date = deadline if isinstance(deadline, date) else None
        not_yet_due = due_date is not None and self.run.as_of <= due_date
        if holds is True:
            text = self._template(rule.passed, env) or message("outcome.pass", subject=who)
            return make(Outcome.PASS, text, evidence, deadline=due_date, rows=rows)
        if not_yet_due:
            assert due_date is not None
            deadline_line = Evidence(
                text=message(
                    "evidence.deadline",
                    deadline=due_date.isoformat(),
                    as_of=self.run.as_of.isoformat(),
                )
            )
            return make(
                Outcome.NOT_DUE,
                message(
                    "outcome.not_due",
                    subject=who,
                    deadline=due_date.isoformat(),
                    as_of=self.run.as_of.isoformat(),
                ),
                [deadline_line, *evidence],
                deadline=due_date,
                rows=rows,
            )
        if isinstance(holds, Missing):
            return make(
                Outcome.INSUFFICIENT_DATA,
                message("outcome.insufficient_data", subject=who, missing=_missing_summary(holds)),
                [*missing_evidence(holds), *evidence],
                _missing_labels(holds),
                deadline=due_date,
                rows=rows,
            )
        text = self._template(rule.finding, env) or message("outcome.fail", subject=who)
        return make(Outcome.FAIL, text, evidence, deadline=due_date, rows=rows)

    def _describe(self, subject: Subject) -> str:
        """`describe(subject)`, once per subject: every rule judges the same subjects."""
        known = self._subjects.get(id(subject))
        if known is None or known[0] is not subject:
            known = self._subjects[id(subject)] = (subject, describe(subject))
        return known[1]

    def _validity_reason(self, rule: ir.CheckedRule) -> str | None:
        period = self.run.period
        values = {
            "period": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        }
        windows = (
            ("rule", rule.valid_from, rule.valid_to),
            ("document", rule.document.valid_from, rule.document.valid_to),
        )
        for kind, valid_from, valid_to in windows:
            if valid_from is not None and period.end < valid_from:
                return message(f"reason.{kind}_not_yet", **{**values, "start": valid_from})
            if valid_to is not None and period.start > valid_to:
                return message(f"reason.{kind}_expired", **{**values, "end": valid_to})
        return None

    def _template(self, template: ir.Template | None, env: Env) -> str | None:
        if template is None:
            return None
        known = self._templates.get(id(template))
        if known is None:
            # Prepared once per template. The rule's templates live as long as the run, so
            # their id() is not reused meanwhile.
            known = self._templates[id(template)] = self._prepare(template)
        if isinstance(known, str):
            return known
        evaluate = self.run.evaluate
        locals_ = env.locals
        pieces: list[str] = []
        for part in known:
            if isinstance(part, str):
                pieces.append(part)
            elif type(part) is ir.DefinitionRef and part.key in env.memo:
                # `{sena}`: a definition of the subject's, computed already.
                pieces.append(format_value(env.memo[part.key]))
            elif isinstance(part, tuple):
                # `{n.namn}`: a text field of the subject, read as `_field_value` reads it.
                var, node = part
                target = locals_.get(var)
                if type(target) is EntityValue:
                    raw = getattr(target.model, node.name)
                    if type(raw) is str:
                        pieces.append(raw)
                        continue
                pieces.append(format_value(evaluate(node, env)))
            else:
                pieces.append(format_value(evaluate(part, env)))
        return "".join(pieces)

    def _prepare(self, template: ir.Template) -> str | tuple[TemplatePiece, ...]:
        """The template's text when it has no placeholders; else its parts, with the run's
        fixed values (`{period}`) already written and adjacent texts joined."""
        parts: list[TemplatePiece] = []
        for part in template.parts:
            piece: TemplatePiece = part
            if isinstance(part, ir.Global) and part.name is not ir.GlobalName.DEADLINE:
                piece = format_value(self.run.evaluate(part, Env()))
            elif (
                isinstance(part, ir.Field)
                and isinstance(part.target, ir.Local)
                and part.ref is None
            ):
                piece = (part.target.name, part)
            if isinstance(piece, str) and parts and isinstance(parts[-1], str):
                parts[-1] = f"{parts[-1]}{piece}"
            else:
                parts.append(piece)
        if all(isinstance(part, str) for part in parts):
            return "".join(part for part in parts if isinstance(part, str))
        return tuple(parts)


# A prepared template's part: its text, a field of a variable (`{n.namn}`), or an expression.
TemplatePiece = str | tuple[str, ir.Field] | ir.Node


def _offending_rows(facts: list[Fact]) -> RowSelection | None:
    """The rows the requirement's first `för varje` over a data collection did not pass."""
    for fact in facts:
        if isinstance(fact, QuantifierFact) and fact.collection_name is not None and fact.rows:
            return RowSelection(fact.collection_name, fact.rows)
    return None


def _missing_labels(missing: Missing) -> tuple[str, ...]:
    return tuple(item.label for item in missing.items)


def _missing_summary(missing: Missing) -> str:
    named = [
        f"{item.label} ({item.reason})" if item.label != item.reason else item.reason
        for item in missing.items[:MISSING_NAMED]
    ]
    rest = len(missing.items) - MISSING_NAMED
    if rest > 0:
        named.append(message("missing.list_more", count=rest))
    return ", ".join(named)
