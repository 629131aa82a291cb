"""Layer 1: bytes -> tables of cells. Decides the format by content, never by the file name.

CSV is decoded as UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"), or
Windows-1258, the legacy Vietnamese Windows code page, when the bytes are not UTF-8 and the
decoded text consists only of Vietnamese letters (TCVN3/ABC and VNI text decodes to symbols
such as ``µ ¸ ñ ö`` and is refused with instructions instead of being imported as mojibake).
XLSX is read with openpyxl in read-only mode (streaming: a 100,000-row sheet does not build a
workbook in memory). Every failure is an ``ImportFileError`` with a stable ``code``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata

from django.utils.translation import gettext_noop

from phieukin.organizations.importing.errors import ImportFileError
from phieukin.organizations.importing.tables import Cell, Table, add_row
from phieukin.organizations.importing.xlsx import read_xlsx

_MAGIC_ZIP = b"PK\x03\x04"
__all__ = ["Cell", "Table", "decode_text", "read_tables"]
_MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003), .doc
# Control characters (Unicode category Cc) other than tab, newlines and form feed.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_DELIMITERS = (",", ";", "\t")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VI_BASES = "aăâeêioôơuưy"
_VI_LETTERS = frozenset(
    unicodedata.normalize("NFC", base + tone)
    for vowel in _VI_BASES
    for base in (vowel, vowel.upper())
    for tone in ("", *_TONES)
) | frozenset("đĐ")
# Typographic characters Excel and Word put in Vietnamese text; anything else non-ASCII in a
# "Windows-1258" decoding means the file was really in another legacy encoding.
_PUNCTUATION = frozenset("\u00a0–—‘’“”…•°·№")


def read_tables(data: bytes, *, max_bytes: int) -> list[Table]:
    """Decode ``data`` (a CSV or XLSX file) into non-empty tables, or raise ImportFileError."""
    if len(data) > max_bytes:
        raise ImportFileError(
            "too_large",
            gettext_noop("The file is %(size)s bytes; the limit is %(limit)s bytes."),
            size=len(data),
            limit=max_bytes,
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError("empty", gettext_noop("The file is empty."))
    if data.startswith(_MAGIC_ZIP):
        tables = read_xlsx(data, max_bytes=max_bytes)
    elif data.startswith(_MAGIC_OLE2):
        raise ImportFileError(
            "xls",
            gettext_noop(
                "This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as "
                "Excel Workbook (.xlsx) or CSV UTF-8."
            ),
        )
    else:
        tables = [_read_csv(decode_text(data))]
    tables = [t for t in tables if t.header]
    if not tables:
        raise ImportFileError("empty", gettext_noop("The file is empty."))
    return tables


def decode_text(data: bytes) -> str:
    """Bytes of a CSV file -> NFC text, choosing UTF-8, UTF-16 (BOM) or Windows-1258."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _windows_1258(data)
    _refuse_binary(text)
    return unicodedata.normalize("NFC", text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            "bad_encoding",
            gettext_noop(
                "Line %(line)s is not valid %(encoding)s text. Save the file again as "
                "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8 (Comma delimited))."
            ),
            line=line,
            encoding=encoding.upper(),
        ) from None


def _windows_1258(data: bytes) -> str:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise ImportFileError(
            "not_utf8",
            gettext_noop(
                "The file is not UTF-8 text. Open it in Excel (or a text editor) and save it as "
                "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8 (Comma delimited))."
            ),
        ) from None
    foreign = sorted(
        {c for c in text if ord(c) > 127 and c not in _VI_LETTERS and c not in _PUNCTUATION}
    )
    if foreign:
        raise ImportFileError(
            "legacy_encoding",
            gettext_noop(
                "The file is not UTF-8 text and looks like a legacy Vietnamese encoding "
                "(TCVN3/ABC or VNI; unexpected characters: %(chars)s). Convert it to Unicode "
                "(e.g. with UniKey's converter), then save it as CSV UTF-8 (in Excel: File > "
                "Save As > CSV UTF-8 (Comma delimited))."
            ),
            chars=" ".join(foreign[:5]),
        )
    return text


def _refuse_binary(text: str) -> None:
    match = _CONTROL.search(text)
    if match:
        raise ImportFileError(
            "binary",
            gettext_noop(
                "This is not a CSV or Excel (.xlsx) file: it contains binary data (line %(line)s)."
            ),
            line=text.count("\n", 0, match.start()) + 1,
        )


def _sniff_delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(text: str) -> Table:
    table = Table(name="", header_line=0, header=[])
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text), strict=True
    )
    start = 1
    try:
        for record in reader:
            add_row(table, start, [c.strip() for c in record])  # the text is NFC already
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            "malformed_csv",
            gettext_noop(
                "The CSV is malformed at line %(line)s (%(detail)s). Check the quotes on that line."
            ),
            line=reader.line_num or start,
            detail=str(exc),
        ) from None
    return table
