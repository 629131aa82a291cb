"""The realistic demo: loads quickly, deterministically, idempotently, with the Hanoi-like shape."""

from __future__ import annotations

import hashlib
import json
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from phieukin.evaluations.models import Period, Subject
from phieukin.meetings.models import AgendaItem, Attendance, Conference
from phieukin.meetings.services import quorum
from phieukin.organizations.member_rules import RECORD_FIELDS
from phieukin.organizations.models import (
    CommitteeSeat,
    Member,
    Membership,
    Organization,
)
from phieukin.web.demo import DatabaseNotEmptyError, load_demo, wipe_database
from phieukin.web.demo.users import LOGINS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(autouse=True)
def _fast_hashes(settings: object) -> None:
    # Argon2 costs ~0.3 s per demo user by design; the demo's logic is what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


def _snapshot() -> str:
    """Everything the demo writes, by natural keys (no ids, no timestamps), hashed."""
    data = {
        "orgs": list(
            Organization.objects.order_by("code").values_list(
                "code", "name", "kind", "parent__code", "depth"
            )
        ),
        "members": list(
            Member.objects.order_by("card_number").values_list(*RECORD_FIELDS, "organization__code")
        ),
        "memberships": list(
            Membership.objects.order_by("member__card_number", "start_on").values_list(
                "member__card_number", "organization__code", "start_on", "end_on"
            )
        ),
        "seats": list(
            CommitteeSeat.objects.order_by(
                "committee__organization__code", "committee__kind", "member__card_number"
            ).values_list(
                "committee__organization__code",
                "committee__kind",
                "committee__term",
                "member__card_number",
                "role",
                "start_on",
            )
        ),
        "agenda": list(
            AgendaItem.objects.order_by("order").values_list("order", "title", "kind", "presenter")
        ),
        "attendance": list(
            Attendance.objects.order_by("member__card_number", "guest_name").values_list(
                "member__card_number", "guest_name", "role", "present", "absence_reason"
            )
        ),
        "subjects": list(
            Subject.objects.order_by(
                "kind", "collective_kind", "organization__code", "member__card_number"
            ).values_list(
                "kind",
                "collective_kind",
                "organization__code",
                "member__card_number",
                "title",
                "comparable_group",
                "self_level",
                "proposed_level",
            )
        ),
        "users": list(
            get_user_model().objects.order_by("username").values_list("username", "full_name")
        ),
    }
    return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()


def test_it_loads_quickly_and_identically_twice() -> None:
    """Two loads are costly (≈ 3 s each on SQLite), so the checks of one load share them."""
    started = time.perf_counter()
    summary = load_demo()
    assert time.perf_counter() - started < 20
    _check_hanoi_shape()
    _check_logins()
    first = _snapshot()
    with pytest.raises(DatabaseNotEmptyError):
        load_demo()
    wipe_database()
    assert not Organization.objects.exists()
    load_demo()
    assert _snapshot() == first
    assert 600 <= summary.members <= 1500


def _check_hanoi_shape() -> None:
    city = Organization.objects.get(depth=0)
    assert city.name == "Đảng bộ Thành phố Hà Thành"
    conf = Conference.objects.get()
    assert conf.number == 16
    assert conf.held_on.isoformat() == "2024-01-09"
    assert conf.agenda_items.count() == 5
    assert conf.agenda_items.get(order=5).kind == "rating"
    assert "Hoàn thành xuất sắc nhiệm vụ" in conf.agenda_items.get(order=4).documents.get().summary
    executive = conf.committee
    assert 65 <= executive.seats.count() <= 75
    standing = city.committees.get(kind="standing")
    assert standing.seats.count() == 16
    assert standing.seats.filter(role="secretary").count() == 1
    q = quorum(conf)
    assert q.convened_voting == executive.seats.count()
    assert q.present_voting * 3 >= q.convened_voting * 2
    assert Attendance.objects.filter(present=False).exclude(absence_reason="").count() == 2
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert kinds == {"provincial", "direct", "grassroots", "partial", "cell", "grassroots_cell"}
    statuses = set(Member.objects.values_list("status", flat=True))
    assert statuses == {"official", "probationary", "exempted", "suspended", "transferred"}
    assert Membership.objects.filter(end_on__isnull=False).exists()  # transfers keep history
    period = Period.objects.get(year=2023)  # the conference's (the cycles cell has 2024–2025)
    assert (period.year, period.regulation, period.status) == (2023, "reg124", "open")
    assert period.subjects.filter(kind="individual").count() == 16
    city = period.subjects.get(
        collective_kind="party_organization", organization=period.organization
    )
    assert city.proposed_level == "htxsnv"


def _check_logins() -> None:
    client = Client()
    for login in LOGINS:
        assert client.login(username=login.username, password=login.password), login.username
        client.logout()


def test_the_command_refuses_a_non_empty_database_and_resets() -> None:
    out, err = StringIO(), StringIO()
    Organization.objects.create(code="X", name="Dữ liệu thật", kind="provincial")
    call_command("demo", stdout=out, stderr=err)
    assert "nothing loaded" in err.getvalue()
    assert list(Organization.objects.values_list("code", flat=True)) == ["X"]
    call_command("demo", "--reset", stdout=out, stderr=err)
    assert "Demo loaded" in out.getvalue()
    assert "chutri-2024" in out.getvalue()
    assert not Organization.objects.filter(code="X").exists()
    assert Organization.objects.filter(code="HT").exists()
