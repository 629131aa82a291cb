"""Org-scoped imports: staff change only the subtrees they manage."""

from __future__ import annotations

import pytest

from phieukin.organizations.importing import ImportInvalid, run_import
from phieukin.organizations.importing.validate_orgs import Scope
from phieukin.organizations.models import Member, Organization

from .fixtures.importing import MEMBERS, ORGS, members_csv, orgs_csv, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def px_scope() -> Scope:
    run_import(
        [
            (
                "o.csv",
                orgs_csv(
                    [
                        *ORGS,
                        "PY,Đảng bộ phường Phúc Yên,Đảng bộ cơ sở,BD",
                        "PY1,Chi bộ Phúc Yên 1,Chi bộ,PY",
                    ]
                ),
            )
        ]
    )
    return Scope((Organization.objects.get(code="PX").path,))


def _codes(files: list[tuple[str, bytes]], scope: Scope) -> list[tuple[int, str]]:
    before = snapshot()
    with pytest.raises(ImportInvalid) as caught:
        run_import(files, scope=scope)
    assert snapshot() == before
    return [(e.line, e.code) for e in caught.value.errors]


def test_it_lets_staff_create_and_change_inside_their_subtree(px_scope: Scope) -> None:
    rows = ["PX3,Chi bộ khu dân cư số 3,Chi bộ,PX", "PX1,Chi bộ số 1 (đổi tên),Chi bộ,PX"]
    result = run_import([("o.csv", orgs_csv(rows)), ("m.csv", members_csv())], scope=px_scope)
    assert result.organizations.created == 1 and result.organizations.updated == 1
    assert result.members.created == 3


def test_it_refuses_organizations_outside_the_subtree(px_scope: Scope) -> None:
    rows = [
        "PY2,Chi bộ Phúc Yên 2,Chi bộ,PY",  # new, under an org outside the scope
        "PY1,Chi bộ đổi tên,Chi bộ,PY",  # existing, outside
        "PX,Đảng bộ phường Phúc Xá,Đảng bộ cơ sở,",  # its own top made a root
        "PX2,Chi bộ khu dân cư số 2,Chi bộ,PY",  # moved out of the scope
    ]
    assert _codes([("o.csv", orgs_csv(rows))], px_scope) == [
        (2, "out_of_scope"),
        (3, "out_of_scope"),
        (4, "parent_required"),
        (4, "out_of_scope"),
        (5, "out_of_scope"),
    ]


def test_it_refuses_members_put_in_or_taken_from_cells_outside(px_scope: Scope) -> None:
    run_import([("m.csv", members_csv([MEMBERS[0].replace(",PX1", ",PY1")]))])
    taken = MEMBERS[0]  # the member in PY1 (outside) moved into PX1
    put = MEMBERS[1].replace(",PX1", ",PY1")  # a new member put in PY1
    assert _codes([("m.csv", members_csv([taken, put]))], px_scope) == [
        (2, "out_of_scope"),
        (3, "out_of_scope"),
    ]
    assert Member.objects.get(card_number="01000001").organization.code == "PY1"
