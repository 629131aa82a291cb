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
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from phieukin.organizations.importing.errors import ImportFileError

Cell = str | date
XLSX_UNCOMPRESSED_FACTOR = 20  # a real sheet compresses ~5-10x; more than 20x is a zip bomb
_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (Excel 97-2003), .doc
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


@dataclass
class Table:
    """One sheet (or the CSV): the header row and the data rows with their line numbers."""

    name: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def read_tables(data: bytes, *, max_bytes: int) -> list[Table]:
    """Decode ``data`` (a CSV or XLSX file) into non-empty tables, or raise ImportFileError."""
    if len(data) > max_bytes:
        raise ImportFileError(
            "too_large",
            "The file is %(size)s bytes; the limit is %(limit)s bytes.",
            size=len(data),
            limit=max_bytes,
        )
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError("empty", "The file is empty.")
    if data.startswith(_MAGIC_ZIP):
        tables = _read_xlsx(data, max_bytes=max_bytes)
    elif data.startswith(_MAGIC_OLE2):
        raise ImportFileError(
            "xls",
            "This is an old Excel 97-2003 (.xls) file. Open it in Excel and save it as "
            "Excel Workbook (.xlsx) or CSV UTF-8.",
        )
    else:
        tables = [_read_csv(decode_text(data))]
    tables = [t for t in tables if t.header]
    if not tables:
        raise ImportFileError("empty", "The file is empty.")
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
            "Line %(line)s is not valid %(encoding)s text. Save the file again as "
            "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8 (Comma delimited)).",
            line=line,
            encoding=encoding.upper(),
        ) from None


def _windows_1258(data: bytes) -> str:
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise ImportFileError(
            "not_utf8",
            "The file is not UTF-8 text. Open it in Excel (or a text editor) and save it as "
            "CSV UTF-8 (in Excel: File > Save As > CSV UTF-8 (Comma delimited)).",
        ) from None
    foreign = sorted(
        {c for c in text if ord(c) > 127 and c not in _VI_LETTERS and c not in _PUNCTUATION}
    )
    if foreign:
        raise ImportFileError(
            "legacy_encoding",
            "The file is not UTF-8 text and looks like a legacy Vietnamese encoding "
            "(TCVN3/ABC or VNI; unexpected characters: %(chars)s). Convert it to Unicode "
            "(e.g. with UniKey's converter), then save it as CSV UTF-8 (in Excel: File > "
            "Save As > CSV UTF-8 (Comma delimited)).",
            chars=" ".join(foreign[:5]),
        )
    return text


def _refuse_binary(text: str) -> None:
    for index, char in enumerate(text):
        if char in "\t\r\n\f":
            continue
        if unicodedata.category(char) == "Cc":
            raise ImportFileError(
                "binary",
                "This is not a CSV or Excel (.xlsx) file: it contains binary data (line %(line)s).",
                line=text.count("\n", 0, index) + 1,
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
            _add_row(table, start, [_clean(c) for c in record])
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            "malformed_csv",
            "The CSV is malformed at line %(line)s (%(detail)s). Check the quotes on that line.",
            line=reader.line_num or start,
            detail=str(exc),
        ) from None
    return table


def _add_row(table: Table, line: int, cells: list[Cell]) -> None:
    if not any(c != "" for c in cells):
        return
    if not table.header:
        table.header_line = line
        table.header = [str(c) for c in cells]
    else:
        table.rows.append((line, cells))


def _clean(value: object) -> Cell:
    """A raw cell -> stripped NFC text, or a date for Excel date cells."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, time):
        value = value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _read_xlsx(data: bytes, *, max_bytes: int) -> list[Table]:
    """Stream every sheet; openpyxl raises many exception types on bad input, all mapped."""
    _check_zip(data, max_bytes=max_bytes)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [_read_sheet(sheet) for sheet in book.worksheets]
        finally:
            book.close()
    except ImportFileError:
        raise
    except Exception as exc:
        raise ImportFileError(
            "malformed_xlsx",
            "The Excel file is damaged or not a real .xlsx workbook (%(detail)s). Open it in "
            "Excel and save it again as Excel Workbook (.xlsx).",
            detail=type(exc).__name__,
        ) from None


def _read_sheet(sheet: object) -> Table:
    sheet.reset_dimensions()  # type: ignore[attr-defined]  # wrong <dimension> tags truncate rows
    table = Table(name=str(sheet.title), header_line=0, header=[])  # type: ignore[attr-defined]
    rows = sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]
    for line, values in enumerate(rows, start=1):
        _add_row(table, line, [_clean(v) for v in values])
    while table.header and table.header[-1] == "":
        table.header.pop()
    return table


def _check_zip(data: bytes, *, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError):
        raise ImportFileError(
            "malformed_xlsx",
            "The file starts like a ZIP/Excel file but is damaged. Open it in Excel and save "
            "it again as Excel Workbook (.xlsx).",
        ) from None
    if b"opendocument" in mimetype:
        raise ImportFileError(
            "ods",
            "This is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook (.xlsx) "
            "or CSV UTF-8.",
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportFileError("not_spreadsheet", "This ZIP file is not an Excel workbook (.xlsx).")
    if unpacked > max_bytes * XLSX_UNCOMPRESSED_FACTOR:
        raise ImportFileError(
            "too_large",
            "The file is %(size)s bytes; the limit is %(limit)s bytes.",
            size=unpacked,
            limit=max_bytes * XLSX_UNCOMPRESSED_FACTOR,
        )
