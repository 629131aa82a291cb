"""Tables of cells, the common shape of a CSV file and of an XLSX sheet."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time

Cell = str | date


@dataclass
class Table:
    """One sheet (or the CSV): the header row and the data rows with their line numbers."""

    name: str
    header_line: int
    header: list[str]
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)


def add_row(table: Table, line: int, cells: list[Cell]) -> None:
    if not any(c != "" for c in cells):
        return
    if not table.header:
        table.header_line = line
        table.header = [str(c) for c in cells]
    else:
        table.rows.append((line, cells))


def clean(value: object) -> Cell:
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
