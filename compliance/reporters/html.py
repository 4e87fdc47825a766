"""The audit memo as one self-contained HTML file: to read on screen, print on A4, or archive.

Everything is in the file – style sheet and charts (inline SVG) – and nothing is fetched: no
fonts, scripts or images from the net; a rule's source link is an `<a>` a reader may follow.
Headings are real headings in order (h1, h2, h3, h4), tables have captions and header cells,
and status is said in words and symbols, with colour only as an extra. All text is escaped.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

from compliance.findings import Report
from compliance.memo import memo_document
from compliance.memo.document import (
    Block,
    BulletList,
    Details,
    Document,
    Fields,
    Figure,
    Inline,
    ListItem,
    Paragraph,
    Quote,
    Section,
    Span,
    Style,
    Table,
)
from compliance.memo.tones import Tone
from compliance.messages import message
from compliance.reporters.html_style import CSS
from compliance.reporters.svg_charts import render_chart

# Links are kept only to places a reader can go; anything else (`javascript:`) is plain text.
LINK_SCHEMES = frozenset({"http", "https", "mailto"})


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The memo of `report` as an HTML document; `color` and `width` do not apply."""
    del color, width  # every reporter takes the same options; HTML has no use for them
    return render_document(memo_document(report))


def render_document(document: Document) -> str:
    return _Renderer().document(document)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _tone_class(tone: Tone | None, *extra: str) -> str:
    names = [*extra, *([f"tone-{tone.value}"] if tone is not None else [])]
    return f' class="{" ".join(names)}"' if names else ""


def inline(content: Inline) -> str:
    return "".join(_span(span) for span in content)


def _span(span: Span) -> str:
    text = _esc(span.text)
    match span.style:
        case Style.STRONG:
            text = f"<strong>{text}</strong>"
        case Style.EMPHASIS:
            text = f"<em>{text}</em>"
        case Style.CODE:
            text = f"<code>{text}</code>"
        case Style.PLAIN:
            pass
    if span.href and urlsplit(span.href).scheme.lower() in LINK_SCHEMES:
        text = f'<a href="{_esc(span.href)}">{text}</a>'
    return text


class _Renderer:
    """Blocks to HTML; numbers the charts so each has its own ids."""

    def __init__(self) -> None:
        self.charts = 0

    def document(self, document: Document) -> str:
        title = f"{document.title} – {document.subtitle}"
        sections = "".join(self.section(section) for section in document.sections)
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{_esc(document.lang)}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)}</title>\n"
            f"<style>{CSS}</style>\n"
            "</head>\n"
            "<body>\n"
            "<header>\n"
            f"<h1>{_esc(document.title)}</h1>\n"
            f'<p class="subtitle">{_esc(document.subtitle)}</p>\n'
            f"{_fields(document.meta)}"
            "</header>\n"
            f"{_contents(document)}"
            f"<main>\n{sections}</main>\n"
            "</body>\n"
            "</html>\n"
        )

    def section(self, section: Section) -> str:
        level = section.level
        heading_id = _esc(section.anchor)
        body = "".join(self.block(block) for block in section.blocks)
        body += "".join(self.section(subsection) for subsection in section.subsections)
        return (
            f'<section id="{heading_id}" aria-labelledby="{heading_id}-h">\n'
            f'<h{level} id="{heading_id}-h">{_esc(section.heading)}</h{level}>\n'
            f"{body}</section>\n"
        )

    def block(self, block: Block) -> str:
        match block:
            case Paragraph(content=content, tone=tone):
                return f"<p{_tone_class(tone)}>{inline(content)}</p>\n"
            case Quote(content=content):
                return f"<blockquote><p>{inline(content)}</p></blockquote>\n"
            case BulletList():
                return self.bullets(block)
            case Fields():
                return _fields(block)
            case Table():
                return _table(block)
            case Details(summary=summary, blocks=blocks):
                inner = "".join(self.block(b) for b in blocks)
                # Open: a printed report shows everything; on screen a reader may fold it.
                return f"<details open>\n<summary>{_esc(summary)}</summary>\n{inner}</details>\n"
            case Figure():
                return self.figure(block)
        raise AssertionError(f"unhandled block {block!r}")

    def bullets(self, block: BulletList) -> str:
        tag = "ol" if block.ordered else "ul"
        items = "".join(self.item(item) for item in block.items)
        return f"<{tag}>\n{items}</{tag}>\n"

    def item(self, item: ListItem) -> str:
        children = "".join(self.block(child) for child in item.children)
        return f"<li{_tone_class(item.tone)}>{inline(item.content)}{children}</li>\n"

    def figure(self, figure: Figure) -> str:
        self.charts += 1
        chart_id = f"chart-{self.charts}"
        svg = render_chart(
            figure.chart, chart_id=chart_id, title=figure.title, description=figure.description
        )
        summary = message("memo.html.figure_data", title=figure.title)
        return (
            f'<figure aria-labelledby="{chart_id}-caption">\n'
            f'<figcaption id="{chart_id}-caption">{_esc(figure.title)}</figcaption>\n'
            f"{svg}\n"
            f'<p class="figure-description">{_esc(figure.description)}</p>\n'
            f'<details class="figure-data">\n<summary>{_esc(summary)}</summary>\n'
            f"{_table(figure.table)}</details>\n"
            "</figure>\n"
        )


def _contents(document: Document) -> str:
    links = "".join(
        f'<li><a href="#{_esc(section.anchor)}">{_esc(section.heading)}</a></li>\n'
        for section in document.sections
    )
    label = _esc(message("memo.html.contents"))
    return f'<nav class="toc" aria-label="{label}">\n<ol>\n{links}</ol>\n</nav>\n'


def _fields(fields: Fields) -> str:
    rows = "".join(
        f"<div><dt>{_esc(label)}</dt><dd>{inline(value)}</dd></div>\n"
        for label, value in fields.items
    )
    return f'<dl class="fields">\n{rows}</dl>\n'


def _table(table: Table) -> str:
    head = "".join(
        f'<th scope="col"{_tone_class(None, "num") if table.is_numeric(i) else ""}>'
        f"{_esc(text)}</th>"
        for i, text in enumerate(table.header)
    )
    rows = []
    for row in table.rows:
        cells = []
        for i, cell in enumerate(row):
            numeric = ("num",) if table.is_numeric(i) else ()
            attributes = _tone_class(cell.tone, *numeric)
            if i == 0 and table.row_headers:
                cells.append(f'<th scope="row"{attributes}>{inline(cell.content)}</th>')
            else:
                cells.append(f"<td{attributes}>{inline(cell.content)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>\n")
    return (
        '<div class="table-wrap">\n<table>\n'
        f"<caption>{_esc(table.caption)}</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n"
        f"<tbody>\n{''.join(rows)}</tbody>\n"
        "</table>\n</div>\n"
    )
