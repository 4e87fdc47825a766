"""The memo model: questions per document, kontrollmål per rule, grades, groups, recommendations.

Also the small `Report` factories the Markdown and HTML tests share (`report`, `finding`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from compliance.data.dataset import Location
from compliance.findings import (
    BaselineComparison,
    BaselineFinding,
    Citation,
    Evidence,
    Finding,
    Outcome,
    Report,
    ReportPeriod,
    RuleInfo,
    RuleSource,
    Severity,
    Subject,
    WaiverRef,
)
from compliance.grading import UPPFYLLT, ÄNDAMÅLSENLIG, GradingScale, Status, use_grading
from compliance.memo import build_memo, layout_memo, memo_document
from compliance.memo.figures import evidence_figures, parse_number
from compliance.memo.model import OUTCOME_SYMBOLS
from compliance.messages import use_language
from compliance.reporters import html, markdown
from compliance.reporters.words import SYMBOLS

POLICY = "Policy för verksamhetsstyrning och kvalitet"
LAW = "Kommunallag (2017:725)"


def rule(rule_id: str, document: str = POLICY, severity: Severity = Severity.HIGH) -> RuleInfo:
    return RuleInfo(
        id=rule_id,
        title=f"Kravet {rule_id}",
        severity=severity,
        source=Citation(document, section="Tjänstegarantier", quote=f"Citat för {rule_id}."),
        rule_location=RuleSource("policy.rules", 10, 1),
        document_title=document,
    )


def nämnd(nämnd_id: str) -> Subject:
    name = nämnd_id.capitalize()
    return Subject("nämnd", nämnd_id, name, nämnd_id, name)


def finding(
    rule_id: str,
    outcome: Outcome,
    subject: Subject | None = None,
    *,
    message: str | None = None,
    recommendation: str | None = None,
    evidence: tuple[Evidence, ...] = (),
    missing: tuple[str, ...] = (),
    severity: Severity = Severity.HIGH,
    document: str = POLICY,
    waiver: WaiverRef | None = None,
) -> Finding:
    subject = subject or nämnd("valnämnden")
    return Finding(
        rule=rule_id,
        title=f"Kravet {rule_id}",
        severity=severity,
        outcome=outcome,
        subject=subject,
        message=message or f"{subject.name}: {outcome.value}.",
        evidence=evidence,
        source=Citation(document),
        rule_location=RuleSource("policy.rules", 10, 1),
        location=Location("organisation.yaml", 5, 3),
        recommendation=recommendation,
        missing=missing,
        waiver=waiver,
    )


def report(
    findings: tuple[Finding, ...],
    rules: tuple[RuleInfo, ...] = (),
    *,
    waiver_files: tuple[str, ...] = (),
    kommun: str | None = "Testkommun",
) -> Report:
    """A report of `findings`; a rule not in `rules` is listed after them, from its finding."""
    listed = list(rules)
    for item in findings:
        if item.rule not in {r.id for r in listed}:
            listed.append(rule(item.rule, item.source.document, item.severity))
    return Report(
        tool_version="0.1.0",
        period=ReportPeriod("2025", date(2025, 1, 1), date(2025, 12, 31)),
        as_of=date(2026, 9, 30),
        kommun=kommun,
        rules=tuple(listed),
        findings=findings,
        rule_files=("policy.rules",),
        data_files=("organisation.yaml",),
        digests={"policy.rules": "ab" * 32},
        waiver_files=waiver_files,
    )


def test_one_question_per_document_and_one_kontrollmål_per_rule() -> None:
    memo = build_memo(
        report(
            (
                finding("A", Outcome.PASS),
                finding("KL", Outcome.FAIL, document=LAW),
                finding("B", Outcome.PASS),
            ),
            rules=(rule("A"), rule("KL", LAW), rule("B")),
        )
    )
    assert [(q.number, q.document) for q in memo.questions] == [(1, POLICY), (2, LAW)]
    assert [[k.rule.id for k in q.kontrollmål] for q in memo.questions] == [["A", "B"], ["KL"]]


def test_a_kontrollmål_with_only_missing_evidence_cannot_be_assessed() -> None:
    memo = build_memo(
        report(
            (
                finding("A", Outcome.INSUFFICIENT_DATA, missing=("x.y",)),
                finding("A", Outcome.NOT_APPLICABLE, nämnd("kn")),
            )
        )
    )
    [kontrollmål] = memo.kontrollmål
    assert kontrollmål.assessment.status is Status.NOT_ASSESSABLE
    assert memo.overall.status is Status.NOT_ASSESSABLE
    document = layout_memo(memo)
    assert "Kan inte bedömas" in document.meta.items[3][1][0].text


def test_missing_evidence_is_never_shown_as_compliance() -> None:
    findings = (
        *(finding("A", Outcome.PASS, nämnd(f"n{i}")) for i in range(9)),
        finding("A", Outcome.INSUFFICIENT_DATA, nämnd("sn"), missing=("rapporter[r].datum",)),
    )
    memo = build_memo(report(findings))
    [kontrollmål] = memo.kontrollmål
    assert not kontrollmål.assessment.is_best
    assert kontrollmål.assessment.tally.insufficient == 1
    assert [f.subject.id for f in memo.missing_evidence] == ["sn"]


def test_kontrollmål_without_findings_has_nothing_to_assess() -> None:
    memo = build_memo(report((finding("A", Outcome.PASS),), rules=(rule("A"), rule("EMPTY"))))
    empty = memo.kontrollmål[1]
    assert empty.rule.id == "EMPTY"
    assert empty.assessment.status is Status.NOTHING_TO_ASSESS
    assert empty.groups == ()


def test_the_scale_can_be_chosen() -> None:
    memo = build_memo(
        report((finding("A", Outcome.PASS), finding("A", Outcome.FAIL, nämnd("kn")))),
        scale=ÄNDAMÅLSENLIG,
    )
    assert memo.overall.scale is ÄNDAMÅLSENLIG
    assert memo.overall.message_key == "memo.grade.andamalsenlig.delvis"


def test_findings_are_grouped_per_nämnd_kommunövergripande_first() -> None:
    kommun = Subject("kommun", "k", "Testkommun")
    memo = build_memo(
        report(
            (
                finding("A", Outcome.PASS, nämnd("sn")),
                finding("A", Outcome.FAIL, kommun),
                finding("A", Outcome.PASS, nämnd("kn")),
            )
        )
    )
    [kontrollmål] = memo.kontrollmål
    assert [g.nämnd_id for g in kontrollmål.groups] == [None, "sn", "kn"]
    assert [n.id for n in memo.nämnder] == [None, "sn", "kn"]
    counts = dict(memo.nämnder[0].counts)
    assert counts[Outcome.FAIL] == 1 and counts[Outcome.PASS] == 0


def test_waived_findings_are_counted_apart_and_listed() -> None:
    waiver = WaiverRef(
        rule="A",
        subject="sn",
        justification="Nämnden avvecklas.",
        decided_by="Kommunstyrelsen",
        reference="KS 2026/123",
        valid_until=date(2027, 6, 30),
        location=None,
        original_outcome=Outcome.INSUFFICIENT_DATA,
    )
    memo = build_memo(
        report(
            (
                finding("A", Outcome.PASS),
                finding("A", Outcome.WAIVED, nämnd("sn"), waiver=waiver),
            ),
            waiver_files=("undantag.yaml",),
        )
    )
    assert memo.overall.tally.waived == 1
    assert memo.overall.is_best  # the waived finding is outside the base
    assert [f.subject.id for f in memo.waived] == ["sn"]
    assert [f.subject.id for f in memo.missing_evidence] == ["sn"]
    assert Outcome.WAIVED in memo.outcomes
    assert [(f.kind, f.path) for f in memo.files][-1] == ("waivers", "undantag.yaml")


def test_recommendations_are_merged_by_text_most_severe_first() -> None:
    text = "Vi rekommenderar att nämnden tar fram tjänstegarantier."
    memo = build_memo(
        report(
            (
                finding("LOW", Outcome.FAIL, recommendation="Låg.", severity=Severity.LOW),
                finding("A", Outcome.FAIL, nämnd("sn"), recommendation=text),
                finding("A", Outcome.INSUFFICIENT_DATA, nämnd("kn"), recommendation=text),
                finding("A", Outcome.PASS, nämnd("on"), recommendation="Inte för en pass."),
            ),
            rules=(rule("LOW", severity=Severity.LOW), rule("A")),
        )
    )
    assert [(r.text, r.rules, r.subjects) for r in memo.recommendations] == [
        (text, ("A",), ("Sn", "Kn")),
        ("Låg.", ("LOW",), ("Valnämnden",)),
    ]


def test_memo_symbols_are_the_terminal_report_symbols() -> None:
    assert OUTCOME_SYMBOLS == SYMBOLS


def test_files_carry_their_digests() -> None:
    memo = build_memo(report((finding("A", Outcome.PASS),)))
    assert [(f.path, f.kind, f.sha256) for f in memo.files] == [
        ("policy.rules", "rules", "ab" * 32),
        ("organisation.yaml", "data", None),
    ]


# ---------------------------------------------------------------- chart figures


def indicator(indicator_id: str, name: str) -> Subject:
    return Subject("indikator", indicator_id, name, "sn", "Servicenämnden")


def test_indicator_figures_come_from_the_figure_table() -> None:
    findings = (
        finding("IND", Outcome.FAIL, indicator("ind-a", "Nöjdhet")),
        finding("IND", Outcome.INSUFFICIENT_DATA, indicator("ind-b", "Index")),
        finding("IND", Outcome.PASS, indicator("ind-c", "Okänd")),
    )
    table = {
        "indikatorer[ind-a]": {
            "målvärde": "90",
            "utfall": "84",
            "prognos": "85",
            "måttenhet": "%",
            "riktning": "högre_är_bättre",
        },
        "indikatorer[ind-b]": {"målvärde": "82", "utfall": None, "prognos": None},
        # Only a target known: the memo cannot tell whether the value exists, so no row.
        "indikatorer[ind-c]": {"målvärde": "3"},
    }
    memo = build_memo(report(findings), figures=table)
    first, second = memo.indicators
    assert (first.name, first.value, first.target, first.reaches_target) == (
        "Nöjdhet",
        Decimal(85),
        Decimal(90),
        False,
    )
    assert (second.name, second.value, second.reaches_target) == ("Index", None, None)
    assert len(memo.indicators) == 2


def test_evidence_gives_the_numbers_it_carries_and_the_paths_it_misses() -> None:
    findings = (
        finding(
            "KK",
            Outcome.INSUFFICIENT_DATA,
            Subject("utvärderingsområde", "o-1", "Offentlighet och demokrati"),
            evidence=(
                Evidence("Uppgift saknas", path="utvärderingsområden[o-1].median"),
                Evidence("78 >= ?", path="utvärderingsområden[o-1].redovisad_poäng", value="78"),
                Evidence("text", path="utvärderingsområden[o-1].namn", value="Offentlighet"),
            ),
            missing=("utvärderingsområden[o-1].median",),
        ),
    )
    built = report(findings)
    assert evidence_figures(built) == {
        "utvärderingsområden[o-1]": {"redovisad_poäng": "78", "median": None}
    }
    [area] = build_memo(built).profile
    assert (area.score, area.median, area.median_missing) == (Decimal(78), None, True)


def test_numbers_are_read_in_either_notation() -> None:
    assert parse_number("98,1") == Decimal("98.1")
    assert parse_number("98.1") == Decimal("98.1")
    assert parse_number("10 000") == Decimal(10000)
    assert parse_number("högre_är_bättre") is None
    assert parse_number("NaN") is None


# ---------------------------------------------------------------- every path, in every language


def everything_report() -> Report:
    """A report with every outcome, a waiver, a stale waiver, a baseline and chart figures."""
    waiver = WaiverRef(
        rule="A",
        subject=None,
        justification="Avvecklas.",
        decided_by=None,
        reference="KS 1",
        valid_until=date(2027, 1, 1),
        location=None,
        expired=True,
        original_outcome=Outcome.FAIL,
    )
    findings = (
        *(finding("A", outcome, nämnd(f"n{i}")) for i, outcome in enumerate(Outcome)),
        finding("A", Outcome.WAIVED, nämnd("w"), waiver=waiver, recommendation="Gör."),
        finding(
            "IND",
            Outcome.FAIL,
            indicator("ind-a", "Nöjdhet"),
            evidence=(Evidence("mål", path="indikatorer[ind-a].målvärde", value="90"),),
            document=LAW,
        ),
        finding(
            "KK",
            Outcome.INSUFFICIENT_DATA,
            Subject("utvärderingsområde", "o-1", "Område 1"),
            evidence=(
                Evidence("poäng", path="utvärderingsområden[o-1].redovisad_poäng", value="78"),
            ),
            missing=("utvärderingsområden[o-1].median",),
        ),
    )
    built = report(findings, rules=(rule("A"), rule("EMPTY")), waiver_files=("undantag.yaml",))
    return Report(
        **{
            **built.__dict__,
            "stale_waivers": (waiver,),
            "baseline": BaselineComparison(
                "förra.json",
                1,
                2,
                (BaselineFinding("A", "nämnd", "x", "X", "fail", "Var fel."),),
            ),
        }
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("scale", [UPPFYLLT, ÄNDAMÅLSENLIG])
def test_every_part_of_the_memo_renders_in_every_language(lang: str, scale: GradingScale) -> None:
    figures = {"indikatorer[ind-a]": {"målvärde": "90", "utfall": "84", "prognos": "85"}}
    with use_language(lang), use_grading(scale):
        document = memo_document(everything_report(), figures=figures)
        text = markdown.render_document(document)
        page = html.render_document(document)
    appendices = document.sections[-1].subsections
    assert len(appendices) == 4  # every check, missing evidence, waivers, baseline
    assert text.count("\n### ") >= 10
    assert page.count("<svg ") == 3  # per nämnd, indicators, Kommunkompassen
    assert "KS 1" in page and "förra.json" in page
