"""Reading .xlsx workbooks: openpyxl for the workbook structure, a lean row parser for cells.

openpyxl (read-only mode) streams a sheet, but builds a rich-text object per string cell and
a coordinate tuple per cell; on a 100,000-row sheet that is most of the import time. The
sheets' XML is therefore read here with the standard library's iterparse, using openpyxl's
shared-string table, date styles and epoch, and clearing each row once read. If a future
openpyxl renames those internals, the reader falls back to openpyxl's own ``iter_rows``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_noop

from phieukin.organizations.importing.errors import ImportFileError
from phieukin.organizations.importing.tables import Table, add_row, clean

XLSX_UNCOMPRESSED_FACTOR = 20  # a real sheet compresses ~5-10x; more than 20x is a zip bomb


def read_xlsx(data: bytes, *, max_bytes: int) -> list[Table]:
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
            gettext_noop(
                "The Excel file is damaged or not a real .xlsx workbook (%(detail)s). Open it in "
                "Excel and save it again as Excel Workbook (.xlsx)."
            ),
            detail=type(exc).__name__,
        ) from None


def _read_sheet(sheet: Any) -> Table:
    table = Table(name=str(sheet.title), header_line=0, header=[])
    try:
        rows = _fast_rows(sheet)
    except AttributeError:
        sheet.reset_dimensions()  # a wrong <dimension> tag would truncate the rows
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
    for line, values in rows:
        add_row(table, line, [clean(v) for v in values])
    while table.header and table.header[-1] == "":
        table.header.pop()
    return table


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE, _INLINE, _TEXT = (f"{_NS}{t}" for t in ("row", "c", "v", "is", "t"))
MAX_COLUMNS = 200  # far more than any import needs; bounds a hostile "XFD1" cell reference


def _fast_rows(sheet: Any) -> Iterator[tuple[int, list[object]]]:
    """(row number, values) of one sheet, as openpyxl's values_only rows would give them."""
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.datetime import from_excel

    book = sheet.parent
    shared, dates, epoch = sheet._shared_strings, book._date_formats, book.epoch
    source = book._archive.open(sheet._worksheet_path)
    # Expat (Python >= 3.11.4 bundles 2.5) refuses entity-expansion bombs and ElementTree
    # never fetches external entities, which is what defusedxml would add here.
    events = iterparse(source, events=("end",))  # noqa: S314
    return _parse_rows(events, shared, dates, epoch, from_excel)


def _parse_rows(
    events: Any, shared: list[str], dates: Any, epoch: Any, from_excel: Any
) -> Iterator[tuple[int, list[object]]]:
    number = 0
    for _, element in events:
        if element.tag != _ROW:
            continue
        number = int(element.get("r") or number + 1)
        values: list[object] = []
        for cell in element.iter(_CELL):
            column = _column(cell.get("r"), len(values))
            values.extend([None] * (column - len(values)))
            values.append(_value(cell, shared, dates, epoch, from_excel))
        element.clear()
        yield number, values


def _column(reference: str | None, default: int) -> int:
    """0-based column of a reference such as "AB12" (the letters only)."""
    if not reference:
        return default
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    if not 1 <= index <= MAX_COLUMNS:
        raise ImportFileError(
            "too_many_columns",
            gettext_noop("The sheet uses column %(column)s; at most %(max)s columns are read."),
            column=reference,
            max=MAX_COLUMNS,
        )
    return index - 1


def _value(cell: Any, shared: list[str], dates: Any, epoch: Any, from_excel: Any) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        return "".join(t.text or "" for t in inline.iter(_TEXT)) if inline is not None else None
    text = cell.findtext(_VALUE)
    if not text:
        return None
    if kind == "s":
        return shared[int(text)]
    if kind == "b":
        return text == "1"
    if kind != "n":  # "str" (formula result), "e" (error), "d" (ISO date): keep the text
        return text
    number = float(text)
    return from_excel(number, epoch) if int(cell.get("s", 0)) in dates else number


def _check_zip(data: bytes, *, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, NotImplementedError):
        raise ImportFileError(
            "malformed_xlsx",
            gettext_noop(
                "The file starts like a ZIP/Excel file but is damaged. Open it in Excel and save "
                "it again as Excel Workbook (.xlsx)."
            ),
        ) from None
    if b"opendocument" in mimetype:
        raise ImportFileError(
            "ods",
            gettext_noop(
                "This is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook (.xlsx) "
                "or CSV UTF-8."
            ),
        )
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportFileError(
            "not_spreadsheet", gettext_noop("This ZIP file is not an Excel workbook (.xlsx).")
        )
    if unpacked > max_bytes * XLSX_UNCOMPRESSED_FACTOR:
        raise ImportFileError(
            "too_large",
            gettext_noop("The file is %(size)s bytes; the limit is %(limit)s bytes."),
            size=unpacked,
            limit=max_bytes * XLSX_UNCOMPRESSED_FACTOR,
        )
