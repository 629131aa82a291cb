"""The printed credential cards: a PDF sheet, streamed to the staff member and never stored.

Each card carries the booth URL with the code in the fragment as a QR (``…/booth/<id>#<code>``,
the fragment never reaches the server), the code printed for typing, the ballot title and short
Vietnamese instructions. Fonts are the vendored Liberation fonts (full Vietnamese), embedded.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parent.parent / "web" / "fonts"
COLS, ROWS = 2, 4
CARD_W, CARD_H = 95 * mm, 68 * mm
MARGIN_X, MARGIN_Y = 10 * mm, 12 * mm
INSTRUCTIONS = [
    "1. Quét mã QR bằng điện thoại (hoặc mở trang bỏ phiếu và gõ mã).",
    "2. Chọn phương án, bấm “Mã hoá phiếu”, ghi lại mã theo dõi.",
    "3. Bấm “Bỏ phiếu”. Mỗi thẻ chỉ bỏ được một phiếu.",
    "Không cho ai xem mã trên thẻ. Thẻ không ghi tên người nhận.",
]


def _register_fonts() -> None:
    if "PK-Sans" in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont("PK-Sans", str(FONTS / "LiberationSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("PK-Sans-Bold", str(FONTS / "LiberationSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("PK-Mono", str(FONTS / "LiberationSerif-Bold.ttf")))


def _draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR as vector squares: sharp at any printer resolution, no image encoding."""
    qr = segno.make(text, error="m")
    matrix = qr.matrix
    module = size / len(matrix)
    path = canvas.beginPath()
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                path.rect(x + col * module, y + size - (row + 1) * module, module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """Shrink ``size`` until ``text`` fits ``width`` (long ballot titles)."""
    while size > 6 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _card(canvas: Canvas, x: float, y: float, *, title: str, url: str, code: str, n: int) -> None:
    canvas.setDash(3, 3)
    canvas.rect(x, y, CARD_W, CARD_H)  # cutting line
    canvas.setDash()
    qr = 40 * mm
    _draw_qr(canvas, f"{url}#{code}", x + 3 * mm, y + CARD_H - qr - 12 * mm, qr)
    canvas.setFont("PK-Sans-Bold", 9)
    canvas.drawString(x + 4 * mm, y + CARD_H - 6 * mm, "THẺ BỎ PHIẾU KÍN")
    size = _fit(canvas, title, "PK-Sans-Bold", 10, CARD_W - 8 * mm)
    canvas.setFont("PK-Sans-Bold", size)
    canvas.drawString(x + 4 * mm, y + CARD_H - 11 * mm, title)
    canvas.setFont("PK-Sans", 8)
    canvas.drawString(x + 46 * mm, y + CARD_H - 18 * mm, "Mã thẻ (gõ nếu không quét được):")
    canvas.setFont("PK-Mono", 11)
    for k, part in enumerate((code[:14], code[15:])):
        canvas.drawString(x + 46 * mm, y + CARD_H - (25 + 6 * k) * mm, part)
    canvas.setFont("PK-Sans", 7)
    canvas.drawString(x + 46 * mm, y + CARD_H - 40 * mm, f"Trang bỏ phiếu: {url}"[:60])
    for k, line in enumerate(INSTRUCTIONS):
        canvas.drawString(x + 4 * mm, y + 14 * mm - k * 3.3 * mm, line)
    canvas.drawRightString(x + CARD_W - 3 * mm, y + 2 * mm, f"#{n}")


def build_cards_pdf(title: str, booth_url: str, codes: list[str]) -> bytes:
    """The sheet of cards, 8 per A4 page. ``codes`` exist nowhere else: do not log or store this."""
    _register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Thẻ bỏ phiếu — {title}")
    per_page = COLS * ROWS
    for i, code in enumerate(codes):
        if i and i % per_page == 0:
            canvas.showPage()
        slot = i % per_page
        x = MARGIN_X + (slot % COLS) * CARD_W
        y = A4[1] - MARGIN_Y - (slot // COLS + 1) * CARD_H
        _card(canvas, x, y, title=title, url=booth_url, code=code, n=i + 1)
    canvas.save()
    return out.getvalue()
