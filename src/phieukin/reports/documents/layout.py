"""A format-neutral Party document: the HD 36-HD/VPTW components as plain data.

The cells of the HD 36 layout diagram (docs/documents.md §1): 1 the heading "ĐẢNG CỘNG SẢN
VIỆT NAM", 2 the issuing body under its direct superior, 3 number and symbol ("Số 45-TTr/TU",
no colon), 4 place and date, 5 type name and summary, 6 body, 7 authority/position/name of the
signer, 9 recipients. Renderers (``docx``, ``pdf``) only lay these out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.utils.translation import gettext_lazy as _

from phieukin.lib.errors import TranslatableError

Fmt = Literal["docx", "pdf"]
FORMATS: tuple[str, ...] = ("docx", "pdf")


class DocumentError(TranslatableError):
    """A document cannot be built from this data yet (no result, nothing decided, a number of
    another issuer): the message says why in the UI's language (English at the API edge)."""

    code = "document_refused"


@dataclass(frozen=True)
class Header:
    issuer: str  # "BAN CHẤP HÀNH ĐẢNG BỘ THÀNH PHỐ" (printed upper-case, bold)
    parent: str = ""  # direct superior, upper-case, not bold; empty at the top
    number: str = ""  # "Số 45-TTr/TU"; empty for forms and minutes without a number
    place_date: str = ""  # "Hà Thành, ngày 09 tháng 01 năm 2024"
    form_code: str = ""  # "Mẫu 04-HD KĐ.ĐG 2025" in the top corner of a form


@dataclass(frozen=True)
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: Literal["justify", "center", "left"] = "justify"
    indent: bool = True


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths


@dataclass(frozen=True)
class Signature:
    authority: str = ""  # "T/M BAN THƯỜNG VỤ" (empty when the signer signs in person)
    position: str = ""  # "BÍ THƯ"
    name: str = ""  # "Nguyễn Văn A" (left blank for a hand-written name)


Block = Para | Table


@dataclass
class Document:
    header: Header
    type_name: str  # "TỜ TRÌNH"
    summary: str = ""  # "về việc ..."
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)

    def para(self, text: str, **kw: object) -> None:
        self.blocks.append(Para(text, **kw))  # type: ignore[arg-type]

    def heading(self, text: str) -> None:
        self.blocks.append(Para(text, bold=True, align="left", indent=False))

    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], *widths: float) -> None:
        self.blocks.append(Table(header, tuple(rows), widths))


def place_date(place: str, day: date) -> str:
    """HD 36 style: leading zero for days 1–9 and months 1–2 ("ngày 09 tháng 01 năm 2024")."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def pct(part: int, whole: int) -> str:
    """Vietnamese percentage with one decimal and a comma ("69,0%"); "—" without a base."""
    if whole <= 0:
        return "—"
    tenths = (part * 1000 + whole // 2) // whole
    return f"{tenths // 10},{tenths % 10}%"


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from phieukin.reports.documents.docx_render import to_docx

        return to_docx(doc)
    if fmt == "pdf":
        from phieukin.reports.documents.pdf_render import to_pdf

        return to_pdf(doc)
    raise DocumentError(_("Unknown document format %(fmt)s."), fmt=fmt)
