"""A small Party organization for the workflow tests, built through the real services.

City (provincial) ─┬─ ward (grassroots) ── cell K (cell)
                   └─ cell G (grassroots cell: the leaders' cell)
Committees: city Executive (E) and Standing (S), ward Executive (WE), cell committee (KC).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.evaluations.models import Period, Subject
from phieukin.evaluations.services import SelfReviewData, do_submit_self_review
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.models import (
    Committee,
    Member,
    MemberStatus,
    Organization,
    OrganizationKind,
    SeatRole,
)
from phieukin.organizations.services.committees import do_add_seat, do_create_committee
from phieukin.organizations.services.members import do_add_member, do_set_member_status
from phieukin.organizations.services.tree import do_create_organization
from tests.clock import NOW

TERM = date(2020, 10, 1)
REVIEW_ON = date(2025, 12, 20)


@dataclass
class World:
    city: Organization
    ward: Organization
    cell: Organization
    gcell: Organization
    executive: Committee
    standing: Committee
    ward_exec: Committee
    cell_committee: Committee
    members: dict[str, Member]
    staff: User


def _member(key: str, org: Organization, name: str, **extra: Any) -> Member:
    status = extra.pop("status", None)
    initial = MemberStatus.PROBATIONARY if status == MemberStatus.PROBATIONARY else None
    record = MemberRecord(
        card_number=f"C-{key}",
        full_name=name,
        birth_date=date(1975, 5, 5),
        sex="male",
        admitted_on=extra.pop("admitted_on", date(2000, 1, 1)),
        official_on=extra.pop("official_on", date(2001, 1, 1)),
        **({"status": initial} if initial else {}),
        **extra,
    )
    member = do_add_member(record, organization=org, actor=None)
    if status is not None and initial is None:
        do_set_member_status(member, status, on=date(2025, 6, 1), actor=None)
    return member


def build_world() -> World:
    city = do_create_organization(
        code="HT",
        name="Đảng bộ Thành phố Hà Thành",
        kind=OrganizationKind.PROVINCIAL,
        parent=None,
        actor=None,
    )
    ward = do_create_organization(
        code="W1",
        name="Đảng bộ phường Ngọc Lâm",
        kind=OrganizationKind.GRASSROOTS,
        parent=city,
        actor=None,
    )
    cell = do_create_organization(
        code="K1",
        name="Chi bộ Tổ dân phố số 1",
        kind=OrganizationKind.CELL,
        parent=ward,
        actor=None,
    )
    gcell = do_create_organization(
        code="G1",
        name="Chi bộ Văn phòng Thành ủy",
        kind=OrganizationKind.GRASSROOTS_CELL,
        parent=city,
        actor=None,
    )
    executive = do_create_committee(
        organization=city, kind="executive", term="XVII", term_start=TERM, actor=None
    )
    standing = do_create_committee(
        organization=city, kind="standing", term="XVII", term_start=TERM, actor=None
    )
    ward_exec = do_create_committee(
        organization=ward, kind="executive", term="2020–2025", term_start=TERM, actor=None
    )
    cell_committee = do_create_committee(
        organization=cell, kind="cell", term="2022–2025", term_start=TERM, actor=None
    )
    m = {
        "sec": _member("sec", gcell, "Đinh Văn Dũng", position="Bí thư Thành ủy"),
        "dep": _member("dep", gcell, "Nguyễn Thị Lan", position="Phó Bí thư Thường trực"),
        "exe": _member("exe", gcell, "Trần Văn Bình", position="Ủy viên Ban Chấp hành"),
        "g1": _member("g1", gcell, "Lê Thị Hoa"),
        "wsec": _member("wsec", cell, "Phạm Văn Hùng", position="Bí thư Đảng ủy phường"),
        "ksec": _member("ksec", cell, "Vũ Thị Mai", position="Bí thư chi bộ"),
        "m1": _member("m1", cell, "Hoàng Văn An"),
        "m2": _member("m2", cell, "Bùi Thị Bích"),
        "susp": _member("susp", cell, "Đỗ Văn Cường", status=MemberStatus.SUSPENDED),
        "new": _member(
            "new",
            cell,
            "Ngô Thị Duyên",
            admitted_on=date(2025, 9, 1),
            official_on=None,
            status=MemberStatus.PROBATIONARY,
        ),
    }
    do_add_seat(executive, m["sec"], SeatRole.SECRETARY, start_on=TERM, actor=None)
    do_add_seat(standing, m["sec"], SeatRole.SECRETARY, start_on=TERM, actor=None)
    do_add_seat(executive, m["dep"], SeatRole.DEPUTY_SECRETARY, start_on=TERM, actor=None)
    do_add_seat(standing, m["dep"], SeatRole.DEPUTY_SECRETARY, start_on=TERM, actor=None)
    do_add_seat(executive, m["exe"], SeatRole.EXECUTIVE_MEMBER, start_on=TERM, actor=None)
    do_add_seat(ward_exec, m["wsec"], SeatRole.SECRETARY, start_on=TERM, actor=None)
    do_add_seat(cell_committee, m["ksec"], SeatRole.SECRETARY, start_on=TERM, actor=None)
    staff = User.objects.create(username="staff")
    RoleAssignment.objects.create(
        user=staff, organization=city, role=Role.ORG_STAFF, granted_at=NOW
    )
    return World(city, ward, cell, gcell, executive, standing, ward_exec, cell_committee, m, staff)


def subject_of(period: Period, world: World, key: str) -> Subject:
    return Subject.objects.get(period=period, member=world.members[key])


def collective(period: Period, org: Organization, kind: str) -> Subject:
    return Subject.objects.get(period=period, organization=org, collective_kind=kind)


def review_366(
    level: str = "httnv",
    *,
    g1: str = "27",
    g2: str = "60",
    tasks: tuple[int, int, int, int] = (10, 10, 10, 2),
    leader: bool = False,
    **extra: Any,
) -> SelfReviewData:
    """A self-review under QĐ 366 with group totals (the period's framework is cleared)."""
    return SelfReviewData(
        proposed_level=level,
        texts={"results": "Hoàn thành các nhiệm vụ được giao.", "limitations": "Còn chậm."},
        group_i=g1,
        group_ii=g2,
        tasks=tasks,
        led_tasks=tasks if leader else None,
        **extra,
    )


def excellent(**extra: Any) -> dict[str, Any]:
    return {"g1": "29", "g2": "66", "tasks": (10, 10, 10, 4), **extra}


def self_review(subject: Subject, world: World, level: str = "httnv", **kw: Any) -> None:
    leader = subject.is_leader
    do_submit_self_review(subject, review_366(level, leader=leader, **kw), actor=world.staff)


@contextmanager
def raises(kind: type[Exception], english: str) -> Iterator[Any]:
    """Like ``pytest.raises(match=...)`` on the English text of a translatable error (the
    active language is Vietnamese, so ``str(exc)`` is the Vietnamese message)."""
    with pytest.raises(kind) as info:
        yield info
    assert re.search(english, info.value.english), info.value.english  # type: ignore[attr-defined]


def publish(item: Any, subjects: list[Subject], counts: list[list[int]], actor: Any) -> Any:
    """A rating ballot on ``item`` created as staff would (one question per subject), then
    published with ``counts`` (per subject: HTXSNV, HTTNV, HTNV, KHTNV, blank) the way the
    voting app publishes: result and head stored, ``result_published`` sent. The key ceremony
    and the casting are the voting tests' (and tests/evaluations/test_rating_ballot.py's)."""
    from phieukin.evaluations.services import do_create_rating_ballot
    from phieukin.voting.models import Ballot, BallotStatus
    from phieukin.voting.signals import result_published

    rating = do_create_rating_ballot(
        item, trustees=[actor], threshold=1, subjects=subjects, actor=actor
    )
    result = {"counts": counts, "head": "ab" * 32, "trustees": [1]}
    Ballot.objects.filter(pk=rating.ballot_id).update(status=BallotStatus.PUBLISHED, result=result)
    ballot = Ballot.objects.get(pk=rating.ballot_id)
    refs = list(ballot.questions.order_by("order").values_list("subject_ref", flat=True))
    result_published.send(sender=Ballot, ballot=ballot, refs=refs, result=result)
    return ballot
