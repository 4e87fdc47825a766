"""One rule, one subject, exactly one outcome — with the message and evidence behind it.

The order of questions is fixed: is the rule in force for the period; does it apply to this
subject; does the requirement hold; and if not, has the deadline passed yet.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from compliance import ir
from compliance.data.dataset import Location
from compliance.evaluator.evidence import evidence_from, missing_evidence
from compliance.evaluator.expressions import Env
from compliance.evaluator.facts import QuantifierFact, Trace
from compliance.evaluator.formatting import format_value
from compliance.evaluator.interpreter import Interpreter
from compliance.evaluator.subjects import describe
from compliance.evaluator.values import Missing
from compliance.findings import Evidence, Finding, Outcome, RowSelection, RuleSource, Subject
from compliance.messages import message

# How many missing items the one-line message names before "och N till".
MISSING_NAMED = 3


class Judge:
    def __init__(self, interpreter: Interpreter) -> None:
        self.run = interpreter

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
        self, rule: ir.CheckedRule, subject: Subject, env: Env, location: Location | None
    ) -> Finding:
        def make(
            outcome: Outcome,
            text: str,
            evidence: list[Evidence],
            missing: tuple[str, ...] = (),
            deadline: date | None = None,
            rows: RowSelection | None = None,
        ) -> Finding:
            recommendation = None
            if outcome in (Outcome.FAIL, Outcome.INSUFFICIENT_DATA):
                recommendation = self._template(rule.recommendation, env)
            return Finding(
                rule=rule.id,
                title=rule.title,
                severity=rule.severity,
                outcome=outcome,
                subject=subject,
                message=text,
                evidence=tuple(evidence),
                source=rule.citation,
                rule_location=RuleSource(rule.span.file, rule.span.line, rule.span.column),
                location=location,
                recommendation=recommendation,
                missing=missing,
                deadline=deadline,
                rows=rows,
            )

        who = describe(subject)
        reason = self._validity_reason(rule)
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

        if rule.applicability is not None:
            trace = Trace()
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
                    evidence_from(trace.facts, self.run.location),
                )

        trace = Trace()
        holds = self.run.evaluate(rule.requirement, env, trace)
        evidence = evidence_from(trace.facts, self.run.location)
        rows = _offending_rows(trace) if self.run.keep_rows else None
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
        pieces: list[str] = []
        for part in template.parts:
            if isinstance(part, str):
                pieces.append(part)
            else:
                pieces.append(format_value(self.run.evaluate(part, env)))
        return "".join(pieces)


def _offending_rows(trace: Trace) -> RowSelection | None:
    """The rows the requirement's first `för varje` over a data collection did not pass."""
    for fact in trace.facts:
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
