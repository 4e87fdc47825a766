"""`compliance diff --format html|docx`: the follow-up as a self-contained HTML file and a Word
document that say what the Markdown diff says, with the same sections.

The two Haninge reports are written by the real `compliance check` (test_followup.py's
fixture); a third diff, edited from them, has every kind of section: a note, waived and
not-yet-due findings, rules added and removed, and hostile text in a message. The HTML is
also rendered in headless Chromium (test_html_report.py's helpers); its screenshot is kept in
tests/artefacts/ for a person to look at.
"""

from __future__ import annotations

import html
import io
import re
import sys
import zipfile
from datetime import UTC, datetime
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path
from typing import Any

import docx
import pytest
from cli_process import run
from test_followup import Document as JsonDocument
from test_followup import drop_rule, edited_diff, haninge_diff
from test_followup import in_reports as in_reports
from test_followup import reports as reports
from test_html_report import chromium, keep, needs_chromium, png_size, structure

from compliance.diagnostics import InputError
from compliance.followup.command import run_diff
from compliance.followup.formats import BINARY_FORMATS, FORMATS
from compliance.followup.layout import layout_diff
from compliance.followup.model import Change, Note, ReportDiff
from compliance.memo.document import Document as MemoDocument
from compliance.memo.document import Section, Table
from compliance.messages import use_language
from compliance.reporters.words import subject_label

HOSTILE = '<script>alert("x")</script> & | *fet*'
ENGLISH_HEADINGS = [
    (1, "Follow-up of an earlier review – Haninge kommun"),
    (2, "Summary"),
    (3, "Assessments per outcome"),
    (2, "New deviations (7)"),
    (2, "Persisting deviations (12)"),
    (2, "Resolved (12)"),
]


# ---------------------------------------------------------------- the diffs


def varied_diff(reports: Path, tmp_path: Path) -> ReportDiff:
    """The 2025 report against itself, edited: every section and a note (same period)."""

    def edit_new(document: JsonDocument) -> None:
        drop_rule("HAN-SYN")(document)  # removed: its deviations resolved, rule not checked
        for item in document["findings"]:
            subject = item["subject"]["id"]
            if item["rule"] == "HAN-TG" and subject == "valnämnden":
                item["outcome"] = "waived"
                item["waiver"] = {
                    "rule": "HAN-TG",
                    "subject": "valnämnden",
                    "justification": "Nämnden avvecklas 2027.",
                    "decided_by": "Kommunstyrelsen",
                    "reference": "KS 2026/123",
                    "valid_until": "2027-06-30",
                    "expired": False,
                    "original_outcome": "fail",
                    "location": None,
                }
            if item["rule"] == "HAN-MÅL-FÖRV" and subject == "gymnasieförvaltningen":
                item["outcome"] = "not_due"
            if item["rule"] == "KL-5.3":
                item["message"] = HOSTILE

    # KL-6.6 is checked only in the later report: its deviations are new.
    return edited_diff(reports, tmp_path, drop_rule("KL-6.6"), edit_new)


@pytest.fixture(scope="module")
def diffs(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportDiff]:
    varied = tmp_path_factory.mktemp("varied")
    # Read in the reports' folder, so the documents name the files as a user would see them.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(reports)
        return {"haninge": haninge_diff(Path()), "varied": varied_diff(Path(), varied)}


CASES = [("haninge", "sv"), ("haninge", "en"), ("varied", "sv")]


def rendered(diff: ReportDiff, format: str, lang: str) -> Any:
    with use_language(lang):
        return FORMATS[format](diff)


def html_page(diffs: dict[str, ReportDiff], name: str, lang: str) -> str:
    page = rendered(diffs[name], "html", lang)
    assert isinstance(page, str)
    return page


def docx_bytes(diffs: dict[str, ReportDiff], name: str, lang: str) -> bytes:
    data = rendered(diffs[name], "docx", lang)
    assert isinstance(data, bytes)
    return data


def markdown_headings(text: str) -> list[tuple[int, str]]:
    found = re.findall(r"^(#{1,6}) (.+)$", text, re.MULTILINE)
    return [(len(marks), html.unescape(re.sub(r"\\(.)", r"\1", title))) for marks, title in found]


# ---------------------------------------------------------------- reading the HTML back


class Page(HTMLParser):
    """Headings, tables (with the section each is in), emphasis and toned paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.tables: list[dict[str, Any]] = []
        self.emphasis: list[str] = []
        self.toned: list[tuple[str, str]] = []
        self.sections: list[str] = []
        # The elements whose text is being collected, innermost last: a cell holds an `<em>`.
        self._open: list[tuple[str, dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "section":
            self.sections.append(attributes["id"])
        elif tag == "table":
            section = self.sections[-1] if self.sections else ""
            self.tables.append({"section": section, "caption": "", "header": [], "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        if tag in {"h1", "h2", "h3", "h4", "caption", "th", "td", "em", "p"}:
            self._open.append((tag, attributes, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.sections.pop()
        if not self._open or self._open[-1][0] != tag:
            return
        _, attributes, parts = self._open.pop()
        text = "".join(parts)
        if re.fullmatch(r"h\d", tag):
            self.headings.append((int(tag[1]), text))
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in {"th", "td"}:
            self.tables[-1]["rows"][-1].append(text)
        elif tag == "em":
            self.emphasis.append(text)
        elif tag == "p" and "tone-" in attributes.get("class", ""):
            self.toned.append((attributes["class"], text))

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._open:
            parts.append(data)


def read_page(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    # The header row of each table is its `header`; the rest are its rows.
    for table in parser.tables:
        table["header"], table["rows"] = table["rows"][0], table["rows"][1:]
    return parser


def tables_of(document: MemoDocument) -> list[Table]:
    """The document's tables in reading order (a section's own blocks before its subsections)."""
    found: list[Table] = []

    def walk(section: Section) -> None:
        found.extend(b for b in section.blocks if isinstance(b, Table))
        for subsection in section.subsections:
            walk(subsection)

    for section in document.sections:
        walk(section)
    return found


def cell_lines(content_rows: tuple[tuple[Any, ...], ...]) -> list[list[str]]:
    return [["".join(s.text for s in cell.content) for cell in row] for row in content_rows]


# ---------------------------------------------------------------- HTML


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_html_has_the_sections_of_the_markdown(
    diffs: dict[str, ReportDiff], name: str, lang: str
) -> None:
    markdown = rendered(diffs[name], "markdown", lang)
    page = read_page(html_page(diffs, name, lang))
    assert page.headings == markdown_headings(markdown)
    if (name, lang) == ("haninge", "en"):
        assert page.headings == ENGLISH_HEADINGS


def test_the_counts_are_a_table_with_caption_and_header_cells(diffs: dict[str, ReportDiff]) -> None:
    page = read_page(html_page(diffs, "haninge", "sv"))
    counts, outcomes = page.tables[:2]
    assert counts == {
        "section": "summary",
        "caption": "Antal iakttagelser per förändring",
        "header": ["Förändring", "Antal"],
        "rows": [
            ["Nya avvikelser", "7"],
            ["Kvarstående avvikelser", "12"],
            ["Åtgärdade", "12"],
            ["Regler som har tillkommit", "0"],
            ["Regler som inte längre prövas", "0"],
        ],
    }
    assert outcomes["section"] == "outcomes"
    assert outcomes["header"] == ["Utfall", "2024", "2025"]
    assert outcomes["rows"][0] == ["✗ Avvikelse", "21", "15"]
    assert outcomes["rows"][-1] == ["Totalt", "127", "127"]
    # Every table has its caption first, and header cells that say what they head.
    for table in structure(html_page(diffs, "haninge", "sv")).tables:
        assert table["first"] == "caption"
        assert int(str(table["th"])) > 0 and table["th_without_scope"] == 0
    markup = html_page(diffs, "haninge", "sv")
    assert '<th scope="col" class="num">Antal</th>' in markup
    assert '<td class="num tone-bad">7</td>' in markup  # a new deviation stands out


@pytest.mark.parametrize("change", [Change.NEW, Change.PERSISTING, Change.RESOLVED])
def test_each_finding_is_listed_under_its_change_and_rule(
    diffs: dict[str, ReportDiff], change: Change
) -> None:
    diff = diffs["haninge"]
    page = read_page(html_page(diffs, "haninge", "sv"))
    tables = [t for t in page.tables if t["section"] == change.value]
    with use_language("sv"):
        document = layout_diff(diff)
    [section] = [s for s in document.sections if s.anchor == change.value]
    expected = [b for b in section.blocks if isinstance(b, Table)]
    assert [t["caption"] for t in tables] == [t.caption for t in expected]
    assert [t["caption"].split()[0] for t in tables] == list(
        dict.fromkeys(c.rule for c in diff.of(change))
    )
    assert all(t["header"] == ["Avser", "2025", "2024", "Iakttagelse"] for t in tables)
    rows = [row for table in tables for row in table["rows"]]
    assert rows == [row for table in expected for row in cell_lines(table.rows)]
    with use_language("sv"):
        labels = [subject_label(c.subject) for c in diff.of(change)]
    assert [row[0] for row in rows] == labels
    assert [row[3] for row in rows] == [c.failing_side.message for c in diff.of(change)]


def test_a_resolved_finding_says_how_it_was_resolved(diffs: dict[str, ReportDiff]) -> None:
    page = read_page(html_page(diffs, "haninge", "sv"))
    rows = [row for t in page.tables if t["section"] == "resolved" for row in t["rows"]]
    assistans = next(row for row in rows if "utf-assistans" in row[0])
    # Resolved because the contract ended, not because it was fixed: the later outcome says so.
    assert assistans[1:3] == ["– Ej tillämplig", "✗ Avvikelse"]


def test_every_kind_of_section_note_and_reason(diffs: dict[str, ReportDiff]) -> None:
    diff = diffs["varied"]
    assert diff.notes == (Note.SAME_PERIOD,)
    assert all(diff.of(change) for change in Change)
    assert diff.rules_added and diff.rules_removed
    markup = html_page(diffs, "varied", "sv")
    page = read_page(markup)
    assert [h for level, h in page.headings if level == 2] == [
        "Sammanfattning",
        "Nya avvikelser (3)",
        "Kvarstående avvikelser (12)",
        "Åtgärdade (2)",
        "Undantag (1)",
        "Ej förfallna nu (1)",
        "Regler som har tillkommit sedan den tidigare granskningen (1)",
        "Regler som prövades vid den tidigare granskningen men inte längre (1)",
    ]
    assert page.toned == [
        (
            "tone-partial",
            "Observera: Båda rapporterna gäller 2025: jämförelsen visar vad som har "
            "ändrats mellan två körningar, inte mellan två år.",
        )
    ]
    # Why a finding is in one report only, as in the Markdown's italics.
    assert page.emphasis.count("regeln prövades inte vid den tidigare granskningen") == 3
    assert page.emphasis.count("regeln prövas inte längre") == 2
    waived = next(t for t in page.tables if t["section"] == "waived")
    assert waived["rows"][0][1:3] == ["⊘ Undantag", "✗ Avvikelse"]
    assert waived["rows"][0][3].endswith(
        "Undantag till och med 2027-06-30 (KS 2026/123): Nämnden avvecklas 2027."
    )
    assert "<li><strong>KL-6.6</strong> Nämnden har en internkontrollplan" in markup
    # Same period: the columns are called Nu and Tidigare, not by year.
    assert waived["header"] == ["Avser", "Nu", "Tidigare", "Iakttagelse"]
    # A report's text is shown as written, never as markup.
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; | *fet*" in markup


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_html_is_self_contained_and_well_formed(
    diffs: dict[str, ReportDiff], name: str, lang: str
) -> None:
    markup = html_page(diffs, name, lang)
    parsed = structure(markup)
    assert markup.startswith("<!DOCTYPE html>\n") and markup.endswith("</html>\n")
    assert parsed.html_lang == lang and parsed.charset
    assert parsed.fetches == [] and parsed.forbidden == []
    assert re.search(r"""\ssrc\s*=\s*["']?https?:""", markup) is None
    assert "@import" not in parsed.style and "url(" not in parsed.style
    assert parsed.stack == []  # every element opened was closed
    assert [name for name, count in parsed.ids.items() if count > 1] == []
    assert sorted(set(parsed.labelled_by) - set(parsed.ids)) == []
    levels = parsed.headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert [(a, b) for a, b in pairwise(levels) if b > a + 1] == []


def test_the_html_in_english_has_no_swedish_catalogue_text(diffs: dict[str, ReportDiff]) -> None:
    markup = html_page(diffs, "haninge", "en")
    assert '<html lang="en">' in markup
    assert "<title>Follow-up of an earlier review – Haninge kommun – 2025 compared with 2024" in (
        markup
    )
    for swedish in ("Sammanfattning", "Nya avvikelser", "Tidigare granskning", "Innehåll", "Avser"):
        assert swedish not in markup
    # The findings' messages are quoted from the reports, in the language of their check run.
    assert "Valnämnden har ingen gällande tjänstegaranti för 2025." in markup


@needs_chromium
@pytest.mark.parametrize("name", ["haninge", "varied"])
def test_the_html_renders_in_chromium_without_console_errors(
    diffs: dict[str, ReportDiff], name: str, tmp_path: Path
) -> None:
    page = tmp_path / f"{name}-diff.sv.html"
    page.write_text(html_page(diffs, name, "sv"), "utf-8")
    screenshot = tmp_path / f"{name}-diff.sv.png"
    rendered_page = chromium(tmp_path, page, f"--screenshot={screenshot}")
    assert rendered_page.returncode == 0, rendered_page.stderr[-2000:]
    assert rendered_page.console == []
    assert rendered_page.fetches == []
    assert png_size(screenshot) == (1240, 1754)
    # A rendered page is far larger than a blank one (a few kB).
    assert screenshot.stat().st_size > 50_000
    keep(f"{name}-diff.sv.png", screenshot)


# ---------------------------------------------------------------- DOCX


def word_headings(data: bytes) -> list[tuple[int, str]]:
    """The title and headings of a .docx as Markdown levels: Title is #, Heading 1 is ##."""
    found = []
    for paragraph in docx.Document(io.BytesIO(data)).paragraphs:
        style = paragraph.style.name
        if style == "Title":
            found.append((1, paragraph.text))
        elif style.startswith("Heading "):
            found.append((int(style.removeprefix("Heading ")) + 1, paragraph.text))
    return found


@pytest.mark.parametrize(("name", "lang"), CASES)
def test_the_docx_headings_are_the_sections_of_the_markdown(
    diffs: dict[str, ReportDiff], name: str, lang: str
) -> None:
    data = docx_bytes(diffs, name, lang)
    markdown = rendered(diffs[name], "markdown", lang)
    assert word_headings(data) == markdown_headings(markdown)
    opened = docx.Document(io.BytesIO(data))
    assert [p.style.name for p in opened.paragraphs[:2]] == ["Title", "Subtitle"]
    assert {p.style.name for p in opened.paragraphs if p.style.name.startswith("Heading")} == {
        "Heading 1",
        "Heading 2",
    }
    with use_language(lang):
        tables = tables_of(layout_diff(diffs[name]))
    assert len(opened.tables) == len(tables)
    # Captions in order, each numbered: `Tabell 3. HAN-SYN Synpunkter besvaras …`.
    captions = [p.text for p in opened.paragraphs if p.style.name == "Caption"]
    assert [c.split(". ", 1)[1] for c in captions] == [t.caption for t in tables]
    for grid, table in zip(opened.tables, tables, strict=True):
        assert [c.text for c in grid.rows[0].cells] == list(table.header)
        assert [[c.text for c in row.cells] for row in grid.rows[1:]] == cell_lines(table.rows)


def test_the_docx_is_the_same_bytes_every_time_and_dated_by_the_later_report(
    diffs: dict[str, ReportDiff],
) -> None:
    first, second = docx_bytes(diffs, "haninge", "sv"), docx_bytes(diffs, "haninge", "sv")
    assert first == second
    opened = docx.Document(io.BytesIO(first))
    assert opened.core_properties.created == datetime(2026, 9, 30, tzinfo=UTC)
    assert opened.core_properties.title == "Uppföljning av tidigare granskning – Haninge kommun"
    grid = opened.tables[0]
    assert [[c.text for c in row.cells] for row in grid.rows][:2] == [
        ["Förändring", "Antal"],
        ["Nya avvikelser", "7"],
    ]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_diff_to_a_docx_file_from_the_command_line(
    in_reports: Path, diffs: dict[str, ReportDiff], tmp_path: Path, lang: str
) -> None:
    assert "docx" in BINARY_FORMATS
    output = tmp_path / "x.docx"
    result = run(
        *("diff", "haninge-2024.json", "haninge-2025.json"),
        *("--format", "docx", "--output", output, "--lang", lang),
        cwd=in_reports,
    )
    assert result.code == 1, result.stderr  # seven new deviations
    assert result.stdout == "" and result.stderr == ""
    data = output.read_bytes()
    assert zipfile.is_zipfile(io.BytesIO(data))
    markdown = rendered(diffs["haninge"], "markdown", lang)
    assert word_headings(data) == markdown_headings(markdown)
    if lang == "en":
        assert word_headings(data) == ENGLISH_HEADINGS
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "haninge-2024.json" in text and str(in_reports) not in text
    # The same bytes as the diff written here: nothing depends on the process or the clock.
    here = tmp_path / "here.docx"
    code = run_diff(
        Path("haninge-2024.json"), Path("haninge-2025.json"), format="docx", output=here, lang=lang
    )
    assert code == 1 and here.read_bytes() == data


def test_docx_goes_to_a_pipe_as_bytes(
    in_reports: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code = run_diff(
        Path("haninge-2024.json"), Path("haninge-2025.json"), format="docx", output=None, lang="sv"
    )
    assert code == 1
    out = capsysbinary.readouterr().out
    assert out.startswith(b"PK\x03\x04")
    assert word_headings(out)[0] == (1, "Uppföljning av tidigare granskning – Haninge kommun")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_docx_is_refused_on_a_terminal(in_reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    with pytest.raises(InputError) as error:
        run_diff(
            Path("haninge-2024.json"),
            Path("haninge-2025.json"),
            format="docx",
            output=None,
            lang="sv",
        )
    [problem] = error.value.diagnostics
    assert problem.code == "E404" and "binary" in problem.message
    assert problem.help == "pass `--output diff.docx`"
    assert terminal.getvalue() == ""
