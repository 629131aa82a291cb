"""The discussion page of an agenda item, with the Django test client: who may do what, each
step through its form, bad input refused with a clear Vietnamese message (never a 500)."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.meetings.models import AgendaItem, AgendaKind, Comment, Resolution, Speaker
from phieukin.meetings.services import AgendaSpec, DocumentSpec, create_conference
from phieukin.organizations.models import Organization
from tests.clock import NOW

pytestmark = pytest.mark.django_db


def _org(code: str) -> Organization:
    org = Organization.objects.create(code=code, name=f"Đảng bộ {code}", kind="provincial")
    org.path = f"/{org.pk}/"
    org.save(update_fields=["path"])
    return org


def _client(username: str, org: Organization | None = None, role: str = Role.ORG_STAFF) -> Client:
    user = User.objects.create(username=username)
    if org is not None:
        RoleAssignment.objects.create(user=user, organization=org, role=role, granted_at=NOW)
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


@pytest.fixture
def org() -> Organization:
    return _org("HT")


@pytest.fixture
def items(org: Organization) -> tuple[AgendaItem, AgendaItem]:
    conference = create_conference(
        organization=org,
        title="Hội nghị lần thứ 16",
        held_on=date(2024, 1, 9),
        agenda=[
            AgendaSpec(
                "Báo cáo tài chính",
                documents=[DocumentSpec("Báo cáo", distributed_on=date(2024, 1, 8))],
            ),
            AgendaSpec("Biểu quyết xếp loại", kind=AgendaKind.RATING),
        ],
    )
    report, rating = conference.agenda_items.order_by("order")
    return report, rating


def url(item: AgendaItem, step: str = "") -> str:
    return f"/meetings/items/{item.pk}/discussion/{step + '/' if step else ''}"


def test_the_page_shows_the_late_document_warning(
    items: tuple[AgendaItem, AgendaItem], org: Organization
) -> None:
    page = _client("staff", org).get(url(items[0])).content.decode()
    assert "Báo cáo tài chính" in page and "ít nhất 3 ngày làm việc" in page


def test_the_path_comment_explanation_conclusion(
    items: tuple[AgendaItem, AgendaItem], org: Organization
) -> None:
    staff, report = _client("staff", org), items[0]
    assert (
        staff.post(
            url(report, "speaker"), {"name": "Đ/c A", "started": "09:00", "ended": "09:07"}
        ).status_code
        == 302
    )
    assert (
        staff.post(
            url(report, "comment"), {"author_name": "Đ/c B", "text": "Làm rõ khoản chi."}
        ).status_code
        == 302
    )
    early = staff.post(url(report, "conclusion"), {"text": "Thông qua."})
    assert early.status_code == 400 and "báo cáo giải trình" in early.content.decode()
    assert (
        staff.post(
            url(report, "explanation"), {"presenter_name": "Đ/c C", "text": "Tiếp thu."}
        ).status_code
        == 302
    )
    assert staff.post(url(report, "conclusion"), {"text": "Thông qua."}).status_code == 302
    report.refresh_from_db()
    assert report.conclusion == "Thông qua." and Speaker.objects.get().started_at is not None
    page = staff.get(url(report)).content.decode()
    assert "Làm rõ khoản chi." in page and "Tiếp thu." in page


def test_bad_input_is_refused_clearly(
    items: tuple[AgendaItem, AgendaItem], org: Organization
) -> None:
    staff, report, rating = _client("staff", org), *items
    times = staff.post(
        url(report, "speaker"), {"name": "Đ/c A", "started": "09:00", "ended": "08:00"}
    )
    assert times.status_code == 400 and "kết thúc sau khi bắt đầu" in times.content.decode()
    bad_time = staff.post(url(report, "speaker"), {"name": "Đ/c A", "started": "25:99"})
    assert bad_time.status_code == 400
    empty = staff.post(url(report, "comment"), {"author_name": "", "text": ""})
    assert empty.status_code == 400 and not Comment.objects.exists()
    vote_item = staff.post(url(rating, "conclusion"), {"text": "Thông qua."})
    assert vote_item.status_code == 400 and "biểu quyết" in vote_item.content.decode()
    assert not Resolution.objects.exists()


def test_members_comment_but_only_managers_run_the_item(
    items: tuple[AgendaItem, AgendaItem], org: Organization
) -> None:
    report = items[0]
    member = _client("member", org, Role.MEMBER)
    assert (
        member.post(
            url(report, "comment"), {"author_name": "Đ/c D", "text": "Nhất trí."}
        ).status_code
        == 302
    )
    assert member.post(url(report, "speaker"), {"name": "X"}).status_code == 403
    assert member.post(url(report, "conclusion"), {"text": "X"}).status_code == 403
    outsider = _client("outsider", _org("Q"))
    assert outsider.get(url(report)).status_code == 404
