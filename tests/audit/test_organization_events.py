"""The organizations services append one audit entry per change, in the change's transaction."""

from __future__ import annotations

import datetime as dt

import pytest

from phieukin.audit.models import AuditEvent
from phieukin.audit.services import verify_log
from phieukin.organizations.errors import TreeError
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.services import members, tree


def types() -> list[str]:
    return list(AuditEvent.objects.order_by("seq").values_list("event_type", flat=True))


@pytest.mark.django_db
def test_it_audits_tree_and_member_changes(django_user_model):
    actor = django_user_model.objects.create(username="btc")
    p = tree.do_create_organization(code="P", name="P", kind="provincial", parent=None, actor=actor)
    a = tree.do_create_organization(code="A", name="A", kind="grassroots", parent=p, actor=actor)
    q = tree.do_create_organization(code="Q", name="Q", kind="provincial", parent=None, actor=actor)
    b = tree.do_create_organization(code="B", name="B", kind="grassroots", parent=q, actor=actor)
    cell = tree.do_create_organization(code="K", name="K", kind="cell", parent=a, actor=actor)
    other = tree.do_create_organization(code="L", name="L", kind="cell", parent=b, actor=actor)
    member = members.do_add_member(
        MemberRecord(
            card_number="1",
            full_name="Nguyễn Văn A",
            birth_date=dt.date(1980, 1, 1),
            sex="male",
            admitted_on=dt.date(2005, 1, 1),
            official_on=dt.date(2006, 1, 1),
        ),
        organization=cell,
        actor=actor,
    )
    members.do_transfer_member(member, other, on=dt.date(2024, 1, 1), actor=actor)
    tree.do_move_organization(a, q, actor=actor)
    assert types() == [
        *["organization.created"] * 6,
        "members.added",
        "member.transferred",
        "organization.moved",
    ]
    moved = AuditEvent.objects.get(event_type="organization.moved")
    assert (moved.actor, moved.organization) == (actor, a)
    assert verify_log().ok


@pytest.mark.django_db
def test_it_writes_nothing_for_a_refused_change():
    p = tree.do_create_organization(code="P", name="P", kind="provincial", parent=None, actor=None)
    with pytest.raises(TreeError):
        tree.do_create_organization(
            code="P", name="again", kind="provincial", parent=None, actor=None
        )
    with pytest.raises(TreeError):
        tree.do_move_organization(p, p, actor=None)
    assert types() == ["organization.created"]
