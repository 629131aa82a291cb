"""Layer 3b: check every member row; match existing members by party card number.

Each row's cells are read into typed values, then judged by ``member_rules`` — the same
function the services and the admin ask — and each problem becomes a row error on its column:
nothing in the future, admission on or after the Party's founding (03/02/1930) and at 18 or
older, the official date not before admission, an official date exactly for official members,
a status change the transition table allows. Optional columns that are absent from the file
leave the stored value alone on re-import, so a file without a "Chức vụ" column does not wipe
positions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_noop

from phieukin.organizations import member_rules as rules
from phieukin.organizations.importing.checker import Checker, Row
from phieukin.organizations.importing.values import (
    SEXES,
    STATUSES,
    parse_choice,
    parse_code,
    parse_date,
    text,
)
from phieukin.organizations.member_rules import (
    CELL_FIELD,
    CELL_SPEC,
    FIELD_SPECS,
    RECORD_FIELDS,
    MemberProblem,
    MemberRecord,
)
from phieukin.organizations.models import Member

_CHUNK = 5000  # keeps IN (...) under SQLite's and PostgreSQL's parameter limits
CELL_COLUMN = "org_code"  # the member's cell, by its code (``organization`` on the model)


@dataclass(frozen=True)
class MemberIn:
    """One valid member row of the file."""

    line: int
    record: MemberRecord
    org_code: str


@dataclass(frozen=True)
class ExistingMember:
    id: int
    record: MemberRecord
    organization_id: int


@dataclass
class MemberPlan:
    create: list[MemberIn] = field(default_factory=list)
    update: list[tuple[ExistingMember, MemberIn]] = field(default_factory=list)
    unchanged: int = 0


def load_existing_members(cards: list[str]) -> dict[str, ExistingMember]:
    """The stored members among ``cards``: one query per 5,000 cards, never one per row."""
    found: dict[str, ExistingMember] = {}
    columns = ["id", *RECORD_FIELDS, "organization_id"]
    for start in range(0, len(cards), _CHUNK):
        chunk = cards[start : start + _CHUNK]
        for row in Member.objects.filter(card_number__in=chunk).values(*columns):
            record = MemberRecord(**{name: row[name] for name in RECORD_FIELDS})
            found[record.card_number] = ExistingMember(row["id"], record, row["organization_id"])
    return found


def card_numbers(rows: list[Row]) -> list[str]:
    return sorted({str(row.cell("card_number")).strip() for row in rows} - {""})


def _read(row: Row, check: Checker) -> dict[str, object]:
    """The row's cells as typed values; a cell that cannot be read is left out (and reported)."""
    values: dict[str, object] = {}
    for name, spec in FIELD_SPECS.items():
        value: object
        if spec.kind == rules.DATE:
            if not spec.required and row.cell(name) == "":
                values[name] = None
                continue
            value = check.parse(row, name, parse_date)
        elif spec.kind == rules.SEX:
            value = check.parse(row, name, lambda c: parse_choice(c, SEXES, "sex"))
        elif spec.kind == rules.STATUS:
            if row.cell(name) == "":
                continue  # stated by the official date, below
            value = check.parse(row, name, lambda c: parse_choice(c, STATUSES, "status"))
        else:
            value = text(row.cell(name))
        if value is not None:
            values[name] = value
    return values


def _parse(
    row: Row,
    check: Checker,
    kinds: dict[str, str],
    existing: dict[str, ExistingMember],
    today: date,
) -> MemberIn | None:
    values = _read(row, check)
    old = existing.get(str(values.get("card_number", "")))
    if old is not None:  # columns missing from the file keep the stored values
        for name, spec in FIELD_SPECS.items():
            if spec.keep_when_absent and not row.has(name):
                values[name] = getattr(old.record, name)
    if "status" not in values and row.cell("status") == "" and "official_on" in values:
        official_on = values["official_on"]
        values["status"] = rules.default_status(
            official_on if isinstance(official_on, date) else None
        )
    problems = rules.check_record(values, today=today)
    if isinstance(status := values.get("status"), str):
        problems += rules.check_status(old.record.status if old else None, status)
    org_code = _cell(row, check, kinds)
    if org_code is not None:
        problems += rules.check_cell(org_code, kinds[org_code])
    for problem in problems:
        _add(check, row, problem)
    if problems or org_code is None or set(values) != set(RECORD_FIELDS):
        return None
    return MemberIn(row.line, MemberRecord(**values), org_code)  # type: ignore[arg-type]


def _add(check: Checker, row: Row, problem: MemberProblem) -> None:
    column = CELL_COLUMN if problem.field == CELL_FIELD else problem.field
    check.add(row, column, problem.code, problem.message, **problem.params)


def _cell(row: Row, check: Checker, kinds: dict[str, str]) -> str | None:
    """The member's cell code, known in the file or the database."""
    code = check.parse(row, CELL_COLUMN, lambda c: parse_code(c, max_length=CELL_SPEC.max_length))
    if code is None:
        return None
    if code not in kinds:
        check.add(
            row,
            CELL_COLUMN,
            "unknown_cell",
            gettext_noop(
                "The Party cell code %(code)s is neither in this file nor in the database."
            ),
            code=code,
        )
        return None
    return code


def validate_members(
    rows: list[Row],
    existing: dict[str, ExistingMember],
    kinds: dict[str, str],
    org_code_by_id: dict[int, str],
    check: Checker,
    *,
    in_scope: Callable[[str], bool] = lambda code: True,
    tick: Callable[[int], None] = lambda done: None,
) -> MemberPlan:
    today = timezone.localdate()
    plan = MemberPlan()
    first_line: dict[str, int] = {}
    for index, row in enumerate(rows):
        if index % 2000 == 0:
            tick(index)
        member = _parse(row, check, kinds, existing, today)
        card = str(row.cell("card_number")).strip()
        if card and card in first_line:
            check.add(
                row,
                "card_number",
                "duplicate_card",
                gettext_noop("The card number %(card)s already appears on line %(line)s."),
                card=card,
                line=first_line[card],
            )
            continue
        first_line.setdefault(card, row.line)
        if member is None:
            continue
        old = existing.get(member.record.card_number)
        if not _scope_ok(row, check, member, old, in_scope=in_scope, org_code_by_id=org_code_by_id):
            continue
        if old is None:
            plan.create.append(member)
        elif member.record == old.record and member.org_code == org_code_by_id.get(
            old.organization_id
        ):
            plan.unchanged += 1
        else:
            plan.update.append((old, member))
    return plan


def _scope_ok(
    row: Row,
    check: Checker,
    member: MemberIn,
    old: ExistingMember | None,
    *,
    in_scope: Callable[[str], bool],
    org_code_by_id: dict[int, str],
) -> bool:
    """A scoped importer may neither put a member in nor take one from a cell outside."""
    if in_scope(member.org_code) and (
        old is None or in_scope(org_code_by_id.get(old.organization_id, ""))
    ):
        return True
    check.add(
        row,
        CELL_COLUMN,
        "out_of_scope",
        gettext_noop(
            "This member is or would be in a Party cell outside the organizations you manage."
        ),
    )
    return False
