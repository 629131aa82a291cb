"""Collecting row errors: every row is checked, every problem kept (up to a display limit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from phieukin.organizations.importing.columns import Columns, field_label
from phieukin.organizations.importing.errors import RowError
from phieukin.organizations.importing.tables import Cell
from phieukin.organizations.importing.values import Problem, text

T = TypeVar("T")
MAX_REPORTED_ERRORS = 1000


@dataclass
class Row:
    """One data row with where it came from and how its columns map to fields."""

    sheet: str
    line: int
    columns: Columns
    cells: list[Cell]

    def cell(self, name: str) -> Cell:
        index = self.columns.index.get(name)
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    def has(self, name: str) -> bool:
        return name in self.columns.index

    def label(self, name: str) -> str:
        if name in self.columns.label:
            return self.columns.label[name]
        return field_label(self.columns.kind, name) if name else ""


class Checker:
    def __init__(self, limit: int = MAX_REPORTED_ERRORS) -> None:
        self.errors: list[RowError] = []
        self.total = 0
        self.limit = limit

    def add(self, row: Row, name: str, code: str, message: str, /, **params: Any) -> None:
        self.total += 1
        if len(self.errors) < self.limit:
            self.errors.append(
                RowError(
                    line=row.line,
                    column=row.label(name),
                    value=text(row.cell(name))[:200],
                    code=code,
                    message=message,
                    params=params,
                    sheet=row.sheet,
                )
            )

    def parse(self, row: Row, name: str, parser: Callable[[Cell], T]) -> T | None:
        """``parser(cell)``, or None with the problem recorded against this cell."""
        try:
            return parser(row.cell(name))
        except Problem as problem:
            self.add(row, name, problem.code, problem.message, **problem.params)
            return None
