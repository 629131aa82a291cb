"""The printed ballot cards, drawn by ``phieukin cards`` on the issuing trustee's computer.

The browser draws the same cards (``js/src/cards``) from the same layout (``card_layout.json``):
per card, the booth URL with the code in the fragment as a QR with its quiet zone (the fragment
never reaches the server), the code for typing, the booth URL, the ballot title and short
Vietnamese instructions, each text shrunk and wrapped into its box, inside dashed cut lines.
One font family (the vendored Liberation Sans, full Vietnamese), embedded. The codes exist only
in the returned PDF: this module neither stores nor logs them.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import segno
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

HERE = Path(__file__).resolve().parent
FONTS: Final = HERE.parent / "web" / "fonts"
LAYOUT: Final[dict[str, Any]] = json.loads((HERE / "card_layout.json").read_text("utf-8"))
MM: Final = 72 / 25.4
_FACES = {False: "PK-Card", True: "PK-Card-Bold"}

Measure = Callable[[str, bool, float], float]


def _register_fonts() -> None:
    if _FACES[False] in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(_FACES[False], str(FONTS / LAYOUT["font"]["regular"])))
    pdfmetrics.registerFont(TTFont(_FACES[True], str(FONTS / LAYOUT["font"]["bold"])))


def measure(text: str, bold: bool, size: float) -> float:
    """Width of ``text`` in points (reportlab's metrics of the embedded font)."""
    _register_fonts()
    return float(pdfmetrics.stringWidth(text, _FACES[bold], size))


def wrap(text: str, width: float, bold: bool, size: float) -> list[str]:
    """Lines no wider than ``width``: words first, a word too long by characters (a URL)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if measure(candidate, bold, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        chunk = ""
        for ch in word:
            if measure(chunk + ch, bold, size) > width and chunk:
                lines.append(chunk)
                chunk = ""
            chunk += ch
        line = chunk
    if line:
        lines.append(line)
    return lines


def fit(name: str, paragraphs: list[str]) -> tuple[float, list[str]]:
    """Font size and lines that fit the box ``name`` (shrinking to ``min_size``), or raise."""
    _x, _y, w, h = LAYOUT["boxes"][name]
    bold = name in LAYOUT["bold"]
    size = float(LAYOUT["sizes"][name])
    while size >= LAYOUT["min_size"]:
        lines = [line for p in paragraphs for line in wrap(p, w * MM, bold, size)]
        fits = all(measure(line, bold, size) <= w * MM for line in lines)
        tall = len(lines) * size * LAYOUT["line_height"] > h * MM
        if fits and not tall and (name != "title" or len(lines) <= 2):
            return size, lines
        size -= 0.25
    raise ValueError(f"the card's {name} does not fit its box: {' '.join(paragraphs)[:80]}")


def card_texts(*, title: str, url: str, code: str, number: int) -> dict[str, list[str]]:
    """The texts of one card, box by box (what both renderers draw)."""
    groups = code.split("-")
    texts: dict[str, Any] = LAYOUT["texts"]
    return {
        "heading": [texts["heading"]],
        "number": [f"#{number}"],
        "title": [title],
        "code_label": [texts["code_label"]],
        "code": ["-".join(groups[:3]), "-".join(groups[3:])],
        "url": [texts["url_label"], url],
        "instructions": list(texts["instructions"]),
    }


def qr_modules(text: str) -> list[list[bool]]:
    """The QR's modules, quiet zone included (``quiet_zone_modules`` light modules each side)."""
    qr = segno.make(text, error="m")
    return [[bool(v) for v in row] for row in qr.matrix_iter(border=LAYOUT["quiet_zone_modules"])]


def _draw_qr(canvas: Canvas, text: str, x: float, top: float, size: float) -> None:
    """Vector squares: sharp at any printer resolution, no image encoding."""
    matrix = qr_modules(text)
    module = size / len(matrix)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                path.rect(x + c * module, top - (r + 1) * module, module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _draw_box(canvas: Canvas, name: str, paragraphs: list[str], x0: float, top0: float) -> None:
    bx, by, bw, _bh = LAYOUT["boxes"][name]
    bold = name in LAYOUT["bold"]
    size, lines = fit(name, paragraphs)
    canvas.setFont(_FACES[bold], size)
    for k, line in enumerate(lines):
        baseline = top0 - by * MM - (k + 1) * size * LAYOUT["line_height"] + size * 0.22
        if name == "number":
            canvas.drawRightString(x0 + (bx + bw) * MM, baseline, line)
        else:
            canvas.drawString(x0 + bx * MM, baseline, line)


def build_cards_pdf(title: str, booth_url: str, codes: list[str]) -> bytes:
    """The sheet of cards, 8 per A4 page. ``codes`` exist nowhere else: do not log or store this."""
    _register_fonts()
    page_w, page_h = (v * MM for v in LAYOUT["page"])
    card_w, card_h = (v * MM for v in LAYOUT["card"])
    cols, per_page = LAYOUT["cols"], LAYOUT["cols"] * LAYOUT["rows"]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(page_w, page_h), pageCompression=1)
    canvas.setTitle(f"Thẻ bỏ phiếu — {title}")
    for n, code in enumerate(codes):
        if n and n % per_page == 0:
            canvas.showPage()
        slot = n % per_page
        x0 = LAYOUT["margin"][0] * MM + (slot % cols) * card_w
        top0 = page_h - LAYOUT["margin"][1] * MM - (slot // cols) * card_h
        canvas.setDash(3, 3)
        canvas.setLineWidth(0.5)
        canvas.rect(x0, top0 - card_h, card_w, card_h)  # the cut line
        canvas.setDash()
        for name, paragraphs in card_texts(
            title=title, url=booth_url, code=code, number=n + 1
        ).items():
            _draw_box(canvas, name, paragraphs, x0, top0)
        qx, qy, qs, _ = LAYOUT["boxes"]["qr"]
        _draw_qr(canvas, f"{booth_url}#{code}", x0 + qx * MM, top0 - qy * MM, qs * MM)
    canvas.save()
    return out.getvalue()
