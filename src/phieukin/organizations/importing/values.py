"""Layer 2b: one cell -> one typed value, or a ``Problem`` saying what is wrong with it.

Vietnamese spreadsheets write dates as dd/mm/yyyy; exports from other systems use ISO
(yyyy-mm-dd); Excel stores real date cells as dates (openpyxl gives ``date``) and a date
pasted into a text column sometimes survives only as its serial number. All are accepted;
mm/dd/yyyy is not (it is ambiguous with dd/mm/yyyy and Vietnamese files never use it).
Choice cells (kind, sex, status) accept the Vietnamese words with or without diacritics,
the English labels and the stored values.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.translation import gettext_noop

from phieukin.lib.text import fold
from phieukin.organizations.importing.tables import Cell
from phieukin.organizations.models import MemberStatus, OrganizationKind, Sex

_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_SERIAL = re.compile(r"\d{4,5}")
_EXCEL_EPOCH = date(1899, 12, 30)
_CODE = re.compile(r"[^\s\x00-\x1f]+")


@dataclass
class Problem(Exception):  # noqa: N818 - a value problem, not a program error
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@functools.lru_cache(maxsize=4096)
def choice_key(value: str) -> str:
    """Folded words of a choice cell; cached because a column holds a handful of values."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(value)).split())


def _choices(table: dict[str, tuple[str, ...]], labels: dict[str, str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, words in table.items():
        for word in (*words, value, labels[value]):
            out[choice_key(str(word))] = value
    return out


KINDS = _choices(
    {
        OrganizationKind.CENTRAL: ("Trung ương", "Cấp Trung ương"),
        OrganizationKind.PROVINCIAL: (
            "Đảng bộ tỉnh",
            "Đảng bộ thành phố",
            "Đảng bộ tỉnh, thành phố",
            "Tỉnh ủy",
            "Thành ủy",
        ),
        OrganizationKind.DIRECT: (
            "Đảng bộ trực thuộc",
            "Đảng bộ trực thuộc tỉnh",
            "Đảng bộ cấp trên cơ sở",
            "Đảng bộ huyện",
            "Đảng bộ quận",
            "Đảng bộ xã",
            "Đảng bộ phường",
        ),
        OrganizationKind.GRASSROOTS: ("Đảng bộ cơ sở",),
        OrganizationKind.PARTIAL: ("Đảng bộ bộ phận",),
        OrganizationKind.GRASSROOTS_CELL: ("Chi bộ cơ sở",),
        OrganizationKind.CELL: ("Chi bộ", "Chi bộ trực thuộc"),
    },
    dict(OrganizationKind.choices),
)
SEXES = _choices(
    {Sex.MALE: ("Nam", "M"), Sex.FEMALE: ("Nữ", "F")},
    dict(Sex.choices),
)
STATUSES = _choices(
    {
        MemberStatus.OFFICIAL: ("Chính thức", "Đảng viên chính thức"),
        MemberStatus.PROBATIONARY: ("Dự bị", "Đảng viên dự bị"),
        MemberStatus.SUSPENDED: ("Đình chỉ sinh hoạt", "Đình chỉ"),
        MemberStatus.EXEMPTED: ("Miễn sinh hoạt", "Miễn công tác và sinh hoạt đảng"),
        MemberStatus.TRANSFERRED: ("Chuyển đi", "Chuyển sinh hoạt đi"),
    },
    dict(MemberStatus.choices),
)
_BOOLEANS = {
    "co": True,
    "x": True,
    "1": True,
    "true": True,
    "yes": True,
    "dang hoat dong": True,
    "hoat dong": True,
    "khong": False,
    "0": False,
    "false": False,
    "no": False,
    "ngung hoat dong": False,
    "giai the": False,
}


def text(cell: Cell) -> str:
    return cell.strftime("%d/%m/%Y") if isinstance(cell, date) else " ".join(cell.split())


def parse_date(cell: Cell) -> date:
    if isinstance(cell, date):
        return cell
    value = cell.strip()
    try:
        if match := _DMY.fullmatch(value):
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        if match := _YMD.fullmatch(value):
            year, month, day = (int(g) for g in match.groups())
            return date(year, month, day)
    except ValueError:
        raise Problem(
            "bad_date", gettext_noop("%(value)s is not a real calendar date."), {"value": value}
        ) from None
    if _SERIAL.fullmatch(value) and 1 <= int(value) <= 2958465:
        return _EXCEL_EPOCH + timedelta(days=int(value))
    raise Problem(
        "bad_date",
        gettext_noop("%(value)s is not a date; write dd/mm/yyyy (e.g. 02/09/1975) or yyyy-mm-dd."),
        {"value": value},
    )


_CHOICE_MESSAGES = {
    "kind": gettext_noop("Unknown organization kind %(value)s; use one of: %(allowed)s."),
    "sex": gettext_noop("Unknown sex %(value)s; use one of: %(allowed)s."),
    "status": gettext_noop("Unknown member status %(value)s; use one of: %(allowed)s."),
}
ALLOWED_WORDS = {
    "kind": "Đảng bộ tỉnh, Đảng bộ trực thuộc, Đảng bộ cơ sở, Đảng bộ bộ phận, "
    "Chi bộ cơ sở, Chi bộ",
    "sex": "Nam, Nữ",
    "status": "Chính thức, Dự bị, Đình chỉ sinh hoạt, Miễn sinh hoạt, Chuyển đi",
}


def parse_choice(cell: Cell, choices: dict[str, str], what: str) -> str:
    key = choice_key(text(cell))
    if key in choices:
        return choices[key]
    if not key:
        raise Problem("required", gettext_noop("This cell is required."))
    raise Problem(
        f"bad_{what}",
        _CHOICE_MESSAGES[what],
        {"value": text(cell), "allowed": ALLOWED_WORDS[what]},
    )


def parse_bool(cell: Cell) -> bool:
    key = fold(text(cell))
    if key == "":
        return True
    if key in _BOOLEANS:
        return _BOOLEANS[key]
    raise Problem(
        "bad_bool",
        gettext_noop("%(value)s is not yes/no (write Có or Không)."),
        {"value": text(cell)},
    )


def parse_code(cell: Cell, *, max_length: int) -> str:
    value = text(cell)
    if not value:
        raise Problem("required", gettext_noop("This cell is required."))
    if not _CODE.fullmatch(value):
        raise Problem(
            "bad_code", gettext_noop("A code may not contain spaces: %(value)s."), {"value": value}
        )
    if len(value) > max_length:
        raise Problem(
            "too_long",
            gettext_noop("At most %(max)s characters (%(length)s given)."),
            {"max": max_length, "length": len(value)},
        )
    return value


def parse_text(cell: Cell, *, max_length: int, required: bool) -> str:
    value = text(cell)
    if required and not value:
        raise Problem("required", gettext_noop("This cell is required."))
    if len(value) > max_length:
        raise Problem(
            "too_long",
            gettext_noop("At most %(max)s characters (%(length)s given)."),
            {"max": max_length, "length": len(value)},
        )
    return value
