"""The memo in words: a `Memo` laid out as a `Document` in the structure of a granskningsrapport.

Sammanfattning, Bakgrund, Revisionsfrågor och kontrollmål, Revisionskriterier, Metod och
avgränsning, Iakttagelser och bedömningar, Bedömning mot kontrollmål, Rekommendationer,
Bilagor. The appendices and charts are written by their own modules; this one writes the body.
"""

from __future__ import annotations

from compliance.findings import Outcome
from compliance.grading import Status
from compliance.memo.appendices import appendices_section
from compliance.memo.document import (
    Block,
    BulletList,
    Cell,
    Details,
    Document,
    Fields,
    Inline,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Span,
    Style,
    Table,
    plain,
    strong,
)
from compliance.memo.method import method_section
from compliance.memo.model import Kontrollmål, Memo
from compliance.memo.observations import observations_section
from compliance.memo.paragraphs import assessment_paragraph, period_text
from compliance.memo.tones import Tone, assessment_tone
from compliance.memo.words import (
    basis,
    counted,
    grade_label,
    grade_word,
    nämnd_name,
    severity_word,
)
from compliance.messages import message


def layout_memo(memo: Memo) -> Document:
    """`memo` in words, in the language of the run (`compliance.messages.use_language`)."""
    kommun = memo.kommun
    subtitle = (
        message("memo.subtitle_kommun", kommun=kommun) if kommun else message("memo.subtitle")
    )
    return Document(
        # The catalogue names its own language, for `<html lang>` and the like.
        lang=message("memo.lang"),
        title=message("memo.title"),
        subtitle=subtitle,
        meta=_meta(memo),
        sections=(
            _summary(memo),
            _background(memo),
            _questions(memo),
            _criteria(memo),
            method_section(memo),
            observations_section(memo),
            _assessments(memo),
            _recommendations(memo),
            appendices_section(memo),
        ),
    )


def _meta(memo: Memo) -> Fields:
    items: list[tuple[str, Inline]] = []
    if memo.kommun:
        items.append((message("memo.meta.kommun"), plain(memo.kommun)))
    items.extend(
        [
            (message("memo.meta.period"), plain(period_text(memo))),
            (message("memo.meta.as_of"), plain(memo.as_of.isoformat())),
            (message("memo.meta.overall"), plain(grade_label(memo.overall))),
            (
                message("memo.meta.tool"),
                plain(message("memo.meta.tool_value", version=memo.tool_version)),
            ),
        ]
    )
    return Fields(tuple(items))


# ---------------------------------------------------------------- 1 Sammanfattning


def _summary(memo: Memo) -> Section:
    documents = len(memo.questions)
    kontrollmål = len(memo.kontrollmål)
    scope_values = {
        "rules": counted("kontrollmal", kontrollmål),
        "documents": counted("document", documents),
        "period": memo.period.label,
        "as_of": memo.as_of.isoformat(),
    }
    scope = (
        message("memo.summary.scope", kommun=memo.kommun, **scope_values)
        if memo.kommun
        else message("memo.summary.scope_no_kommun", **scope_values)
    )
    blocks: list[Block] = [
        Paragraph(plain(scope)),
        assessment_paragraph(message("memo.summary.overall"), memo.overall),
    ]
    tally = memo.overall.tally
    if tally.insufficient:
        blocks.append(Paragraph(plain(counted("summary_missing", tally.insufficient))))
    if tally.waived:
        blocks.append(Paragraph(plain(counted("summary_waived", tally.waived))))
    blocks.append(Paragraph(plain(message("memo.summary.per_question"))))
    blocks.append(
        BulletList(
            tuple(
                ListItem(
                    (
                        Span(f"{q.document}: "),
                        strong(grade_label(q.assessment)),
                        Span(f" ({basis(q.assessment.tally)})"),
                    ),
                    tone=assessment_tone(q.assessment),
                )
                for q in memo.questions
            ),
            # Numbered as the questions are: the list is in their order, from 1.
            ordered=True,
        )
    )
    blocks.append(Paragraph(plain(_levels_sentence(memo))))
    blocks.append(Paragraph(plain(_deviations_sentence(memo))))
    count = len(memo.recommendations) + (1 if memo.missing_evidence else 0)
    blocks.append(
        Paragraph(
            plain(
                counted("summary_recommendations", count)
                if count
                else message("memo.summary.no_recommendations")
            )
        )
    )
    return Section(message("memo.section.summary"), "summary", 2, tuple(blocks))


def _levels_sentence(memo: Memo) -> str:
    """How many kontrollmål got each grade, best first: "Uppfyllt 15, Delvis uppfyllt 7 …"."""
    counts: dict[str, int] = {}
    order: list[tuple[int, str]] = []
    for kontrollmål in memo.kontrollmål:
        assessment = kontrollmål.assessment
        word = grade_word(assessment)
        if word not in counts:
            rank = assessment.level if assessment.level is not None else 100
            rank += 1 if assessment.status is Status.NOTHING_TO_ASSESS else 0
            order.append((rank, word))
        counts[word] = counts.get(word, 0) + 1
    levels = ", ".join(f"{word} {counts[word]}" for _, word in sorted(order))
    return message("memo.summary.levels", count=len(memo.kontrollmål), levels=levels)


def _deviations_sentence(memo: Memo) -> str:
    with_deviations = [
        f"{nämnd_name(n.name)} ({count})"
        for n in memo.nämnder
        for outcome, count in n.counts
        if outcome is Outcome.FAIL and count
    ]
    if not with_deviations:
        return message("memo.summary.no_deviations")
    return message("memo.summary.deviations", list=", ".join(with_deviations))


# ---------------------------------------------------------------- 2 Bakgrund


def _background(memo: Memo) -> Section:
    items = tuple(
        ListItem(plain(f"{q.document} ({counted('kontrollmal', len(q.kontrollmål))})"))
        for q in memo.questions
    )
    return Section(
        message("memo.section.background"),
        "background",
        2,
        (
            Paragraph(plain(message("memo.background.intro"))),
            BulletList(items),
            Paragraph(plain(message("memo.background.rules"))),
        ),
    )


# ---------------------------------------------------------------- 3 Revisionsfrågor


def _questions(memo: Memo) -> Section:
    items = tuple(
        ListItem(
            plain(message("memo.questions.question", document=q.document)),
            children=(
                BulletList(
                    tuple(
                        ListItem(
                            (
                                Span(k.rule.id, Style.STRONG),
                                Span(
                                    " "
                                    + message(
                                        "memo.questions.kontrollmal",
                                        title=k.rule.title,
                                        severity=severity_word(k.rule.severity),
                                    )
                                ),
                            )
                        )
                        for k in q.kontrollmål
                    )
                ),
            ),
        )
        for q in memo.questions
    )
    return Section(
        message("memo.section.questions"),
        "questions",
        2,
        (Paragraph(plain(message("memo.questions.intro"))), BulletList(items, ordered=True)),
    )


# ---------------------------------------------------------------- 4 Revisionskriterier


def _criteria(memo: Memo) -> Section:
    subsections = tuple(
        Section(
            f"{q.number}. {q.document}",
            f"criteria-{q.number}",
            3,
            (
                Details(
                    counted("criteria_details", len(q.kontrollmål)),
                    tuple(block for k in q.kontrollmål for block in _criterion(k)),
                ),
            ),
        )
        for q in memo.questions
    )
    return Section(
        message("memo.section.criteria"),
        "criteria",
        2,
        (Paragraph(plain(message("memo.criteria.intro"))),),
        subsections,
    )


def _criterion(kontrollmål: Kontrollmål) -> tuple[Block, ...]:
    rule = kontrollmål.rule
    source = rule.source
    # The document is the heading above; the fields say where in it.
    fields: list[tuple[str, Inline]] = []
    if source.section:
        fields.append((message("memo.criteria.section"), plain(source.section)))
    if source.page:
        fields.append((message("memo.criteria.page"), plain(source.page)))
    if source.url:
        fields.append((message("memo.criteria.url"), (Span(source.url, href=source.url),)))
    location = rule.rule_location
    fields.append(
        (
            message("memo.criteria.rule_file"),
            (Span(f"{location.file}:{location.line}", Style.CODE),),
        )
    )
    blocks: list[Block] = [
        Paragraph((strong(f"{rule.id} {rule.title}"),)),
        Fields(tuple(fields)),
    ]
    if source.quote:
        blocks.append(Quote(plain(source.quote)))
    else:
        blocks.append(Paragraph(plain(message("memo.criteria.no_quote")), tone=Tone.MISSING))
    return tuple(blocks)


# ---------------------------------------------------------------- 7 Bedömning mot kontrollmål


def _assessments(memo: Memo) -> Section:
    waivers = Outcome.WAIVED in memo.outcomes
    header = [
        message("memo.table.kontrollmal"),
        message("memo.table.severity"),
        message("memo.table.assessment"),
        message("report.outcome.pass"),
        message("report.outcome.fail"),
        message("report.outcome.insufficient_data"),
    ]
    if waivers:
        header.append(message("report.outcome.waived"))
    header.append(message("memo.table.not_judged"))
    tables: list[Block] = []
    for question in memo.questions:
        rows = []
        for k in question.kontrollmål:
            t = k.assessment.tally
            counts = [t.passed, t.failed, t.insufficient, *([t.waived] if waivers else [])]
            counts.append(t.not_applicable + t.not_due)
            rows.append(
                (
                    Cell((Span(k.rule.id, Style.STRONG), Span(" " + k.rule.title))),
                    Cell(plain(severity_word(k.rule.severity))),
                    Cell(plain(grade_label(k.assessment)), assessment_tone(k.assessment)),
                    *(Cell(plain(str(count))) for count in counts),
                )
            )
        caption = f"{question.number}. {question.document} – {grade_label(question.assessment)}"
        numeric = (False, False, False, *([True] * (len(header) - 3)))
        tables.append(Table(caption, tuple(header), tuple(rows), numeric))
    blocks: list[Block] = [Paragraph(plain(message("memo.table.intro"))), *tables]
    blocks.append(assessment_paragraph(message("memo.summary.overall"), memo.overall))
    blocks.append(Paragraph(plain(message("memo.table.not_judged_note"))))
    return Section(message("memo.section.assessments"), "assessments", 2, tuple(blocks))


# ---------------------------------------------------------------- 8 Rekommendationer


def _recommendations(memo: Memo) -> Section:
    items = [
        ListItem(
            (
                Span(r.text),
                Span(" "),
                Span(
                    message(
                        "memo.recommendations.concerns",
                        rules=", ".join(r.rules),
                        subjects=", ".join(r.subjects),
                    ),
                    Style.EMPHASIS,
                ),
            )
        )
        for r in memo.recommendations
    ]
    if memo.missing_evidence:
        items.append(
            ListItem(
                plain(
                    message(
                        "memo.recommendations.missing_evidence",
                        count=len(memo.missing_evidence),
                    )
                )
            )
        )
    blocks: tuple[Block, ...] = (
        (Paragraph(plain(message("memo.recommendations.intro"))), BulletList(tuple(items), True))
        if items
        else (Paragraph(plain(message("memo.summary.no_recommendations"))),)
    )
    return Section(message("memo.section.recommendations"), "recommendations", 2, blocks)
