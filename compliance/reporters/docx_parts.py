"""The WordprocessingML python-docx has no API for: links, fields, bookmarks, shading, language.

Each helper writes the smallest piece of OOXML Word and LibreOffice both read. Only the DOCX
reporter imports this module, so python-docx is imported when a DOCX is rendered, never by the
command line's start-up.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from datetime import datetime

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import RGBColor
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

HYPERLINK_STYLE = "Hyperlink"
# The theme's hyperlink blue, as Word's own "Hyperlink" style has it.
HYPERLINK_COLOR = RGBColor(0x05, 0x63, 0xC1)
# Word's limit on a bookmark name, which must start with a letter.
BOOKMARK_LENGTH = 40
_NOT_BOOKMARK = re.compile(r"[^A-Za-z0-9_]")


# ---------------------------------------------------------------- links and bookmarks


def hyperlink(paragraph: Paragraph, href: str) -> BaseOxmlElement:
    """A `w:hyperlink` at the end of `paragraph`, to fill with runs (`run_in`).

    `#anchor` links to the bookmark of a heading in this document; anything else is an
    external address, kept as a relationship of the document part, as Word writes it.
    """
    link = OxmlElement("w:hyperlink")
    if href.startswith("#"):
        link.set(qn("w:anchor"), bookmark_name(href[1:]))
    else:
        r_id = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), r_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def run_in(parent: BaseOxmlElement, paragraph: Paragraph, text: str) -> Run:
    """A run with `text` appended to `parent` (a hyperlink) inside `paragraph`."""
    element = OxmlElement("w:r")
    parent.append(element)
    run = Run(element, paragraph)  # `w:r` parses to python-docx's CT_R
    run.text = text
    return run


def bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    """Mark `paragraph` as the target of `#name` links."""
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id)})
    start.set(qn("w:name"), bookmark_name(name))
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)})
    p = paragraph._p
    p.insert(_first_content_index(p), start)
    p.append(end)


def bookmark_name(anchor: str) -> str:
    """A Word bookmark name for an anchor: letters, digits and `_`, a letter first, ≤ 40."""
    name = _NOT_BOOKMARK.sub("_", anchor)
    if name == anchor and name[:1].isalpha() and len(name) <= BOOKMARK_LENGTH:
        return name
    # Changed (`km-han-åb`): a digest of the anchor keeps two changed anchors apart.
    digest = hashlib.sha1(anchor.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"a{name}"[: BOOKMARK_LENGTH - 9] + "_" + digest


def _first_content_index(p: CT_P) -> int:
    """Where content starts in a paragraph: after its properties, if any."""
    return 1 if p.pPr is not None else 0


# ---------------------------------------------------------------- fields


def field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A complex field (`PAGE`, `NUMPAGES`, `SEQ Tabell`) showing `shown` until Word updates it.

    The begin–separate–end form, which both Word and LibreOffice update on opening and
    printing, unlike `w:fldSimple` in some versions.
    """
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")
    paragraph.add_run(shown)
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    paragraph.add_run()._r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))


# ---------------------------------------------------------------- tables and shading


def repeat_as_header(row: _Row) -> None:
    """Repeat `row` at the top of every page the table runs onto, and never split it."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))


def keep_row_together(row: _Row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def shade_cell(cell: _Cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().insert_element_before(_shading(fill), *_AFTER_CELL_SHADING)


def left_bar(paragraph: Paragraph, colour: str, line: str) -> None:
    """A 3 pt `line` (single, dotted, double) in `colour` on the left of `paragraph`."""
    border = OxmlElement("w:pBdr")
    border.append(
        OxmlElement(
            "w:left",
            {qn("w:val"): line, qn("w:sz"): "24", qn("w:space"): "6", qn("w:color"): colour},
        )
    )
    properties = paragraph._p.get_or_add_pPr()
    properties.insert_element_before(border, "w:shd", *_AFTER_PARAGRAPH_SHADING)


# What follows `w:shd` in the schema's order of `w:tcPr` and `w:pPr`: Word refuses a file
# whose properties are out of order. (`w:pBdr` comes just before `w:shd`.)
_AFTER_CELL_SHADING = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
)
_AFTER_PARAGRAPH_SHADING = (
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _shading(fill: str) -> BaseOxmlElement:
    return OxmlElement("w:shd", {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})


# ---------------------------------------------------------------- lists


def restart_numbering(document: Document, style: str) -> int:
    """A new numbering instance for a list in `style` that starts again at 1.

    Every paragraph of a numbered list style shares one numbering, so a second list would
    go on from where the first stopped; each list gets its own `w:num` starting at 1.
    """
    style_element = document.styles[style].element
    num_id = style_element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract_id = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def use_numbering(paragraph: Paragraph, num_id: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


# ---------------------------------------------------------------- the document as a whole


def set_language(document: Document, tag: str) -> None:
    """The language Word's spelling and grammar checkers assume for all text (`sv-SE`)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = None if defaults is None else defaults.find(qn("w:rPrDefault"))
    properties = None if run_defaults is None else run_defaults.find(qn("w:rPr"))
    if properties is None:
        raise AssertionError("the python-docx template has no default run properties")
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), tag)
    settings = document.settings.element
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), tag)
    # The template says its spelling was checked ("clean"); this text has not been.
    proof_state = settings.find(qn("w:proofState"))
    if proof_state is not None:
        settings.remove(proof_state)


def set_properties(
    document: Document, *, title: str, subject: str, language: str, when: datetime | None
) -> None:
    """Core properties with nothing of the machine or the clock in them.

    The template's dates (and its "generated by python-docx") would otherwise be written;
    `when` (the report's as-of date) or, without one, no date at all.
    """
    properties = document.core_properties
    properties.title = title
    properties.subject = subject
    properties.author = "compliance"
    properties.last_modified_by = "compliance"
    properties.comments = ""
    properties.language = language
    properties.revision = 1
    if when is not None:
        properties.created = when
        properties.modified = when
        return
    element = document.part.package.core_properties._element
    for name in ("dcterms:created", "dcterms:modified"):
        for child in element.findall(qn(name)):
            element.remove(child)


def drop_thumbnail(document: Document) -> None:
    """The template's thumbnail shows an empty page, not this document: leave it out."""
    relationships = document.part.package.rels
    for r_id in sorted(relationships):
        if relationships[r_id].reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del relationships[r_id]


# Every entry gets this time: the earliest a ZIP file can hold, and no clock.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"


def normalise_zip(data: bytes) -> bytes:
    """`data` (a saved package) re-zipped without timestamps, entries in a fixed order.

    python-docx stamps each entry with the current time; the same document must give the
    same bytes. `[Content_Types].xml` stays first, as OPC readers expect it.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    names = sorted(source.namelist(), key=lambda name: (name != CONTENT_TYPES, name))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0
            target.writestr(entry, source.read(name))
    return output.getvalue()
