"""Layer 3b: check every member row; match existing members by party card number.

Dates are checked against each other and against the Party's own rules: nothing in the
future, admission on or after the Party's founding (03/02/1930) and at 18 or older (Điều lệ
Đảng, Điều 1), the official date not before admission, and no official date for a
probationary member. Optional columns that are absent from the file leave the stored value
alone on re-import, so a file without a "Chức vụ" column does not wipe positions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_noop

from phieukin.organizations.importing.checker import Checker, Row
from phieukin.organizations.importing.values import (
    SEXES,
    STATUSES,
    parse_choice,
    parse_code,
    parse_date,
    parse_text,
)
from phieukin.organizations.models import CELL_KINDS, Member, MemberStatus

PARTY_FOUNDED = date(1930, 2, 3)
MIN_ADMISSION_AGE = 18
OLDEST_BIRTH = date(1900, 1, 1)
_CHUNK = 5000  # keeps IN (...) under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True)
class MemberIn:
    line: int
    card_number: str
    full_name: str
    birth_date: date
    sex: str
    admitted_on: date
    official_on: date | None
    status: str
    position: str
    org_code: str


@dataclass(frozen=True)
class ExistingMember:
    id: int
    card_number: str
    full_name: str
    birth_date: date
    sex: str
    admitted_on: date
    official_on: date | None
    status: str
    position: str
    organization_id: int


@dataclass
class MemberPlan:
    create: list[MemberIn] = field(default_factory=list)
    update: list[tuple[ExistingMember, MemberIn]] = field(default_factory=list)
    unchanged: int = 0


def load_existing_members(cards: list[str]) -> dict[str, ExistingMember]:
    """The stored members among ``cards``: one query per 5,000 cards, never one per row."""
    found: dict[str, ExistingMember] = {}
    fields = list(ExistingMember.__dataclass_fields__)
    for start in range(0, len(cards), _CHUNK):
        chunk = cards[start : start + _CHUNK]
        for row in Member.objects.filter(card_number__in=chunk).values_list(*fields):
            found[row[1]] = ExistingMember(*row)
    return found


def card_numbers(rows: list[Row]) -> list[str]:
    return sorted({str(row.cell("card_number")).strip() for row in rows} - {""})


def _date(check: Checker, row: Row, name: str, today: date) -> date | None:
    value = check.parse(row, name, parse_date)
    if value is not None and value > today:
        check.add(
            row,
            name,
            "future_date",
            gettext_noop("The date %(date)s is in the future."),
            date=value.strftime("%d/%m/%Y"),
        )
        return None
    return value


def _check_dates(check: Checker, row: Row, today: date) -> tuple[date, date, date | None] | None:
    birth = _date(check, row, "birth_date", today)
    admitted = _date(check, row, "admitted_on", today)
    official = _date(check, row, "official_on", today) if row.cell("official_on") != "" else None
    ok = birth is not None and admitted is not None
    if birth is not None and birth < OLDEST_BIRTH:
        check.add(
            row,
            "birth_date",
            "implausible_birth",
            gettext_noop("A date of birth before 1900 is not plausible."),
        )
        ok = False
    if admitted is not None and admitted < PARTY_FOUNDED:
        check.add(
            row,
            "admitted_on",
            "before_founding",
            gettext_noop("The admission date is before the Party was founded (03/02/1930)."),
        )
        ok, admitted = False, None  # an age computed from a wrong date would only add noise
    if birth is not None and admitted is not None and _age(birth, admitted) < MIN_ADMISSION_AGE:
        check.add(
            row,
            "admitted_on",
            "too_young",
            gettext_noop(
                "The member would have been %(age)s when admitted; the minimum age is 18."
            ),
            age=_age(birth, admitted),
        )
        ok = False
    if official is not None and admitted is not None and official < admitted:
        check.add(
            row,
            "official_on",
            "official_before_admitted",
            gettext_noop("The official date is before the admission date."),
        )
        ok = False
    if row.cell("official_on") != "" and official is None:
        ok = False
    return (birth, admitted, official) if ok else None  # type: ignore[return-value]


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _parse(row: Row, check: Checker, kinds: dict[str, str], today: date) -> MemberIn | None:
    card = check.parse(row, "card_number", lambda c: parse_code(c, max_length=20))
    name = check.parse(row, "full_name", lambda c: parse_text(c, max_length=200, required=True))
    if name is not None and not any(ch.isalpha() for ch in name):
        check.add(row, "full_name", "bad_name", gettext_noop("A full name must contain letters."))
        name = None
    sex = check.parse(row, "sex", lambda c: parse_choice(c, SEXES, "sex"))
    dates = _check_dates(check, row, today)
    status = _status(row, check, dates)
    position = check.parse(row, "position", lambda c: parse_text(c, max_length=255, required=False))
    org_code = _cell(row, check, kinds)
    if None in (card, name, sex, dates, status, position, org_code) or dates is None:
        return None
    birth, admitted, official = dates
    return MemberIn(
        row.line,
        card,
        name,
        birth,
        sex,
        admitted,
        official,
        status,
        position,
        org_code,  # type: ignore[arg-type]
    )


def _status(row: Row, check: Checker, dates: tuple[date, date, date | None] | None) -> str | None:
    """The status cell, or (empty) official/probationary as the official date says."""
    if row.cell("status") != "":
        status = check.parse(row, "status", lambda c: parse_choice(c, STATUSES, "status"))
    elif dates is not None and dates[2] is None:
        status = MemberStatus.PROBATIONARY
    else:
        status = MemberStatus.OFFICIAL
    if status == MemberStatus.PROBATIONARY and dates is not None and dates[2] is not None:
        check.add(
            row,
            "official_on",
            "probationary_with_official",
            gettext_noop(
                "A probationary member has no official date yet; clear it or fix the status."
            ),
        )
        return None
    return status


def _cell(row: Row, check: Checker, kinds: dict[str, str]) -> str | None:
    """The member's cell code: known (in the file or the database) and really a cell."""
    code = check.parse(row, "org_code", lambda c: parse_code(c, max_length=32))
    if code is None:
        return None
    kind = kinds.get(code)
    if kind is None:
        check.add(
            row,
            "org_code",
            "unknown_cell",
            gettext_noop(
                "The Party cell code %(code)s is neither in this file nor in the database."
            ),
            code=code,
        )
        return None
    if kind not in CELL_KINDS:
        check.add(
            row,
            "org_code",
            "not_a_cell",
            gettext_noop("%(code)s is a %(kind)s; members belong to a Party cell."),
            code=code,
            kind=kind,
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
        member = _parse(row, check, kinds, today)
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
        old = existing.get(member.card_number)
        if not _scope_ok(row, check, member, old, in_scope=in_scope, org_code_by_id=org_code_by_id):
            continue
        if old is None:
            plan.create.append(member)
            continue
        member = _keep_absent(member, old, row)
        if _same(member, old, org_code_by_id):
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
        "org_code",
        "out_of_scope",
        gettext_noop(
            "This member is or would be in a Party cell outside the organizations you manage."
        ),
    )
    return False


def _keep_absent(member: MemberIn, old: ExistingMember, row: Row) -> MemberIn:
    """Columns missing from the file keep the stored values."""
    if not row.has("position"):
        member = replace(member, position=old.position)
    if not row.has("status"):
        member = replace(member, status=old.status)
    if not row.has("official_on"):
        member = replace(member, official_on=old.official_on)
    return member


def _same(member: MemberIn, old: ExistingMember, org_code_by_id: dict[int, str]) -> bool:
    return (
        member.full_name,
        member.birth_date,
        member.sex,
        member.admitted_on,
        member.official_on,
        member.status,
        member.position,
        member.org_code,
    ) == (
        old.full_name,
        old.birth_date,
        old.sex,
        old.admitted_on,
        old.official_on,
        old.status,
        old.position,
        org_code_by_id.get(old.organization_id),
    )
