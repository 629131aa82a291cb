"""Member and committee services: add, transfer with history, status transitions, seats."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from phieukin.organizations.errors import CommitteeError, MembershipError
from phieukin.organizations.models import Member, MemberStatus, Organization, OrganizationKind
from phieukin.organizations.services import (
    NewMember,
    add_member,
    add_members,
    add_seat,
    add_seats,
    create_committee,
    create_organization,
    end_seat,
    open_seats,
    set_member_status,
    transfer_member,
)

K = OrganizationKind
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


@pytest.fixture
def orgs() -> dict[str, Organization]:
    city = create_organization(code="HT", name="Thành phố", kind=K.PROVINCIAL, parent=None)
    gc1 = create_organization(code="G1", name="Chi bộ 1", kind=K.GRASSROOTS_CELL, parent=city)
    gc2 = create_organization(code="G2", name="Chi bộ 2", kind=K.GRASSROOTS_CELL, parent=city)
    return {"city": city, "gc1": gc1, "gc2": gc2}


def _member(org: Organization, card: str = "01.1", **extra: object) -> Member:
    data: dict[str, object] = {
        "card_number": card,
        "full_name": "  Phạm   Minh  Châu ",
        "birth_date": date(1985, 2, 3),
        "sex": "male",
        "admitted_on": date(2010, 5, 19),
        "official_on": date(2011, 5, 19),
        "organization": org,
    }
    data.update(extra)
    return add_member(**data)  # type: ignore[arg-type]


def test_it_adds_a_member_with_an_open_membership(orgs: dict[str, Organization]) -> None:
    m = _member(orgs["gc1"])
    assert m.full_name == "Phạm Minh Châu"
    assert [(ms.organization_id, ms.start_on, ms.end_on) for ms in m.memberships.all()] == [
        (orgs["gc1"].pk, date(2010, 5, 19), None)
    ]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"organization": "city"}, "belong to a Party cell"),
        ({"admitted_on": date(1984, 1, 1), "official_on": None, "status": "probationary"}, "after"),
        ({"official_on": date(2009, 1, 1)}, "cannot be before"),
        ({"official_on": None}, "needs the date"),
        ({"birth_date": date(2999, 1, 1)}, "in the future"),
        ({"status": "suspended"}, "official or probationary"),
        ({"card_number": " "}, "card number"),
    ],
)
def test_it_refuses_bad_members(
    orgs: dict[str, Organization], extra: dict[str, object], message: str
) -> None:
    if extra.get("organization") == "city":
        extra = {**extra, "organization": orgs["city"]}
    with pytest.raises(MembershipError, match=message):
        _member(orgs["gc1"], **extra)
    assert not Member.objects.exists()


def test_it_refuses_a_duplicate_card(orgs: dict[str, Organization]) -> None:
    _member(orgs["gc1"])
    with pytest.raises(MembershipError, match="already used"):
        _member(orgs["gc2"])


def test_it_transfers_keeping_history(orgs: dict[str, Organization]) -> None:
    m = _member(orgs["gc1"])
    transfer_member(m, orgs["gc2"], on=date(2020, 1, 1))
    m.refresh_from_db()
    assert m.organization_id == orgs["gc2"].pk
    history = list(m.memberships.order_by("start_on").values_list("organization__code", "end_on"))
    assert history == [("G1", date(2020, 1, 1)), ("G2", None)]
    with pytest.raises(MembershipError, match="already in"):
        transfer_member(m, orgs["gc2"], on=date(2021, 1, 1))
    with pytest.raises(MembershipError, match="before the current membership"):
        transfer_member(m, orgs["gc1"], on=date(2019, 1, 1))


def test_it_follows_the_status_transitions(orgs: dict[str, Organization]) -> None:
    p = _member(orgs["gc1"], official_on=None, status=MemberStatus.PROBATIONARY)
    with pytest.raises(MembershipError, match="cannot go from"):
        set_member_status(p, MemberStatus.SUSPENDED)
    p = set_member_status(p, MemberStatus.OFFICIAL, on=date(2011, 6, 1))
    assert (p.status, p.official_on) == ("official", date(2011, 6, 1))
    p = set_member_status(p, MemberStatus.TRANSFERRED, on=date(2022, 3, 1))
    assert p.memberships.get().end_on == date(2022, 3, 1)
    with pytest.raises(MembershipError, match="cannot go from"):
        set_member_status(p, MemberStatus.OFFICIAL)
    transfer_member(p, orgs["gc2"], on=date(2023, 1, 1))
    p.refresh_from_db()
    assert p.status == MemberStatus.OFFICIAL
    assert p.memberships.count() == 2


def test_it_manages_committee_seats(orgs: dict[str, Organization]) -> None:
    cell = orgs["gc1"]
    committee = create_committee(
        organization=cell, kind="cell", term="2020–2025", term_start=date(2020, 6, 1)
    )
    a, b = _member(cell, "01.1"), _member(cell, "01.2", full_name="Đỗ Văn An")
    probationary = _member(cell, "01.3", official_on=None, status="probationary")
    seat = add_seat(committee, a, "secretary", start_on=date(2020, 6, 1))
    with pytest.raises(CommitteeError, match="already has a secretary"):
        add_seat(committee, b, "secretary", start_on=date(2020, 6, 1))
    with pytest.raises(CommitteeError, match="no seat of"):
        add_seat(committee, b, "standing_member", start_on=date(2020, 6, 1))
    with pytest.raises(CommitteeError, match="Only official members"):
        add_seat(committee, probationary, "cell_member", start_on=date(2020, 6, 1))
    with pytest.raises(CommitteeError, match="within the committee's term"):
        add_seat(committee, b, "cell_member", start_on=date(2019, 1, 1))
    with pytest.raises(CommitteeError, match="already sits"):
        add_seat(committee, a, "cell_member", start_on=date(2021, 1, 1))
    add_seat(committee, b, "deputy_secretary", start_on=date(2020, 6, 1))
    end_seat(seat, on=date(2022, 1, 1))
    with pytest.raises(CommitteeError, match="already ended"):
        end_seat(seat, on=date(2022, 1, 2))
    assert [s.member for s in open_seats(committee, on=date(2021, 1, 1))] == [
        b,
        a,
    ]  # An before Châu
    assert [s.member for s in open_seats(committee, on=date(2023, 1, 1))] == [b]


def test_it_refuses_bad_committees(orgs: dict[str, Organization]) -> None:
    with pytest.raises(CommitteeError, match="cannot have"):
        create_committee(
            organization=orgs["gc1"], kind="standing", term="XVII", term_start=date(2020, 1, 1)
        )
    create_committee(
        organization=orgs["city"], kind="standing", term="XVII", term_start=date(2020, 1, 1)
    )
    with pytest.raises(CommitteeError, match="already has"):
        create_committee(
            organization=orgs["city"], kind="standing", term="XVII", term_start=date(2020, 1, 1)
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
            "organization": orgs["gc1"],
        }
        data.update(extra)
        return NewMember(**data)  # type: ignore[arg-type]

    with pytest.raises(MembershipError, match=r"02\.2 is already used"):
        add_members([spec("02.1"), spec("02.2"), spec("02.2")])
    with pytest.raises(MembershipError, match="Unknown sex"):
        add_members([spec("02.1"), spec("02.3", sex="x")])
    assert not Member.objects.exists()
    created = add_members([spec(f"03.{i}") for i in range(30)])
    assert Member.objects.count() == 30
    assert created[0].memberships.get().start_on == date(2015, 1, 1)
    assert created[0].search_name == "ngo thi hoa"
    with pytest.raises(MembershipError, match=r"03\.5 is already used"):
        add_members([spec("04.1"), spec("03.5")])
    assert Member.objects.count() == 30


def test_it_seats_a_whole_committee_at_once(orgs: dict[str, Organization]) -> None:
    committee = create_committee(
        organization=orgs["city"], kind="executive", term="XVII", term_start=date(2020, 10, 1)
    )
    a, b, c = (
        _member(orgs["gc1"], f"05.{i}", full_name=f"Lê Văn {n}")
        for i, n in enumerate(["An", "Bảo", "Công"])
    )
    with pytest.raises(CommitteeError, match="already has a secretary"):
        add_seats(committee, [(a, "secretary"), (b, "secretary")], start_on=date(2020, 10, 1))
    with pytest.raises(CommitteeError, match="already sits"):
        add_seats(
            committee, [(a, "secretary"), (a, "executive_member")], start_on=date(2020, 10, 1)
        )
    assert not committee.seats.exists()
    seats = add_seats(
        committee,
        [(a, "secretary"), (b, "deputy_secretary"), (c, "executive_member")],
        start_on=date(2020, 10, 1),
    )
    assert [s.role for s in seats] == ["secretary", "deputy_secretary", "executive_member"]
    assert [s.member for s in open_seats(committee, on=date(2021, 1, 1))] == [a, b, c]
