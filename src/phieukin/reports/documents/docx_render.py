"""``layout.Document`` -> DOCX (python-docx): A4, margins 25/25/35/15 mm, Times New Roman 14 pt.

Sizes follow the HD 36 typography annex (docs/documents.md §1): heading 15 bold, issuer 14 bold,
superior 14, number 14, place/date 14 italic, type name 15 bold, summary 14 bold, body 14.
The page number sits centred in the header from page 2 (a different first-page header).
"""

from __future__ import annotations

import io

from docx import Document as new_docx  # noqa: N813 - not our Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from phieukin.reports.documents.layout import Document, Para, Table

FONT = "Times New Roman"
_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}


def _setup(docx: object) -> None:
    section = docx.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(35), Mm(15)
    section.start_type = WD_SECTION.NEW_PAGE
    normal = docx.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name, normal.font.size = FONT, Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(3)
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    para._p.append(field)


def _text(
    para: Paragraph, text: str, *, size: float = 14, bold: bool = False, italic: bool = False
) -> None:
    run = para.add_run(text)
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic


def _cell_line(cell: _Cell, text: str, first: bool = False, **kw: object) -> Paragraph:
    para = cell.paragraphs[0] if first else cell.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(0)
    _text(para, text, **kw)  # type: ignore[arg-type]
    return para


def _header(docx: object, doc: Document) -> None:
    h = doc.header
    if h.form_code:
        p = docx.add_paragraph()  # type: ignore[attr-defined]
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _text(p, h.form_code, size=12, italic=True)
    table = docx.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    left, right = table.rows[0].cells
    first = True
    if h.parent:
        _cell_line(left, h.parent.upper(), first)
        first = False
    _cell_line(left, h.issuer.upper(), first, bold=True)
    _cell_line(left, "*")
    if h.number:
        _cell_line(left, h.number)
    heading = _cell_line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", True, size=15, bold=True)
    heading.runs[0].underline = True
    if h.place_date:
        _cell_line(right, "")
        _cell_line(right, h.place_date, italic=True)


def _title(docx: object, doc: Document) -> None:
    p = docx.add_paragraph()  # type: ignore[attr-defined]
    p.paragraph_format.space_before = Pt(12)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(p, doc.type_name.upper(), size=15, bold=True)
    if doc.summary:
        p = docx.add_paragraph()  # type: ignore[attr-defined]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _text(p, doc.summary, bold=True)
    p = docx.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _text(p, "-----")


def _para(docx: object, block: Para) -> None:
    p = docx.add_paragraph()  # type: ignore[attr-defined]
    p.alignment = _ALIGN[block.align]
    if block.indent and block.align == "justify":
        p.paragraph_format.first_line_indent = Cm(1)
    _text(p, block.text, bold=block.bold, italic=block.italic)


def _table(docx: object, block: Table) -> None:
    table = docx.add_table(rows=1, cols=len(block.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _cell_line(cell, text, True, size=12, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            _cell_line(cell, text, True, size=12)
    if block.widths:
        total = sum(block.widths)
        for row in table.rows:
            for cell, w in zip(row.cells, block.widths, strict=True):
                cell.width = Mm(160 * w / total)


def _closing(docx: object, doc: Document) -> None:
    sigs = doc.signatures
    cols = max(2, len(sigs) + (1 if doc.recipients else 0))
    table = docx.add_table(rows=1, cols=cols)  # type: ignore[attr-defined]
    cells = list(table.rows[0].cells)
    if doc.recipients:
        cell = cells.pop(0)
        p = cell.paragraphs[0]
        _text(p, "Nơi nhận:", size=12, bold=True, italic=True)
        for item in doc.recipients:
            q = cell.add_paragraph()
            q.paragraph_format.space_after = Pt(0)
            _text(q, f"- {item}", size=12)
    for cell, sig in zip(cells[-len(sigs) :] if sigs else [], sigs, strict=True):
        _cell_line(cell, sig.authority.upper(), True, bold=True)
        _cell_line(cell, sig.position.upper(), bold=True)
        for _ in range(3):
            _cell_line(cell, "")
        _cell_line(cell, sig.name, bold=True)


def to_docx(doc: Document) -> bytes:
    docx = new_docx()
    _setup(docx)
    _header(docx, doc)
    _title(docx, doc)
    for block in doc.blocks:
        if isinstance(block, Table):
            _table(docx, block)
        else:
            _para(docx, block)
    _closing(docx, doc)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
