"""Iakttagelser och bedömningar: per revisionsfråga and kontrollmål, and under each per nämnd.

Every finding that is not a pass is spelt out with its message; passes are named together.
The evidence behind each (sentences, data locations, missing paths, deadlines, waivers) follows
in a collapsible block, so a pull-request comment stays readable.
"""

from __future__ import annotations

from compliance.data.dataset import Location
from compliance.findings import Finding, Outcome
from compliance.memo.document import (
    Block,
    BulletList,
    Details,
    Inline,
    ListItem,
    Paragraph,
    Section,
    Span,
    Style,
    code_spans,
    plain,
    strong,
)
from compliance.memo.layout_figures import overview_figures
from compliance.memo.model import OUTCOME_SYMBOLS, Kontrollmål, Memo, NämndGroup, Revisionsfråga
from compliance.memo.paragraphs import anchor, assessment_paragraph
from compliance.memo.tones import OUTCOME_TONES
from compliance.memo.words import (
    citation_text,
    is_the_nämnd,
    nämnd_name,
    outcome_label,
    subject_text,
)
from compliance.messages import message

# The findings an observation list spells out with their message, in this order: those that
# call for attention. The rest are named together, their reasons given with the evidence.
SPELLED_OUT = (Outcome.FAIL, Outcome.INSUFFICIENT_DATA, Outcome.WAIVED, Outcome.NOT_DUE)
NAMED_TOGETHER = (Outcome.NOT_APPLICABLE, Outcome.PASS)


def observations_section(memo: Memo) -> Section:
    overview = Section(
        message("memo.observations.overview"),
        "overview",
        3,
        overview_figures(memo),
    )
    questions = tuple(_question_observations(q) for q in memo.questions)
    return Section(
        message("memo.section.observations"),
        "observations",
        2,
        (Paragraph(plain(message("memo.observations.intro"))),),
        (overview, *questions),
    )


def _question_observations(question: Revisionsfråga) -> Section:
    return Section(
        f"{question.number}. {question.document}",
        f"question-{question.number}",
        3,
        (
            assessment_paragraph(
                message("memo.observations.question_assessment"), question.assessment
            ),
        ),
        tuple(_kontrollmål_observations(k) for k in question.kontrollmål),
    )


def _kontrollmål_observations(kontrollmål: Kontrollmål) -> Section:
    rule = kontrollmål.rule
    blocks: list[Block] = [
        assessment_paragraph(message("memo.observations.assessment"), kontrollmål.assessment),
        Paragraph(
            (
                Span(message("memo.observations.criterion") + ": ", Style.STRONG),
                Span(citation_text(rule.source)),
            )
        ),
    ]
    if not kontrollmål.groups:
        blocks.append(Paragraph(plain(message("memo.observations.no_subjects"))))
    else:
        items = [item for group in kontrollmål.groups for item in _group_items(group)]
        items.extend(_named_items(kontrollmål.findings))
        blocks.append(BulletList(tuple(items)))
        explained = [f for f in kontrollmål.findings if f.outcome is not Outcome.PASS]
        if explained:
            blocks.append(
                Details(
                    message("memo.observations.evidence_details", rule=rule.id),
                    tuple(block for f in explained for block in _evidence_blocks(f)),
                    omissible=True,
                )
            )
    return Section(f"{rule.id} {rule.title}", f"km-{anchor(rule.id)}", 4, tuple(blocks))


def _group_items(group: NämndGroup) -> tuple[ListItem, ...]:
    """The nämnd's findings that call for attention, each with its message."""
    findings = [f for outcome in SPELLED_OUT for f in group.findings if f.outcome is outcome]
    if not findings:
        return ()
    name = nämnd_name(findings[0].subject.nämnd_name if group.nämnd_id else None)
    if len(findings) == 1 and is_the_nämnd(findings[0]):
        finding = findings[0]
        content = (strong(name), Span(": "), *_outcome_and_message(finding))
        return (ListItem(content, tone=OUTCOME_TONES[finding.outcome]),)
    children = tuple(
        ListItem(_outcome_and_message(f), tone=OUTCOME_TONES[f.outcome]) for f in findings
    )
    return (ListItem((strong(name),), children=(BulletList(children),)),)


def _outcome_and_message(finding: Finding) -> Inline:
    # A message that names its subject already needs no label in front of it.
    named = is_the_nämnd(finding) or finding.subject.name in finding.message
    about = "" if named else f"{subject_text(finding.subject)}: "
    return (
        Span(outcome_label(finding.outcome), Style.STRONG),
        Span(f" – {about}{finding.message}"),
    )


def _named_items(findings: tuple[Finding, ...]) -> tuple[ListItem, ...]:
    """Not applicable and passed findings named together, one line each: they need no action."""
    items: list[ListItem] = []
    for outcome in NAMED_TOGETHER:
        named = [subject_text(f.subject) for f in findings if f.outcome is outcome]
        if named:
            label = f"{outcome_label(outcome)} ({len(named)})"
            items.append(
                ListItem(
                    (Span(label, Style.STRONG), Span(": " + ", ".join(named))),
                    tone=OUTCOME_TONES[outcome],
                )
            )
    return tuple(items)


def _evidence_blocks(finding: Finding) -> tuple[Block, ...]:
    subject = finding.subject
    head: list[Span] = [
        Span(f"{OUTCOME_SYMBOLS[finding.outcome]} {subject_text(subject)}", Style.STRONG)
    ]
    if subject.id != subject.name:
        head.append(Span(f" ({subject.id})"))
    if finding.location is not None:
        head.extend((Span(" – "), Span(str(finding.location), Style.CODE)))
    if finding.outcome not in SPELLED_OUT:
        # Not listed above with its message: the reason it does not apply is said here.
        head.append(Span(f": {finding.message}"))
    items = [
        ListItem((*code_spans(item.text), *_where(item.location, item.path)))
        for item in finding.evidence
    ]
    items.extend(ListItem((strong(f"{label}: "), *value)) for label, value in _extras(finding))
    if not items:
        items.append(ListItem(plain(message("memo.evidence.none"))))
    return (Paragraph(tuple(head)), BulletList(tuple(items)))


def _extras(finding: Finding) -> list[tuple[str, Inline]]:
    """What the evidence list adds after the sentences: missing paths, deadline, waiver."""
    extras: list[tuple[str, Inline]] = []
    if finding.missing:
        paths = _joined(tuple(Span(path, Style.CODE) for path in finding.missing))
        extras.append((message("memo.evidence.missing"), paths))
    if finding.deadline is not None:
        extras.append((message("memo.evidence.deadline"), plain(finding.deadline.isoformat())))
    waiver = finding.waiver
    if waiver is not None:
        key = "memo.evidence.waiver_expired" if waiver.expired else "memo.evidence.waiver"
        text = message(
            key, justification=waiver.justification, until=waiver.valid_until.isoformat()
        )
        extras.append((message("memo.evidence.waiver_label"), plain(text)))
    return extras


def _where(location: Location | None, path: str | None) -> Inline:
    where = str(location) if location is not None else path
    return (Span(" ("), Span(where, Style.CODE), Span(")")) if where else ()


def _joined(spans: tuple[Span, ...]) -> Inline:
    out: list[Span] = []
    for index, span in enumerate(spans):
        if index:
            out.append(Span(", "))
        out.append(span)
    return tuple(out)
