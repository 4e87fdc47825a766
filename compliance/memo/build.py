"""From a `Report` to a `Memo`: questions, kontrollmål, grades, recommendations, appendices.

Everything is taken from the report in the order it gives (rules in file order, subjects in
data order), so the memo is as deterministic as the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from compliance.findings import OUTCOME_ORDER, Finding, Outcome, Report, RuleInfo, Severity
from compliance.grading import GradingScale, current_grading, grade_findings
from compliance.memo.figures import (
    FigureTable,
    indicator_figures,
    merge_figures,
    profile_figures,
    report_figures,
)
from compliance.memo.model import (
    Kontrollmål,
    Memo,
    Nämnd,
    NämndGroup,
    Recommendation,
    Revisionsfråga,
    SourceFile,
)

# Findings that call for action: their recommendations are the memo's.
ACTION_OUTCOMES = frozenset({Outcome.FAIL, Outcome.INSUFFICIENT_DATA})


def build_memo(
    report: Report, *, scale: GradingScale | None = None, figures: FigureTable | None = None
) -> Memo:
    """The memo of `report`, graded on `scale` (the run's scale by default).

    The charts' numbers are whatever the report carries (`figures.report_figures`), with
    `figures` (e.g. `dataset_figures`) taking precedence where given.
    """
    scale = scale if scale is not None else current_grading()
    table = report_figures(report)
    if figures is not None:
        merge_figures(table, figures)
    questions = _questions(report, scale)
    return Memo(
        kommun=report.kommun,
        period=report.period,
        as_of=report.as_of,
        tool_version=report.tool_version,
        scale=scale,
        overall=grade_findings(report.findings, scale),
        questions=questions,
        nämnder=_nämnder(report.findings),
        recommendations=_recommendations(questions),
        missing_evidence=tuple(f for f in report.findings if _lacked_evidence(f)),
        waived=tuple(f for f in report.findings if f.outcome is Outcome.WAIVED),
        stale_waivers=report.stale_waivers,
        files=_files(report),
        indicators=indicator_figures(report, table),
        profile=profile_figures(report, table),
        baseline=report.baseline,
        outcomes=_shown_outcomes(report),
    )


def _shown_outcomes(report: Report) -> tuple[Outcome, ...]:
    if report.waiver_files or report.count(Outcome.WAIVED):
        return OUTCOME_ORDER
    return tuple(o for o in OUTCOME_ORDER if o is not Outcome.WAIVED)


def _lacked_evidence(finding: Finding) -> bool:
    if finding.outcome is Outcome.INSUFFICIENT_DATA:
        return True
    waiver = finding.waiver
    return (
        finding.outcome is Outcome.WAIVED
        and waiver is not None
        and waiver.original_outcome is Outcome.INSUFFICIENT_DATA
    )


# ---------------------------------------------------------------- questions and kontrollmål


def _rules(report: Report) -> list[RuleInfo]:
    rules = list(report.rules)
    known = {rule.id for rule in rules}
    # A finding of a rule the report does not list still belongs somewhere: its own document.
    for finding in report.findings:
        if finding.rule not in known:
            known.add(finding.rule)
            rules.append(
                RuleInfo(
                    id=finding.rule,
                    title=finding.title,
                    severity=finding.severity,
                    source=finding.source,
                    rule_location=finding.rule_location,
                    document_title=finding.source.document,
                    recommendation=finding.recommendation,
                )
            )
    return rules


def _questions(report: Report, scale: GradingScale) -> tuple[Revisionsfråga, ...]:
    by_rule: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    by_document: dict[str, list[Kontrollmål]] = {}
    for rule in _rules(report):
        findings = by_rule.get(rule.id, [])
        by_document.setdefault(rule.document_title, []).append(
            Kontrollmål(rule, grade_findings(findings, scale), _groups(findings))
        )
    return tuple(
        Revisionsfråga(
            number=number,
            document=document,
            kontrollmål=tuple(kontrollmål),
            assessment=grade_findings((f for k in kontrollmål for f in k.findings), scale),
        )
        for number, (document, kontrollmål) in enumerate(by_document.items(), start=1)
    )


def _groups(findings: Sequence[Finding]) -> tuple[NämndGroup, ...]:
    """Per nämnd, kommunövergripande first, then in the order the findings name them."""
    groups: dict[str | None, list[Finding]] = {}
    if any(f.subject.nämnd_id is None for f in findings):
        groups[None] = []
    for finding in findings:
        groups.setdefault(finding.subject.nämnd_id, []).append(finding)
    return tuple(NämndGroup(key, tuple(items)) for key, items in groups.items())


def _nämnder(findings: Sequence[Finding]) -> tuple[Nämnd, ...]:
    names: dict[str | None, str | None] = {}
    if any(f.subject.nämnd_id is None for f in findings):
        names[None] = None
    for finding in findings:
        subject = finding.subject
        if subject.nämnd_id is not None and subject.nämnd_id not in names:
            names[subject.nämnd_id] = subject.nämnd_name or subject.nämnd_id
    return tuple(
        Nämnd(
            id=key,
            name=name,
            counts=tuple(
                (
                    outcome,
                    sum(1 for f in findings if f.subject.nämnd_id == key and f.outcome is outcome),
                )
                for outcome in OUTCOME_ORDER
            ),
        )
        for key, name in names.items()
    )


# ---------------------------------------------------------------- recommendations


def _recommendations(questions: Iterable[Revisionsfråga]) -> tuple[Recommendation, ...]:
    """One per distinct text, most severe first, then in the order the memo reaches them."""
    found: dict[str, tuple[list[str], list[str], Severity]] = {}
    for question in questions:
        for kontrollmål in question.kontrollmål:
            for finding in kontrollmål.findings:
                text = finding.recommendation
                if finding.outcome not in ACTION_OUTCOMES or not text:
                    continue
                rules, subjects, severity = found.setdefault(text, ([], [], finding.severity))
                if finding.rule not in rules:
                    rules.append(finding.rule)
                if finding.subject.name not in subjects:
                    subjects.append(finding.subject.name)
                if finding.severity.rank > severity.rank:
                    found[text] = (rules, subjects, finding.severity)
    ordered = sorted(enumerate(found.items()), key=lambda item: (-item[1][1][2].rank, item[0]))
    return tuple(
        Recommendation(text, tuple(rules), tuple(subjects), severity)
        for _, (text, (rules, subjects, severity)) in ordered
    )


# ---------------------------------------------------------------- files


def _files(report: Report) -> tuple[SourceFile, ...]:
    listed = [
        *((path, "rules") for path in report.rule_files),
        *((path, "data") for path in report.data_files),
        *((path, "waivers") for path in report.waiver_files),
    ]
    return tuple(SourceFile(path, kind, report.digests.get(path)) for path, kind in listed)
