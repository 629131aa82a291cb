"""Member and committee services: add, transfer with history, status transitions, seats."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from phieukin.organizations.errors import CommitteeError, MemberRuleError, MembershipError
from phieukin.organizations.member_rules import RECORD_FIELDS, MemberRecord
from phieukin.organizations.models import Member, MemberStatus, Organization, OrganizationKind
from phieukin.organizations.services.committees import (
    do_add_seat,
    do_add_seats,
    do_create_committee,
    do_end_seat,
    open_seats,
)
from phieukin.organizations.services.members import (
    NewMember,
    do_add_member,
    do_add_members,
    do_set_member_status,
    do_transfer_member,
)
from phieukin.organizations.services.tree import do_create_organization

K = OrganizationKind
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture
def orgs() -> dict[str, Organization]:
    city = do_create_organization(
        code="HT", name="Thành phố", kind=K.PROVINCIAL, parent=None, actor=None
    )
    gc1 = do_create_organization(
        code="G1", name="Chi bộ 1", kind=K.GRASSROOTS_CELL, parent=city, actor=None
    )
    gc2 = do_create_organization(
        code="G2", name="Chi bộ 2", kind=K.GRASSROOTS_CELL, parent=city, actor=None
    )
    return {"city": city, "gc1": gc1, "gc2": gc2}


def _member(org: Organization, card: str = "01.1", **extra: object) -> Member:
    data: dict[str, object] = {
        "card_number": card,
        "full_name": "  Phạm   Minh  Châu ",
        "birth_date": date(1985, 2, 3),
        "sex": "male",
        "admitted_on": date(2010, 5, 19),
        "official_on": date(2011, 5, 19),
    }
    data.update(extra)
    record = MemberRecord(**{k: v for k, v in data.items() if k in RECORD_FIELDS})  # type: ignore[arg-type]
    organization = data.get("organization", org)
    return do_add_member(record, organization=organization, actor=None)  # type: ignore[arg-type]


def test_it_adds_a_member_with_an_open_membership(orgs: dict[str, Organization]) -> None:
    m = _member(orgs["gc1"])
    assert m.full_name == "Phạm Minh Châu"
    assert [(ms.organization_id, ms.start_on, ms.end_on) for ms in m.memberships.all()] == [
        (orgs["gc1"].pk, date(2010, 5, 19), None)
    ]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"organization": "city"}, "not_a_cell"),
        (
            {"admitted_on": date(1984, 1, 1), "official_on": None, "status": "probationary"},
            "admitted_before_birth",
        ),
        ({"official_on": date(2009, 1, 1)}, "official_before_admitted"),
        ({"official_on": None}, "official_date_required"),
        ({"birth_date": date(2999, 1, 1)}, "future_date"),
        ({"status": "transferred"}, "new_transferred"),
        ({"card_number": " "}, "required"),
    ],
)
def test_it_refuses_bad_members(
    orgs: dict[str, Organization], extra: dict[str, object], code: str
) -> None:
    """The rules' table of cases is test_member_rules_table.py; here, nothing is written."""
    if extra.get("organization") == "city":
        extra = {**extra, "organization": orgs["city"]}
    with pytest.raises(MemberRuleError) as refused:
        _member(orgs["gc1"], **extra)
    assert [p.code for p in refused.value.problems] == [code]
    assert not Member.objects.exists()


def test_it_refuses_a_duplicate_card(orgs: dict[str, Organization]) -> None:
    _member(orgs["gc1"])
    with pytest.raises(MembershipError, match="already used"):
        _member(orgs["gc2"])


def test_it_transfers_keeping_history(orgs: dict[str, Organization]) -> None:
    m = _member(orgs["gc1"])
    do_transfer_member(m, orgs["gc2"], on=date(2020, 1, 1), actor=None)
    m.refresh_from_db()
    assert m.organization_id == orgs["gc2"].pk
    history = list(m.memberships.order_by("start_on").values_list("organization__code", "end_on"))
    assert history == [("G1", date(2020, 1, 1)), ("G2", None)]
    with pytest.raises(MembershipError, match="already in"):
        do_transfer_member(m, orgs["gc2"], on=date(2021, 1, 1), actor=None)
    with pytest.raises(MembershipError, match="before the current membership"):
        do_transfer_member(m, orgs["gc1"], on=date(2019, 1, 1), actor=None)


def test_it_follows_the_status_transitions(orgs: dict[str, Organization]) -> None:
    p = _member(orgs["gc1"], official_on=None, status=MemberStatus.PROBATIONARY)
    with pytest.raises(MemberRuleError, match="cannot go from"):
        do_set_member_status(p, MemberStatus.SUSPENDED, actor=None)
    p = do_set_member_status(p, MemberStatus.OFFICIAL, on=date(2011, 6, 1), actor=None)
    assert (p.status, p.official_on) == ("official", date(2011, 6, 1))
    p = do_set_member_status(p, MemberStatus.TRANSFERRED, on=date(2022, 3, 1), actor=None)
    assert p.memberships.get().end_on == date(2022, 3, 1)
    with pytest.raises(MemberRuleError, match="cannot go from"):
        do_set_member_status(p, MemberStatus.SUSPENDED, actor=None)
    do_transfer_member(p, orgs["gc2"], on=date(2023, 1, 1), actor=None)
    p.refresh_from_db()
    assert p.status == MemberStatus.OFFICIAL
    assert p.memberships.count() == 2


def test_a_transferred_member_comes_back_to_their_cell_with_a_new_membership(
    orgs: dict[str, Organization],
) -> None:
    p = _member(orgs["gc1"])
    p = do_set_member_status(p, MemberStatus.TRANSFERRED, on=date(2022, 3, 1), actor=None)
    assert not p.memberships.filter(end_on=None).exists()
    with pytest.raises(MembershipError, match="before the member's last membership ended"):
        do_set_member_status(p, MemberStatus.OFFICIAL, on=date(2022, 1, 1), actor=None)
    p = do_set_member_status(p, MemberStatus.OFFICIAL, on=date(2022, 9, 1), actor=None)
    history = list(p.memberships.order_by("start_on").values_list("start_on", "end_on"))
    assert history == [(date(2010, 5, 19), date(2022, 3, 1)), (date(2022, 9, 1), None)]
    assert p.status == MemberStatus.OFFICIAL


def test_it_manages_committee_seats(orgs: dict[str, Organization]) -> None:
    cell = orgs["gc1"]
    committee = do_create_committee(
        organization=cell, kind="cell", term="2020–2025", term_start=date(2020, 6, 1), actor=None
    )
    a, b = _member(cell, "01.1"), _member(cell, "01.2", full_name="Đỗ Văn An")
    probationary = _member(cell, "01.3", official_on=None, status="probationary")
    seat = do_add_seat(committee, a, "secretary", start_on=date(2020, 6, 1), actor=None)
    with pytest.raises(CommitteeError, match="already has a secretary"):
        do_add_seat(committee, b, "secretary", start_on=date(2020, 6, 1), actor=None)
    with pytest.raises(CommitteeError, match="no seat of"):
        do_add_seat(committee, b, "standing_member", start_on=date(2020, 6, 1), actor=None)
    with pytest.raises(CommitteeError, match="Only official members"):
        do_add_seat(committee, probationary, "cell_member", start_on=date(2020, 6, 1), actor=None)
    with pytest.raises(CommitteeError, match="within the committee's term"):
        do_add_seat(committee, b, "cell_member", start_on=date(2019, 1, 1), actor=None)
    with pytest.raises(CommitteeError, match="already sits"):
        do_add_seat(committee, a, "cell_member", start_on=date(2021, 1, 1), actor=None)
    do_add_seat(committee, b, "deputy_secretary", start_on=date(2020, 6, 1), actor=None)
    do_end_seat(seat, on=date(2022, 1, 1), actor=None)
    with pytest.raises(CommitteeError, match="already ended"):
        do_end_seat(seat, on=date(2022, 1, 2), actor=None)
    assert [s.member for s in open_seats(committee, on=date(2021, 1, 1))] == [
        b,
        a,
    ]  # An before Châu
    assert [s.member for s in open_seats(committee, on=date(2023, 1, 1))] == [b]


def test_it_refuses_bad_committees(orgs: dict[str, Organization]) -> None:
    with pytest.raises(CommitteeError, match="cannot have"):
        do_create_committee(
            organization=orgs["gc1"],
            kind="standing",
            term="XVII",
            term_start=date(2020, 1, 1),
            actor=None,
        )
    do_create_committee(
        organization=orgs["city"],
        kind="standing",
        term="XVII",
        term_start=date(2020, 1, 1),
        actor=None,
    )
    with pytest.raises(CommitteeError, match="already has"):
        do_create_committee(
            organization=orgs["city"],
            kind="standing",
            term="XVII",
            term_start=date(2020, 1, 1),
            actor=None,
        )


def test_it_adds_members_in_bulk_all_or_nothing(orgs: dict[str, Organization]) -> None:
    def spec(card: str, **extra: object) -> NewMember:
        data: dict[str, object] = {
            "card_number": card,
            "full_name": "Ngô Thị Hoa",
            "birth_date": date(1990, 1, 1),
            "sex": "female",
            "admitted_on": date(2015, 1, 1),
            "official_on": date(2016, 1, 1),
        }
        data.update(extra)
        return NewMember(MemberRecord(**data), orgs["gc1"])  # type: ignore[arg-type]

    with pytest.raises(MembershipError, match=r"02\.2 is already used"):
        do_add_members([spec("02.1"), spec("02.2"), spec("02.2")], actor=None)
    with pytest.raises(MembershipError, match="Unknown sex"):
        do_add_members([spec("02.1"), spec("02.3", sex="x")], actor=None)
    assert not Member.objects.exists()
    created = do_add_members([spec(f"03.{i}") for i in range(30)], actor=None)
    assert Member.objects.count() == 30
    assert created[0].memberships.get().start_on == date(2015, 1, 1)
    assert created[0].search_name == "ngo thi hoa"
    with pytest.raises(MembershipError, match=r"03\.5 is already used"):
        do_add_members([spec("04.1"), spec("03.5")], actor=None)
    assert Member.objects.count() == 30


def test_it_seats_a_whole_committee_at_once(orgs: dict[str, Organization]) -> None:
    committee = do_create_committee(
        organization=orgs["city"],
        kind="executive",
        term="XVII",
        term_start=date(2020, 10, 1),
        actor=None,
    )
    a, b, c = (
        _member(orgs["gc1"], f"05.{i}", full_name=f"Lê Văn {n}")
        for i, n in enumerate(["An", "Bảo", "Công"])
    )
    with pytest.raises(CommitteeError, match="already has a secretary"):
        do_add_seats(
            committee, [(a, "secretary"), (b, "secretary")], start_on=date(2020, 10, 1), actor=None
        )
    with pytest.raises(CommitteeError, match="already sits"):
        do_add_seats(
            committee,
            [(a, "secretary"), (a, "executive_member")],
            start_on=date(2020, 10, 1),
            actor=None,
        )
    assert not committee.seats.exists()
    seats = do_add_seats(
        committee,
        [(a, "secretary"), (b, "deputy_secretary"), (c, "executive_member")],
        start_on=date(2020, 10, 1),
        actor=None,
    )
    assert [s.role for s in seats] == ["secretary", "deputy_secretary", "executive_member"]
    assert [s.member for s in open_seats(committee, on=date(2021, 1, 1))] == [a, b, c]
