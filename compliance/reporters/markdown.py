"""The audit memo as GitHub-flavoured Markdown, for a pull-request comment or a wiki page.

The summary and the table of assessments are plain text a reader sees at once; evidence, the
sources' quotes and the list of every check sit in `<details>` blocks that open on a click.
All text is escaped, so a `|`, `*` or `<` in a rule's message or a nämnd's name is shown as
written and never breaks a table or starts a tag. Charts are shown as their data tables.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

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
from compliance.messages import message

# Characters Markdown could read as syntax anywhere in a line (`$` is GitHub's maths). A `]`
# matters only where a link could follow, `_` only at the edge of a word; escaping no more
# than needed keeps long evidence (`rapporter[åb-2025]`) readable in the source too.
_SPECIAL = re.compile(r"([\\`*<>|~&$]|\](?=[(\[])|(?<!\w)_|_(?!\w))")
# At the start of a line they would begin a heading, a list, a quote or a task box.
_LINE_START = re.compile(r"^(#|[-+=]|\d+[.)]|\[)")
_WHITESPACE = re.compile(r"\s+")
# The most characters GitHub accepts in an issue or pull-request comment.
COMMENT_LIMIT = 65_536


def render(report: Report, *, color: bool = False, width: int = 100) -> str:
    """The memo of `report` as Markdown; `color` and `width` do not apply.

    A memo longer than a GitHub comment may be (`COMMENT_LIMIT` characters) is rendered
    compact: without the evidence blocks and the list of every check, and says so.
    """
    del color, width  # every reporter takes the same options; Markdown has no use for them
    document = memo_document(report)
    full = render_document(document)
    if len(full) <= COMMENT_LIMIT:
        return full
    return render_document(document, compact=True)


def render_document(document: Document, *, compact: bool = False) -> str:
    """`document` as Markdown; `compact` leaves out the blocks marked omissible."""
    renderer = _Renderer(compact)
    lines = [f"# {escape(document.title)}", "", f"**{escape(document.subtitle)}**", ""]
    lines.extend(_fields(document.meta))
    if compact:
        lines.extend([f"> {escape(message('memo.compact_note'))}", ""])
    for section in document.sections:
        lines.extend(renderer.section(section))
    return "\n".join(_squeeze(lines)).strip("\n") + "\n"


def _squeeze(lines: Iterable[str]) -> Iterable[str]:
    """No more than one blank line in a row: blocks each end with one, and that is enough."""
    blank = False
    for line in lines:
        if line == "" and blank:
            continue
        blank = line == ""
        yield line


# ---------------------------------------------------------------- escaping


def escape(text: str) -> str:
    """`text` as literal Markdown: specials escaped, line breaks folded into spaces."""
    flat = _WHITESPACE.sub(" ", text)
    return _SPECIAL.sub(r"\\\1", flat)


def _line_start(text: str) -> str:
    return _LINE_START.sub(r"\\\1", text, count=1)


def _code(text: str, in_table: bool) -> str:
    """A code span that holds any text: a fence longer than any run of backticks inside.

    In a table a `|` ends the cell even inside code, unless escaped (GitHub's table rule).
    """
    flat = _WHITESPACE.sub(" ", text)
    if in_table:
        flat = flat.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith(("`", " ")) or flat.endswith(("`", " ")) else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _span(span: Span, in_table: bool = False) -> str:
    text = span.text
    if span.style is Style.CODE:
        rendered = _code(text, in_table)
    else:
        # Emphasis markers must touch the text; surrounding spaces go outside them.
        stripped = text.strip()
        if not stripped:
            return _WHITESPACE.sub(" ", text)
        lead = text[: len(text) - len(text.lstrip())]
        tail = text[len(text.rstrip()) :]
        body = escape(stripped)
        if span.style is Style.STRONG:
            body = f"**{body}**"
        elif span.style is Style.EMPHASIS:
            body = f"*{body}*"
        rendered = f"{' ' if lead else ''}{body}{' ' if tail else ''}"
    if span.href:
        target = span.href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        rendered = f"[{rendered}]({target})"
    return rendered


def inline(content: Inline) -> str:
    return _line_start("".join(_span(span) for span in content))


def _cell(content: Inline) -> str:
    return "".join(_span(span, in_table=True) for span in content)


# ---------------------------------------------------------------- blocks


class _Renderer:
    """Blocks to lines; in a compact rendering the omissible details are left out."""

    def __init__(self, compact: bool) -> None:
        self.compact = compact

    def section(self, section: Section) -> list[str]:
        lines = ["#" * section.level + " " + escape(section.heading), ""]
        for block in section.blocks:
            lines.extend(self.block(block))
        for subsection in section.subsections:
            lines.extend(self.section(subsection))
        return lines

    def block(self, block: Block) -> list[str]:
        match block:
            case Paragraph(content=content):
                return [inline(content), ""]
            case Quote(content=content):
                return ["> " + inline(content), ""]
            case BulletList():
                return [*self.bullets(block, 0), ""]
            case Fields():
                return _fields(block)
            case Table():
                return _table(block, caption=True)
            case Details(summary=summary, blocks=blocks, omissible=omissible):
                if omissible and self.compact:
                    return []
                body = [line for inner in blocks for line in self.block(inner)]
                return [
                    "<details>",
                    f"<summary>{html.escape(summary, quote=False)}</summary>",
                    "",
                    *body,
                    "</details>",
                    "",
                ]
            case Figure():
                return [
                    f"**{escape(block.title)}**",
                    "",
                    f"*{escape(block.description)}*",
                    "",
                    *_table(block.table, caption=False),
                ]
        raise AssertionError(f"unhandled block {block!r}")

    def bullets(self, block: BulletList, indent: int) -> list[str]:
        lines: list[str] = []
        for number, item in enumerate(block.items, start=1):
            marker = f"{number}. " if block.ordered else "- "
            lines.append(" " * indent + marker + inline(item.content))
            lines.extend(self.children(item, indent + len(marker)))
        return lines

    def children(self, item: ListItem, indent: int) -> list[str]:
        lines: list[str] = []
        for child in item.children:
            if isinstance(child, BulletList):
                lines.extend(self.bullets(child, indent))
            else:
                lines.extend(" " * indent + line if line else "" for line in self.block(child))
        return lines


def _fields(fields: Fields) -> list[str]:
    return [*(f"- **{escape(label)}:** {inline(value)}" for label, value in fields.items), ""]


def _table(table: Table, *, caption: bool) -> list[str]:
    lines = [f"**{escape(table.caption)}**", ""] if caption else []
    lines.append("| " + " | ".join(escape(h) for h in table.header) + " |")
    lines.append(
        "|"
        + "|".join("---:" if table.is_numeric(i) else "---" for i in range(len(table.header)))
        + "|"
    )
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell.content) for cell in row) + " |")
    lines.append("")
    return lines
