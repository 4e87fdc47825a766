"""The audit memo of the Haninge and Servicenämnden examples, in Swedish and English, pinned.

Each report is built as the command line builds it in the example's folder (its
compliance.toml: rules, data, period, as-of date), so paths read as a user there sees them.
Regenerate after an intended change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_memo_golden.py` and review the diff: it is what a
revisor will read.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from compliance import api
from compliance.findings import Report
from compliance.memo import dataset_figures, memo_document
from compliance.memo.document import Document
from compliance.messages import use_language
from compliance.reporters import html, markdown

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = {
    "haninge": ROOT / "fixtures" / "haninge",
    "servicenamnden": ROOT / "fixtures" / "servicenamnden-t2-2015",
}
LANGUAGES = ("sv", "en")


def example_report(name: str, lang: str, *, figures: bool = False) -> tuple[Report, Document]:
    """The example's report and memo document in `lang`; with `figures`, the charts get the
    dataset's numbers, as they will once `Report` carries them (docs/reports.md)."""
    folder = EXAMPLES[name]
    config = tomllib.loads((folder / "compliance.toml").read_text("utf-8"))
    with pytest.MonkeyPatch.context() as patch, use_language(lang):
        patch.chdir(folder)
        rules = api.load_rules(config["rules"])
        data = api.load_data(config["data"])
        report = api.check(rules, data, period=config["period"], as_of=config["as_of"])
        table = dataset_figures(data, report) if figures else None
        return report, memo_document(report, figures=table)


def render_markdown(name: str, lang: str) -> str:
    report, _ = example_report(name, lang)
    with use_language(lang):
        return markdown.render(report)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_markdown_memo_matches_golden_file(name: str, lang: str) -> None:
    text = render_markdown(name, lang)
    golden = GOLDEN / f"{name}.{lang}.md"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_haninge_memo_fits_in_a_github_comment(lang: str) -> None:
    text = render_markdown("haninge", lang)
    assert len(text) <= markdown.COMMENT_LIMIT
    assert "<summary>" in text  # the full memo, with its evidence: it fits


def test_a_memo_too_long_for_a_comment_is_rendered_compact_and_says_so() -> None:
    report, document = example_report("servicenamnden", "sv")
    full = markdown.render_document(document)
    assert len(full) > markdown.COMMENT_LIMIT
    with use_language("sv"):
        compact = markdown.render(report)
    assert len(compact) <= markdown.COMMENT_LIMIT
    assert "> Kortversion: underlaget till varje iakttagelse" in compact
    assert "Underlag till iakttagelserna" not in compact
    # What the reader must see stays: the grades, every deviation, the missing evidence.
    assert "## Bedömning mot kontrollmål" in compact
    assert compact.count("**✗ Avvikelse**") == full.count("**✗ Avvikelse**") > 0
    assert "### Bilaga B. Saknat underlag" in compact


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_memo_bytes_are_the_same_every_time(name: str) -> None:
    first = render_markdown(name, "sv")
    second = render_markdown(name, "sv")
    assert first == second
    _, document = example_report(name, "en")
    with use_language("en"):
        assert html.render_document(document) == html.render_document(document)


def test_the_english_memo_reads_in_english() -> None:
    text = render_markdown("haninge", "en")
    assert text.startswith("# Audit report\n\n**Review of steering document requirements")
    for heading in (
        "## Summary",
        "## Background",
        "## Audit questions and control objectives",
        "## Audit criteria",
        "## Method and scope",
        "## Observations and assessments",
        "## Assessment against the control objectives",
        "## Recommendations",
        "## Appendices",
    ):
        assert f"\n{heading}\n" in text
    # Rule texts stay as written; the evaluator's words follow the run's language.
    assert "Valnämnden har ingen gällande tjänstegaranti för 2025." in text
    assert "The requirement does not apply to Valnämnden" in text
    # The catalogue's Swedish words, as the memo would show them (rule titles may use them).
    for swedish in ("Sammanfattning", "Bedömning:", "? Underlag saknas", "✗ Avvikelse", "✓ Upp"):
        assert swedish not in text
