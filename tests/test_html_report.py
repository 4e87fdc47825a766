"""The memo as one self-contained HTML file: accessible structure, nothing fetched, and a real
render in headless Chromium (Debian's package) with no console errors.

The Chromium tests keep a screenshot and an A4 PDF in tests/artefacts/ (not committed) for a
person to look at. They are skipped only when /usr/bin/chromium is missing; CI installs it.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
from collections import Counter
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from test_memo_golden import example_report
from test_memo_model import finding, nämnd, report

from compliance.findings import Citation, Evidence, Outcome, RuleInfo, RuleSource, Severity
from compliance.messages import use_language
from compliance.reporters import html

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (Debian package `chromium`); CI installs it",
)
# Attributes through which a page could make the browser fetch something.
FETCHING = {"src", "href", "srcset", "data", "poster", "action", "xlink:href", "background"}
FORBIDDEN_TAGS = {"script", "link", "img", "iframe", "object", "embed", "base", "audio", "video"}
A4_POINTS = (595, 842)


class Structure(HTMLParser):
    """What the checks need from a page: headings, tables, ids, fetches, forbidden tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[int] = []
        self.tables: list[dict[str, object]] = []
        self.ids: Counter[str] = Counter()
        self.labelled_by: list[str] = []
        self.fetches: list[str] = []
        self.forbidden: list[str] = []
        self.html_lang: str | None = None
        self.charset = False
        self.stack: list[str] = []
        self.style = ""
        self.toned_text: list[str] = []
        self._tone_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = attributes.get("lang")
        if tag == "meta" and "charset" in attributes:
            self.charset = True
        if tag in FORBIDDEN_TAGS:
            self.forbidden.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append({"first": None, "th": 0, "th_without_scope": 0})
        elif self.tables and self.stack and self.stack[-1] == "table":
            table = self.tables[-1]
            if table["first"] is None:
                table["first"] = tag
        if tag == "th" and self.tables:
            table = self.tables[-1]
            table["th"] = int(str(table["th"])) + 1
            if "scope" not in attributes:
                table["th_without_scope"] = int(str(table["th_without_scope"])) + 1
        if "id" in attributes:
            self.ids[attributes["id"]] += 1
        if "aria-labelledby" in attributes:
            self.labelled_by.extend(attributes["aria-labelledby"].split())
        for name, value in attributes.items():
            external = re.match(r"\s*(https?:)?//", value) is not None
            if name in FETCHING and external and not (tag == "a" and name == "href"):
                self.fetches.append(f"<{tag} {name}={value}>")
        if "tone-" in attributes.get("class", "") and self._tone_depth is None:
            self._tone_depth = len(self.stack)
            self.toned_text.append("")
        if tag not in {"meta", "br", "line", "rect", "circle", "path", "polygon"}:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop() == tag:
                break
        if self._tone_depth is not None and len(self.stack) <= self._tone_depth:
            self._tone_depth = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style += data
        if self._tone_depth is not None:
            self.toned_text[-1] += data


def structure(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


def haninge_html() -> str:
    _, document = example_report("haninge", "sv")
    with use_language("sv"):
        return html.render_document(document)


def servicenamnden_html() -> str:
    # With the dataset's figures, so the indicator chart is drawn as it will be from the CLI.
    _, document = example_report("servicenamnden", "en", figures=True)
    with use_language("en"):
        return html.render_document(document)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {"haninge.sv": haninge_html(), "servicenamnden.en": servicenamnden_html()}


# ---------------------------------------------------------------- structure


def test_a_complete_document_in_the_run_language(pages: dict[str, str]) -> None:
    for name, page in pages.items():
        parsed = structure(page)
        assert page.startswith("<!DOCTYPE html>\n")
        assert parsed.html_lang == name.split(".")[1]
        assert parsed.charset
    assert (
        "<title>Audit report – Review of steering document requirements"
        in (pages["servicenamnden.en"])
    )


def test_headings_go_down_one_level_at_a_time(pages: dict[str, str]) -> None:
    for page in pages.values():
        levels = structure(page).headings
        assert levels[0] == 1 and levels.count(1) == 1
        jumps = [(a, b) for a, b in pairwise(levels) if b > a + 1]
        assert jumps == []
        assert {2, 3, 4} <= set(levels)


def test_every_table_has_a_caption_and_scoped_header_cells(pages: dict[str, str]) -> None:
    for page in pages.values():
        tables = structure(page).tables
        assert len(tables) >= 5
        for table in tables:
            assert table["first"] == "caption"
            assert int(str(table["th"])) > 0
            assert table["th_without_scope"] == 0


def test_nothing_is_fetched_from_anywhere(pages: dict[str, str]) -> None:
    for page in pages.values():
        parsed = structure(page)
        assert parsed.fetches == []
        assert parsed.forbidden == []
        assert "@import" not in parsed.style and "url(" not in parsed.style


def test_ids_are_unique_and_every_label_reference_exists(pages: dict[str, str]) -> None:
    for page in pages.values():
        parsed = structure(page)
        assert [name for name, count in parsed.ids.items() if count > 1] == []
        assert sorted(set(parsed.labelled_by) - set(parsed.ids)) == []


def test_colour_is_never_the_only_cue(pages: dict[str, str]) -> None:
    # Every toned element says its status in words or symbols, also when printed in grey.
    for page in pages.values():
        texts = structure(page).toned_text
        assert len(texts) > 20
        assert [text for text in texts if not re.search(r"[✓✗◐?–…⊘]|\w{3,}", text)] == []


def test_charts_are_inline_svg_with_title_description_and_data_table(
    pages: dict[str, str],
) -> None:
    page = pages["servicenamnden.en"]
    svgs = re.findall(r"<svg .*?</svg>", page, re.DOTALL)
    assert len(svgs) == 2  # outcomes per committee; indicators against their targets
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r'<title id="chart-\d-title">.+</title>', svg)
        assert re.search(r'<desc id="chart-\d-desc">.+</desc>', svg)
    assert "Outcomes per committee" in svgs[0]
    assert "Indicators: forecast and outcome against the annual target" in svgs[1]
    # The patterns that tell the outcomes apart without colour are defined in the chart.
    assert 'patternTransform="rotate(45)"' in svgs[0]
    assert page.count('<details class="figure-data">') == 2


def test_print_style_is_a4_and_keeps_rows_and_charts_whole(pages: dict[str, str]) -> None:
    style = structure(pages["haninge.sv"]).style
    assert "@page { size: A4;" in style
    assert "@media print" in style
    assert "break-inside: avoid" in style


def test_text_is_escaped_and_only_safe_links_are_links() -> None:
    hostile = '<script>alert(1)</script> & "citat"'
    rule = RuleInfo(
        id="A",
        title=hostile,
        severity=Severity.HIGH,
        source=Citation("Policy", quote=hostile, url="javascript:alert(1)"),
        rule_location=RuleSource("policy.rules", 1, 1),
        document_title="Policy",
    )
    safe = RuleInfo(
        id="B",
        title="Säker länk",
        severity=Severity.LOW,
        source=Citation("Policy", url="https://www.haninge.se/policy?a=1&b=2"),
        rule_location=RuleSource("policy.rules", 9, 1),
        document_title="Policy",
    )
    page = html.render(
        report(
            (
                finding("A", Outcome.FAIL, message=hostile, evidence=(Evidence(hostile),)),
                finding("B", Outcome.PASS, nämnd("sn")),
            ),
            rules=(rule, safe),
        )
    )
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;citat&quot;" in page
    assert 'href="javascript:' not in page
    assert '<a href="https://www.haninge.se/policy?a=1&amp;b=2">' in page


# ---------------------------------------------------------------- a real browser


class Rendered:
    """What Chromium said while rendering: console lines, and the page's own fetches."""

    def __init__(self, result: subprocess.CompletedProcess[str], net_log: Path) -> None:
        self.returncode = result.returncode
        self.stderr = result.stderr
        self.console = [
            line for line in result.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
        ]
        self.fetches = page_fetches(net_log)


def page_fetches(net_log: Path) -> list[str]:
    """URLs the page asked for over the network, from Chromium's net log. The browser's own
    background requests are keyed to no origin; the page's to its `file://` origin."""
    events = json.loads(net_log.read_text("utf-8"))["events"]
    return sorted(
        {
            params["url"]
            for event in events
            if isinstance(params := event.get("params"), dict)
            and "url" in params
            and str(params.get("network_isolation_key", "")).startswith("file://")
            and not str(params["url"]).startswith(("file:", "data:"))
        }
    )


def chromium(tmp_path: Path, page: Path, *output: str) -> Rendered:
    """Render `page` headless, every host name unresolvable so nothing leaves the machine."""
    net_log = tmp_path / "net-log.json"
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--log-net-log={net_log}",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1240,1754",
            *output,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Rendered(result, net_log)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def keep(name: str, source: Path) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    target = ARTEFACTS / name
    target.write_bytes(source.read_bytes())
    return target


@needs_chromium
def test_the_console_check_catches_a_page_error(tmp_path: Path) -> None:
    # The checks below must be able to fail: a page with an error and a fetch from the net.
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>t</title></head>'
        '<body><p>t</p><img src="https://example.org/x.png" alt="">'
        "<script>console.error('fel');</script></body></html>",
        "utf-8",
    )
    rendered = chromium(tmp_path, page, f"--screenshot={tmp_path / 'broken.png'}")
    assert any('"fel"' in line for line in rendered.console), rendered.stderr[-2000:]
    assert rendered.fetches == ["https://example.org/x.png"]


@needs_chromium
@pytest.mark.parametrize("name", ["haninge.sv", "servicenamnden.en"])
def test_renders_in_chromium_without_console_errors(
    name: str, pages: dict[str, str], tmp_path: Path
) -> None:
    page = tmp_path / f"{name}.html"
    page.write_text(pages[name], "utf-8")
    screenshot = tmp_path / f"{name}.png"
    rendered = chromium(tmp_path, page, f"--screenshot={screenshot}")
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    assert rendered.console == []
    assert rendered.fetches == []
    assert png_size(screenshot) == (1240, 1754)
    # A rendered page is far larger than a blank one (a few kB).
    assert screenshot.stat().st_size > 50_000
    keep(f"{name}.png", screenshot)
    keep(f"{name}.html", page)


@needs_chromium
def test_prints_on_a4(pages: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "haninge.sv.html"
    page.write_text(pages["haninge.sv"], "utf-8")
    pdf = tmp_path / "haninge.sv.pdf"
    rendered = chromium(tmp_path, page, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert rendered.returncode == 0, rendered.stderr[-2000:]
    assert rendered.console == []
    assert rendered.fetches == []
    data = pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes, "no page sizes in the PDF"
    sizes = {(round(float(w)), round(float(h))) for w, h in boxes}
    assert sizes == {A4_POINTS}
    assert len(boxes) > 5  # the memo runs over several pages
    keep("haninge.sv.pdf", pdf)
