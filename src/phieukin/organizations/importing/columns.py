"""Layer 2a: which column holds which field.

Headers are matched after folding (no diacritics, lower case, punctuation as spaces, ``(*)``
"required" markers dropped), so "Số thẻ đảng viên (*)", "so the dang vien" and "card_number"
are the same column. The first alias of each field is the header of the downloadable
template; the English snake_case name is always accepted too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from phieukin.lib.text import fold
from phieukin.organizations.importing.errors import ImportFileError
from phieukin.organizations.member_rules import CELL_SPEC, FIELD_SPECS

ORGANIZATIONS = "organizations"
MEMBERS = "members"
KINDS = (ORGANIZATIONS, MEMBERS)


@dataclass(frozen=True)
class Field:
    name: str
    required: bool
    aliases: tuple[str, ...]

    @property
    def header(self) -> str:
        """The template's header: Vietnamese, then the English name."""
        return self.aliases[0]


FIELDS: dict[str, tuple[Field, ...]] = {
    ORGANIZATIONS: (
        Field("code", True, ("Mã tổ chức", "Mã", "Mã đơn vị", "Organization code", "Org code")),
        Field("name", True, ("Tên tổ chức", "Tên", "Tên đơn vị", "Organization name")),
        Field("kind", True, ("Loại tổ chức", "Loại", "Loại hình", "Cấp", "Type")),
        Field(
            "parent_code",
            False,
            ("Mã tổ chức cấp trên", "Mã cấp trên", "Cấp trên", "Parent code", "Parent"),
        ),
        Field("is_active", False, ("Đang hoạt động", "Hoạt động", "Active", "Is active")),
    ),
    # Derived from the one declaration of a member's fields (``member_rules.MemberRecord``).
    MEMBERS: (
        *(Field(name, spec.required, spec.headers) for name, spec in FIELD_SPECS.items()),
        Field("org_code", CELL_SPEC.required, CELL_SPEC.headers),
    ),
}


def normalize_header(text: str) -> str:
    folded = fold(text).replace("(*)", " ").replace("*", " ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def _alias_map(kind: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for f in FIELDS[kind]:
        for alias in (*f.aliases, f.name):
            aliases.setdefault(normalize_header(alias), f.name)
    return aliases


_ALIASES = {kind: _alias_map(kind) for kind in KINDS}


@dataclass
class Columns:
    """Field name -> (cell index, header as written in the file)."""

    kind: str
    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def detect_kind(header: list[str]) -> str | None:
    """Members if a card-number column is there; organizations if code and kind are."""
    normalized = {normalize_header(h) for h in header}
    found = {kind: {_ALIASES[kind].get(h) for h in normalized} for kind in KINDS}
    if "card_number" in found[MEMBERS]:
        return MEMBERS
    if {"code", "kind"} <= found[ORGANIZATIONS]:
        return ORGANIZATIONS
    return None


def map_columns(header: list[str], kind: str, *, sheet: str = "") -> Columns:
    """Match the header row to the fields of ``kind``; missing or repeated columns are fatal."""
    columns = Columns(kind=kind)
    for index, text in enumerate(header):
        name = _ALIASES[kind].get(normalize_header(text))
        if name is None:
            if text:
                columns.ignored.append(text)
            continue
        if name in columns.index:
            raise ImportFileError(
                "duplicate_column",
                gettext_noop(
                    "The columns %(first)s and %(second)s both hold the same field; keep one."
                ),
                first=columns.label[name],
                second=text,
            )
        columns.index[name] = index
        columns.label[name] = text
    missing = [f.header for f in FIELDS[kind] if f.required and f.name not in columns.index]
    if missing:
        raise ImportFileError(
            "missing_columns",
            gettext_noop(
                "Missing required column(s)%(sheet)s: %(columns)s. Download the template to see "
                "the expected header row."
            ),
            sheet=f" [{sheet}]" if sheet else "",
            columns=", ".join(missing),
        )
    return columns


def field_label(kind: str, name: str) -> str:
    return next(f.header for f in FIELDS[kind] if f.name == name)
