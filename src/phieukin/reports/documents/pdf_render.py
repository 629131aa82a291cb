"""``layout.Document`` -> PDF (reportlab), Liberation Serif embedded (Times New Roman metrics).

The vendored TrueType fonts (``phieukin/web/fonts``, full Vietnamese coverage) are registered
once and embedded as subsets, so the file prints the same everywhere and the text extracts
with its diacritics intact. Same page setup as the DOCX: A4, margins 25/25/35/15 mm, page
number centred at the top from page 2.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from phieukin.reports.documents.layout import Document, Para, Table

FONT_DIR = Path(__file__).resolve().parents[2] / "web" / "fonts"
SERIF = "LiberationSerif"
_ALIGN = {"justify": TA_JUSTIFY, "center": TA_CENTER, "left": TA_LEFT}
_WIDTH = (210 - 35 - 15) * mm


@cache
def register_fonts() -> str:
    faces = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
    for suffix, face in faces.items():
        pdfmetrics.registerFont(TTFont(SERIF + suffix, str(FONT_DIR / f"{SERIF}-{face}.ttf")))
    pdfmetrics.registerFontFamily(
        SERIF,
        normal=SERIF,
        bold=f"{SERIF}-Bold",
        italic=f"{SERIF}-Italic",
        boldItalic=f"{SERIF}-BoldItalic",
    )
    return SERIF


def _style(size: float = 14, align: str = "justify", indent: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{align}{indent}",
        fontName=SERIF,
        fontSize=size,
        leading=size * 1.25,
        alignment=_ALIGN[align],
        firstLineIndent=10 * mm if indent else 0,
        spaceAfter=3,
    )


def _p(
    text: str,
    *,
    size: float = 14,
    align: str = "center",
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    indent: bool = False,
) -> Paragraph:
    markup = escape(text) or "&nbsp;"
    if underline:
        markup = f"<u>{markup}</u>"
    if bold:
        markup = f"<b>{markup}</b>"
    if italic:
        markup = f"<i>{markup}</i>"
    return Paragraph(markup, _style(size, align, indent))


_PLAIN = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2)])


def _header(doc: Document) -> list[Flowable]:
    h = doc.header
    left = ([_p(h.parent.upper())] if h.parent else []) + [_p(h.issuer.upper(), bold=True)]
    left += [_p("*")] + ([_p(h.number)] if h.number else [])
    right = [_p("ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True, underline=True)]
    if h.place_date:
        right += [_p(""), _p(h.place_date, italic=True)]
    out: list[Flowable] = []
    if h.form_code:
        out.append(_p(h.form_code, size=12, align="left", italic=True))
    out.append(RLTable([[left, right]], colWidths=[_WIDTH * 0.45, _WIDTH * 0.55], style=_PLAIN))
    out.append(Spacer(1, 6 * mm))
    out.append(_p(doc.type_name.upper(), size=15, bold=True))
    if doc.summary:
        out.append(_p(doc.summary, bold=True))
    out.append(_p("-----"))
    return out


def _table(block: Table) -> Flowable:
    data = [[_p(t, size=12, bold=True) for t in block.header]]
    data += [[_p(t, size=12) for t in row] for row in block.rows]
    widths = block.widths or (1.0,) * len(block.header)
    total = sum(widths)
    grid = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    )
    return RLTable(data, colWidths=[_WIDTH * w / total for w in widths], style=grid, repeatRows=1)


def _closing(doc: Document) -> list[Flowable]:
    cols: list[list[Flowable]] = []
    if doc.recipients:
        items = [_p("Nơi nhận:", size=12, align="left", bold=True, italic=True)]
        items += [_p(f"- {r}", size=12, align="left") for r in doc.recipients]
        cols.append(items)
    for sig in doc.signatures:
        block = [_p(sig.authority.upper(), bold=True), _p(sig.position.upper(), bold=True)]
        block += [Spacer(1, 18 * mm), _p(sig.name, bold=True)]
        cols.append(block)
    if not cols:
        return []
    return [
        Spacer(1, 6 * mm),
        RLTable([cols], colWidths=[_WIDTH / len(cols)] * len(cols), style=_PLAIN),
    ]


def _page_number(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.setFont(SERIF, 13)
    canvas.drawCentredString(35 * mm + _WIDTH / 2, A4[1] - 10 * mm, str(doc.page))


def to_pdf(doc: Document) -> bytes:
    register_fonts()
    out = io.BytesIO()
    template = SimpleDocTemplate(
        out,
        pagesize=A4,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        leftMargin=35 * mm,
        rightMargin=15 * mm,
        title=f"{doc.type_name} {doc.summary}".strip(),
        author=doc.header.issuer,
    )
    story = _header(doc)
    for block in doc.blocks:
        if isinstance(block, Table):
            story.append(_table(block))
            story.append(Spacer(1, 3 * mm))
        elif isinstance(block, Para):
            story.append(
                _p(
                    block.text,
                    align=block.align,
                    bold=block.bold,
                    italic=block.italic,
                    indent=block.indent and block.align == "justify",
                )
            )
    story += _closing(doc)
    template.build(story, onLaterPages=_page_number)
    return out.getvalue()
