"""Typed errors of the importer.

Two kinds of failure, kept apart because they are shown differently:

* ``ImportFileError`` — the file as a whole cannot be read (not CSV/XLSX, wrong encoding,
  too large, missing columns). Raised at once; nothing further is checked.
* ``RowError`` — one cell of one row is wrong. Every row is checked and every problem is
  collected, so a secretary fixes the whole file in one pass; ``ImportInvalid`` carries them.

Messages are English msgids with ``%(name)s`` parameters, rendered late: in the active
language (Vietnamese in the web UI) or in English at the CLI (``english``), so the
background import thread never has to guess which language the reader wants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation

from phieukin.organizations.errors import render


class ImportFileError(Exception):
    """The whole file is unusable; ``code`` says why (for tests and the API)."""

    def __init__(self, code: str, message: str, /, **params: Any) -> None:
        self.code = code
        self.message = message
        self.params = params
        super().__init__(self.english)

    def __str__(self) -> str:
        return render(self.message, self.params)

    @property
    def english(self) -> str:
        with translation.override("en"):
            return render(self.message, self.params)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": self.params}


@dataclass(frozen=True)
class RowError:
    """What is wrong with one cell: where (sheet, line, column), the value, and why."""

    line: int
    column: str
    value: str
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    sheet: str = ""

    def text(self) -> str:
        return render(self.message, self.params)

    def english(self) -> str:
        with translation.override("en"):
            return self.text()

    def as_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "column": self.column,
            "value": self.value,
            "code": self.code,
            "message": self.message,
            "params": self.params,
            "sheet": self.sheet,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowError:
        return cls(**data)


class ImportInvalid(Exception):  # noqa: N818 - "invalid" reads better than "InvalidError"
    """The file was read but some rows are wrong: nothing was written.

    ``errors`` holds at most ``limit`` errors (a file with 100,000 bad rows must not build a
    100,000-line page); ``total`` is the real count.
    """

    def __init__(self, errors: list[RowError], total: int) -> None:
        self.errors = errors
        self.total = total
        super().__init__(f"{total} error(s) in the file; nothing was imported")
