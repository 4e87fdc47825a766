"""The memo as GitHub-flavoured Markdown: structure, escaping, collapsible details, length.

Rendered Markdown is parsed back with markdown-it (GitHub-like rules: tables, raw HTML) to check
what a reader of the pull-request comment would see, not only the source text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from test_memo_model import finding, nämnd, report

from compliance.findings import Evidence, Outcome, Subject
from compliance.memo import memo_document
from compliance.messages import use_language
from compliance.reporters import markdown
from compliance.reporters.markdown import COMMENT_LIMIT, escape

HOSTILE = "A | B *stark* _kursiv_ <script>alert(1)</script> [länk](http://x) `kod` $x$ & ~s~"


def to_html(text: str) -> str:
    return MarkdownIt("gfm-like", {"html": True}).disable("linkify").render(text)


def hostile_report() -> str:
    subject = Subject("nämnd", "n|1", HOSTILE, "n|1", HOSTILE)
    findings = (
        finding(
            "A|B",
            Outcome.FAIL,
            subject,
            message=HOSTILE,
            evidence=(Evidence(f"`a | b` {HOSTILE}", path="x[n|1].y", value="1"),),
            missing=("x[n|1].z",),
            recommendation=HOSTILE,
        ),
        finding("A|B", Outcome.PASS, nämnd("sn")),
    )
    return markdown.render(report(findings))


def test_the_memo_has_the_granskningsrapport_sections_in_order() -> None:
    text = markdown.render(report((finding("A", Outcome.FAIL, recommendation="Gör så."),)))
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == [
        "Sammanfattning",
        "Bakgrund",
        "Revisionsfrågor och kontrollmål",
        "Revisionskriterier",
        "Metod och avgränsning",
        "Iakttagelser och bedömningar",
        "Bedömning mot kontrollmål",
        "Rekommendationer",
        "Bilagor",
    ]
    assert text.startswith(
        "# Granskningsrapport\n\n**Kontroll av styrdokumentens krav – Testkommun"
    )


def test_special_characters_are_shown_as_written_and_never_become_markup() -> None:
    rendered = to_html(hostile_report())
    assert "<script>" not in rendered
    assert "<a href" not in rendered
    assert "<em>stark</em>" not in rendered
    assert "<em>kursiv</em>" not in rendered
    assert "<s>s</s>" not in rendered and "<del>" not in rendered
    # Backticks in a rule's message are text; in evidence they quote a condition as code.
    assert "`kod`" in rendered
    assert "<code>a | b</code>" in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[länk](http://x)" in rendered


def test_a_pipe_never_breaks_a_table() -> None:
    rendered = to_html(hostile_report())
    for table in re.findall(r"<table>.*?</table>", rendered, re.DOTALL):
        widths = {
            len(re.findall(r"<t[hd][ >]", row)) for row in re.findall(r"<tr>.*?</tr>", table, re.S)
        }
        assert len(widths) == 1, table
    # The subject's name, `|` and all, is one cell of the list of every check.
    assert f"<td>{escape_html(HOSTILE)}</td>" in rendered.replace("\n", "")


def escape_html(text: str) -> str:
    rendered = to_html(escape(text))
    return rendered.removeprefix("<p>").removesuffix("</p>\n")


def test_evidence_is_collapsible_and_the_assessments_are_not() -> None:
    text = markdown.render(
        report(
            (
                finding("A", Outcome.FAIL, evidence=(Evidence("Ingen post i `x`."),)),
                finding("A", Outcome.PASS, nämnd("sn")),
            )
        )
    )
    details = re.findall(r"<details>\n<summary>(.*?)</summary>\n\n(.*?)</details>", text, re.S)
    summaries = [summary for summary, _ in details]
    assert "Underlag till iakttagelserna (A)" in summaries
    assert "Visa samtliga 2 prövningar" in summaries
    inside = "".join(body for _, body in details)
    assert "Ingen post i `x`." in inside
    # The table of assessments and the summary are outside every details block.
    outside = re.sub(r"<details>.*?</details>", "", text, flags=re.S)
    assert "| **A** Kravet A | hög | ◐ Delvis uppfyllt | 1 | 1 | 0 | 0 |" in outside
    assert "**Samlad bedömning: ◐ Delvis uppfyllt** (1 av 2 bedömda uppfyllda; 1 avvikelse)" in (
        outside
    )


def test_details_render_as_html_details_with_markdown_inside() -> None:
    rendered = to_html(markdown.render(report((finding("A", Outcome.FAIL),))))
    assert "<details>\n<summary>Underlag till iakttagelserna (A)</summary>\n<p><strong>" in rendered


def test_missing_evidence_is_listed_as_missing() -> None:
    text = markdown.render(
        report((finding("A", Outcome.INSUFFICIENT_DATA, missing=("rapporter[r].datum",)),))
    )
    assert "**Samlad bedömning: ? Kan inte bedömas** (0 av 1 bedömda uppfyllda; underlag " in text
    appendix = text.split("### Bilaga B. Saknat underlag")[1]
    assert "| **A** | Valnämnden | `rapporter[r].datum` | `organisation.yaml:5:3` |" in appendix


def test_a_long_memo_is_made_compact_to_fit_a_comment() -> None:
    long_message = "Lång iakttagelse. " * 40
    findings = tuple(
        finding(
            "A",
            Outcome.FAIL,
            nämnd(f"n{i}"),
            message=long_message,
            evidence=(Evidence(long_message),) * 3,
        )
        for i in range(40)
    )
    built = report(findings)
    full = markdown.render_document(memo_document(built))
    assert len(full) > COMMENT_LIMIT
    compact = markdown.render(built)
    assert len(compact) <= COMMENT_LIMIT
    assert "Kortversion" in compact
    assert compact.count(long_message.strip()) == 40  # each observation, without its evidence


def test_english_markdown_comes_from_the_english_catalogue() -> None:
    with use_language("en"):
        text = markdown.render(report((finding("A", Outcome.FAIL),)))
    assert "## Assessment against the control objectives" in text
    assert "| Control objective | Severity | Assessment | Met | Deviation |" in text


def test_escape_leaves_plain_words_and_intraword_underscores_alone() -> None:
    assert escape("tekniska_nämnden har 2 avvikelser") == "tekniska_nämnden har 2 avvikelser"
    assert escape("_x_ a*b <c> [d](e)") == r"\_x\_ a\*b \<c\> [d\](e)"
    assert escape("rad\nbryts") == "rad bryts"
