"""The ballot cards print well (issue 16 item 5): every text inside its box, no box over the cut
line or another box, the QR with its quiet zone, one font family; the same layout in the
browser's PDF (pdf-lib, run here under node) and in ``phieukin cards`` (reportlab)."""

from __future__ import annotations

import io
import itertools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from phieukin.voting.cards import LAYOUT, MM, build_cards_pdf, measure, qr_modules

from .helpers import codes_from_pdf

REPO = Path(__file__).resolve().parents[2]
CODES = ["ABCD-EFGH-JKMN-PQRS-TVW1", "0123-4567-89AB-CDEF-GHJ2", "ZZZZ-YYYY-XXXX-WWWW-VVV3"]
TITLE = "Xếp loại chất lượng tập thể Ban Thường vụ Thành ủy và các đồng chí Ủy viên năm 2025"
URL = "https://bophieu.thanhuy-hanoi.example.vn:8443/voting/booth/123456/"
Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in mm, card coordinates (top-left)


def _rect(box: list[float]) -> Rect:
    x, y, w, h = box
    return x, y, x + w, y + h


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_the_boxes_stay_inside_the_cut_lines_and_never_overlap() -> None:
    pad, (cw, ch) = LAYOUT["pad"], LAYOUT["card"]
    boxes = {name: _rect(box) for name, box in LAYOUT["boxes"].items()}
    for name, (x0, y0, x1, y1) in boxes.items():
        assert pad <= x0 and pad <= y0 and x1 <= cw - pad and y1 <= ch - pad, name
    for (a, ra), (b, rb) in itertools.combinations(boxes.items(), 2):
        assert not _overlap(ra, rb), (a, b)
    cols, rows = LAYOUT["cols"], LAYOUT["rows"]
    mx, my = LAYOUT["margin"]
    assert mx + cols * cw <= LAYOUT["page"][0] and my + rows * ch <= LAYOUT["page"][1]


def test_the_qr_keeps_a_quiet_zone_of_four_modules() -> None:
    matrix = qr_modules(f"{URL}#{CODES[0]}")
    q = LAYOUT["quiet_zone_modules"]
    assert q >= 4
    border = matrix[:q] + matrix[-q:] + [row[:q] + row[-q:] for row in matrix]
    assert not any(any(row) for row in border)
    module_mm = LAYOUT["boxes"]["qr"][2] / len(matrix)
    assert module_mm >= 0.5  # large enough for a phone camera at arm's length


def _runs(pdf: bytes) -> list[tuple[int, str, float, float, float, str]]:
    """Every text run: (page, text, x, y of the baseline in points, font size, font name)."""
    out = []
    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):

        def visit(text, cm, tm, font, size, n=n):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                scale = (tm[0] * cm[0]) or 1
                name = str((font or {}).get("/BaseFont", ""))
                out.append((n, text.strip(), x, y, size * abs(scale), name))

        page.extract_text(visitor_text=visit)
    return out


def _check_pdf(pdf: bytes) -> None:
    assert codes_from_pdf(pdf) == CODES
    page_h = LAYOUT["page"][1] * MM
    cw, ch = LAYOUT["card"]
    mx, my = LAYOUT["margin"]
    qr = _rect(LAYOUT["boxes"]["qr"])
    texts = {n: _rect(b) for n, b in LAYOUT["boxes"].items() if n != "qr"}
    fonts = set()
    runs = _runs(pdf)
    assert runs
    for page, text, x, y, size, font in runs:
        fonts.add(font.split("+")[-1].split("-")[0])
        assert page == 0
        col = int((x / MM - mx) // cw)
        row = int(((page_h - y) / MM - my) // ch)
        cx, cy = x / MM - mx - col * cw, (page_h - y) / MM - my - row * ch
        bold = "Bold" in font
        width = measure(text, bold, size) / MM
        run = (cx, cy - size / MM, cx + width, cy + 0.3 * size / MM)
        assert not _overlap(run, qr), (text, run)
        assert any(
            b[0] - 0.2 <= run[0]
            and run[2] <= b[2] + 0.2
            and b[1] - 0.6 <= run[1]
            and run[3] <= b[3] + 0.6
            for b in texts.values()
        ), (text, run)
    assert len(fonts) == 1, fonts  # one family (regular and bold faces)


def test_phieukin_cards_draws_inside_the_boxes() -> None:
    _check_pdf(build_cards_pdf(TITLE, URL, CODES))


def test_the_browsers_cards_draw_inside_the_same_boxes(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    out = tmp_path / "cards.pdf"
    args = {"title": TITLE, "url": URL, "codes": CODES, "out": str(out)}
    done = subprocess.run(
        [node, str(REPO / "js" / "test" / "cards.mjs")],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    _check_pdf(out.read_bytes())
