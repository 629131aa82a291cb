"""Every member rule gives the same answer through the three doors: import, service, admin.

One table of cases; each case runs through ``run_import`` (a CSV row), the services
(``do_add_member`` / ``do_update_member``) and the Django admin (the add or change form, as a
person submits it). The answer of a door is what a person would see: the problems, as
(field, English message), and, when it is accepted, the member's status and how many open
memberships they have. The service's problem codes must be the case's expected codes, and
every door must give the service's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from phieukin.organizations.errors import MemberRuleError, render
from phieukin.organizations.importing import ImportInvalid, run_import
from phieukin.organizations.member_rules import (
    CELL_FIELD,
    CELL_SPEC,
    FIELD_SPECS,
    RECORD_FIELDS,
    MemberRecord,
)
from phieukin.organizations.models import Member, Organization
from phieukin.organizations.services.members import (
    do_add_member,
    do_set_member_status,
    do_update_member,
    record_of,
)
from phieukin.organizations.services.tree import do_create_organization

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 2)  # the rules compare dates with today: a fixed day, not the clock

BASE = MemberRecord(
    card_number="01000001",
    full_name="Nguyễn Văn An",
    birth_date=date(1975, 9, 2),
    sex="male",
    admitted_on=date(2000, 5, 19),
    official_on=date(2001, 5, 19),
    status="official",
    position="Bí thư chi bộ",
)
PROBATIONARY = replace(BASE, admitted_on=date(2024, 10, 1), official_on=None, status="probationary")


@dataclass(frozen=True)
class Case:
    """``change`` applied to ``start`` (None: a new member); ``codes``: the expected problems."""

    id: str
    change: dict[str, Any]
    codes: frozenset[tuple[str, str]] = frozenset()
    start: MemberRecord | None = None
    start_status: str | None = None  # a status reached through the services before the change
    in_committee: bool = field(default=False)  # put the member in a non-cell organization


def _new(id_: str, codes: set[tuple[str, str]] | None = None, **change: Any) -> Case:
    return Case(id_, change, frozenset(codes or ()))


def _changed(
    id_: str, start: MemberRecord, codes: set[tuple[str, str]] | None = None, **change: Any
) -> Case:
    return Case(id_, change, frozenset(codes or ()), start=start)


CASES = [
    # A new member.
    _new("official"),
    _new("probationary", status="probationary", admitted_on=date(2024, 10, 1), official_on=None),
    _new("suspended", status="suspended"),
    _new("transferred", {("status", "new_transferred")}, status="transferred"),
    _new("admitted_at_10", {("admitted_on", "too_young")}, birth_date=date(1990, 1, 1)),
    _new("admitted_in_1920", {("admitted_on", "before_founding")}, admitted_on=date(1920, 5, 19)),
    _new(
        "admitted_before_birth",
        {("admitted_on", "admitted_before_birth")},
        admitted_on=date(1970, 1, 1),
    ),
    _new("born_1890", {("birth_date", "implausible_birth")}, birth_date=date(1890, 1, 1)),
    _new("born_tomorrow", {("birth_date", "future_date")}, birth_date=date(2025, 6, 3)),
    _new(
        "official_before_admitted",
        {("official_on", "official_before_admitted")},
        official_on=date(1999, 1, 1),
    ),
    _new(
        "probationary_with_official_date",
        {("official_on", "probationary_with_official")},
        status="probationary",
    ),
    _new("official_without_date", {("official_on", "official_date_required")}, official_on=None),
    _new("no_card", {("card_number", "required")}, card_number=""),
    _new("long_card", {("card_number", "too_long")}, card_number="0" * 21),
    _new("card_with_space", {("card_number", "bad_code")}, card_number="010 001"),
    _new("name_without_letters", {("full_name", "bad_name")}, full_name="12345"),
    _new("no_name", {("full_name", "required")}, full_name=""),
    _new(
        "two_problems",
        {("birth_date", "future_date"), ("official_on", "official_date_required")},
        birth_date=date(2030, 1, 1),
        official_on=None,
    ),
    Case("in_a_committee", {}, frozenset({(CELL_FIELD, "not_a_cell")}), in_committee=True),
    # A change of a stored member.
    _changed(
        "official_to_probationary",
        BASE,
        {("status", "bad_transition")},
        status="probationary",
        official_on=None,
    ),
    _changed("official_to_suspended", BASE, status="suspended"),
    _changed("official_to_transferred", BASE, status="transferred"),
    _changed("probationary_to_official", PROBATIONARY, status="official", official_on=TODAY),
    replace(
        _changed("transferred_to_official", BASE, status="official"),
        start_status="transferred",
    ),
    replace(
        _changed(
            "transferred_to_suspended", BASE, {("status", "bad_transition")}, status="suspended"
        ),
        start_status="transferred",
    ),
    _changed(
        "corrected_to_age_10", BASE, {("admitted_on", "too_young")}, birth_date=date(1990, 1, 1)
    ),
]


@dataclass(frozen=True)
class Answer:
    problems: frozenset[tuple[str, str]]  # (field, English message)
    status: str | None = None  # when accepted
    open_memberships: int | None = None


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(date(2025, 6, 2), tick=False), translation.override("en"):
        yield


@pytest.fixture
def orgs() -> dict[str, Organization]:
    city = do_create_organization(
        code="HN", name="Hà Nội", kind="provincial", parent=None, actor=None
    )
    ward = do_create_organization(
        code="PX", name="Phúc Xá", kind="grassroots", parent=city, actor=None
    )
    cell = do_create_organization(code="PX1", name="Chi bộ 1", kind="cell", parent=ward, actor=None)
    return {"cell": cell, "ward": ward}


def _setup(
    case: Case, orgs: dict[str, Organization]
) -> tuple[MemberRecord, Organization, Member | None]:
    """The record the door is asked to store, where, and the stored member it changes."""
    organization = orgs["ward"] if case.in_committee else orgs["cell"]
    if case.start is None:
        return replace(BASE, **case.change), organization, None
    member = do_add_member(case.start, organization=orgs["cell"], actor=None)
    if case.start_status is not None:
        member = do_set_member_status(member, case.start_status, on=date(2024, 1, 1), actor=None)
    return replace(record_of(member), **case.change), orgs["cell"], member


def _outcome(card: str, problems: set[tuple[str, str]]) -> Answer:
    member = Member.objects.filter(card_number=card).first()
    if problems or member is None:
        return Answer(frozenset(problems))
    return Answer(frozenset(), member.status, member.memberships.filter(end_on=None).count())


# --------------------------------------------------------------------------- the doors


def through_service(
    case: Case, orgs: dict[str, Organization]
) -> tuple[Answer, set[tuple[str, str]]]:
    record, organization, member = _setup(case, orgs)
    try:
        if member is None:
            do_add_member(record, organization=organization, actor=None)
        else:
            do_update_member(member, record, actor=None)
    except MemberRuleError as exc:
        shown = {(p.field, render(p.message, p.params)) for p in exc.problems}
        return _outcome(record.card_number, shown), {(p.field, p.code) for p in exc.problems}
    return _outcome(record.card_number, set()), set()


_WORDS = {
    "sex": {"male": "Nam", "female": "Nữ"},
    "status": {
        "official": "Chính thức",
        "probationary": "Dự bị",
        "suspended": "Đình chỉ sinh hoạt",
        "exempted": "Miễn sinh hoạt",
        "transferred": "Chuyển đi",
    },
}


def _cell_text(name: str, value: object) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if value is None:
        return ""
    return _WORDS.get(name, {}).get(str(value), str(value))


def through_import(case: Case, orgs: dict[str, Organization]) -> Answer:
    record, organization, _ = _setup(case, orgs)
    headers = [FIELD_SPECS[n].headers[0] for n in RECORD_FIELDS] + [CELL_SPEC.headers[0]]
    cells = [_cell_text(n, getattr(record, n)) for n in RECORD_FIELDS] + [organization.code]
    field_of = dict(zip(headers, [*RECORD_FIELDS, CELL_FIELD], strict=True))
    csv = "\r\n".join([",".join(headers), ",".join(cells)]).encode()
    try:
        run_import([("members.csv", csv)], kind="members")
    except ImportInvalid as exc:
        shown = {(field_of[e.column], e.english()) for e in exc.errors}
        return _outcome(record.card_number, shown)
    return _outcome(record.card_number, set())


class _Inputs(HTMLParser):
    """The values a browser would send back for a form: inputs, selected options, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") and a.get("type") not in {"submit", "checkbox"}:
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values[self._textarea or ""] = ""

    def handle_endtag(self, tag: str) -> None:
        self._select = None if tag == "select" else self._select
        self._textarea = None if tag == "textarea" else self._textarea

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


@pytest.fixture
def admin_client() -> Client:
    """A superuser whose session passed the second factor, reading the admin in English."""
    user = User.objects.create_superuser("quantri", password=None)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def through_admin(case: Case, orgs: dict[str, Organization], client: Client) -> Answer:
    record, organization, member = _setup(case, orgs)
    if member is None:
        url = reverse("admin:organizations_member_add")
    else:
        url = reverse("admin:organizations_member_change", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = _Inputs()
    form.feed(page.content.decode())
    data = {k: v for k, v in form.values.items() if not k.startswith("_")}
    data |= {n: _admin_value(getattr(record, n)) for n in RECORD_FIELDS}
    if member is None:
        data[CELL_FIELD] = str(organization.pk)
    response = client.post(url, data)
    if response.status_code == 302:
        return _outcome(record.card_number, set())
    errors = response.context["adminform"].form.errors
    shown = {(f if f != "__all__" else CELL_FIELD, m) for f, ms in errors.items() for m in ms}
    return _outcome(record.card_number, shown)


def _admin_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


# --------------------------------------------------------------------------- the table


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_service_applies_the_rule(case: Case, orgs: dict[str, Organization]) -> None:
    answer, codes = through_service(case, orgs)
    assert codes == case.codes
    assert bool(answer.problems) == bool(case.codes)
    if not codes:  # a stored member is in exactly one organization unless transferred out
        assert answer.open_memberships == (0 if answer.status == "transferred" else 1)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_import_answers_as_the_service(case: Case, orgs: dict[str, Organization]) -> None:
    expected = _service_answer(case)
    assert through_import(case, orgs) == expected


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_the_admin_answers_as_the_service(
    case: Case, orgs: dict[str, Organization], admin_client: Client
) -> None:
    expected = _service_answer(case)
    assert through_admin(case, orgs, admin_client) == expected


def _service_answer(case: Case) -> Answer:
    """The service's answer, computed in a savepoint that is rolled back."""
    from django.db import transaction

    class _Rollback(Exception):  # noqa: N818
        pass

    answer: Answer | None = None
    try:
        with transaction.atomic():
            answer = through_service(case, _orgs_again())[0]
            raise _Rollback
    except _Rollback:
        pass
    assert answer is not None
    return answer


def _orgs_again() -> dict[str, Organization]:
    return {
        "cell": Organization.objects.get(code="PX1"),
        "ward": Organization.objects.get(code="PX"),
    }
