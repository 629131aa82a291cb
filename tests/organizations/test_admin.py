"""The admin goes through the services: right paths, no cycles, members with history."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from phieukin.organizations.models import Member, Organization
from phieukin.organizations.services.tree import do_create_organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    """A superuser whose session passed the second factor."""
    user = User.objects.create_superuser("quantri", password=None)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen English: messages in English
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def tree() -> dict[str, Organization]:
    city = do_create_organization(
        code="HT", name="Thành phố", kind="provincial", parent=None, actor=None
    )
    a = do_create_organization(code="A", name="Quận A", kind="direct", parent=city, actor=None)
    b = do_create_organization(code="B", name="Quận B", kind="direct", parent=city, actor=None)
    ward = do_create_organization(
        code="W", name="Phường 1", kind="grassroots", parent=a, actor=None
    )
    cell = do_create_organization(code="C", name="Chi bộ 1", kind="cell", parent=ward, actor=None)
    return {"city": city, "a": a, "b": b, "ward": ward, "cell": cell}


def _org_form(org: Organization, **changes: object) -> dict[str, object]:
    data = {"code": org.code, "name": org.name, "kind": org.kind, "is_active": "on"}
    data["parent"] = org.parent_id or ""
    data.update(changes)
    return data


def test_it_adds_and_moves_organizations_through_the_services(
    admin_client: Client, tree: dict[str, Organization]
) -> None:
    response = admin_client.post(
        reverse("admin:organizations_organization_add"),
        {
            "code": "W2",
            "name": "Phường 2",
            "kind": "grassroots",
            "parent": tree["b"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    w2 = Organization.objects.get(code="W2")
    assert w2.path == f"{tree['b'].path}{w2.pk}/"
    ward = tree["ward"]
    url = reverse("admin:organizations_organization_change", args=[ward.pk])
    assert admin_client.post(url, _org_form(ward, parent=tree["b"].pk)).status_code == 302
    assert Organization.objects.get(code="C").path.startswith(tree["b"].path)


def test_it_refuses_cycles_and_forbidden_kinds_in_the_form(
    admin_client: Client, tree: dict[str, Organization]
) -> None:
    a = tree["a"]
    url = reverse("admin:organizations_organization_change", args=[a.pk])
    with translation.override("en"):
        response = admin_client.post(url, _org_form(a, parent=tree["ward"].pk))
        assert response.status_code == 200
        assert "cannot be moved under itself" in response.content.decode()
        response = admin_client.post(url, _org_form(a, kind="cell"))
        assert "cannot stay under" in response.content.decode()
    assert Organization.objects.get(pk=a.pk).parent_id == tree["city"].pk


def _member_form(cell: Organization, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "card_number": "01.000009",
        "full_name": "Đặng Thị Thu Hà",
        "birth_date": "15/03/1988",
        "sex": "female",
        "admitted_on": "19/05/2012",
        "official_on": "19/05/2013",
        "status": "official",
        "position": "Giáo viên",
        "organization": cell.pk,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_it_adds_a_member_with_a_membership(
    admin_client: Client, tree: dict[str, Organization]
) -> None:
    url = reverse("admin:organizations_member_add")
    response = admin_client.post(url, _member_form(tree["cell"], official_on="01/01/2011"))
    assert response.status_code == 200
    assert not Member.objects.exists()
    response = admin_client.post(url, _member_form(tree["cell"]))
    assert response.status_code == 302, response.content.decode()[:3000]
    member = Member.objects.get()
    assert member.search_name == "dang thi thu ha"
    assert member.memberships.get().start_on == date(2012, 5, 19)
    change = admin_client.get(reverse("admin:organizations_member_change", args=[member.pk]))
    assert 'name="organization"' not in change.content.decode()  # transfers use the service
