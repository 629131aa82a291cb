"""Conference pages: agenda with documents, convened list, attendance counts and quorum."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse

from phieukin.accounts.models import User
from phieukin.meetings.models import ConferenceStatus
from phieukin.meetings.services import set_conference_status
from tests.web.site import Site, htmx, logged_in, site_at_now


@pytest.fixture
def site(db: None) -> Iterator[Site]:
    yield from site_at_now()


def test_it_lists_the_upcoming_conference(site: Site) -> None:
    body = logged_in(site.staff).get(reverse("meetings:conference_list")).content.decode()
    assert site.conference.title in body
    assert "Lần thứ 16" in body


def test_it_shows_agenda_documents_and_attendance(site: Site) -> None:
    url = reverse("meetings:conference_detail", args=[site.conference.pk])
    body = logged_in(site.staff).get(url).content.decode()
    assert "Kiểm điểm tập thể Ban Thường vụ năm 2023" in body
    assert "Báo cáo công tác xây dựng Đảng năm 2023" in body and "12-BC/TU" in body
    assert "Khách mời Tô Văn Khách" in body
    # 6 voting members convened, 4 rows checked in (all voting: members come first).
    assert '<span class="stat__value">6</span>' in body
    assert '<span class="stat__value">4</span>' in body
    assert "cần 4 ủy viên" in body
    assert "Đủ số lượng" in body


def test_it_reports_a_missing_quorum(site: Site) -> None:
    site.conference.attendance.update(present=False)
    url = reverse("meetings:conference_detail", args=[site.conference.pk])
    assert "Chưa đủ số lượng" in logged_in(site.staff).get(url).content.decode()


def test_it_polls_attendance_only_during_the_conference(site: Site) -> None:
    url = reverse("meetings:attendance_summary", args=[site.conference.pk])
    client = logged_in(site.staff)
    assert 'hx-trigger="every 10s"' not in htmx(client, url).content.decode()
    set_conference_status(site.conference, ConferenceStatus.IN_PROGRESS)
    response = htmx(client, url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'hx-trigger="every 10s"' in body
    assert client.get(url).status_code == 302  # no htmx: the full page


def test_it_checks_ownership(site: Site) -> None:
    client = logged_in(site.outsider)
    assert (
        site.conference.title
        not in client.get(reverse("meetings:conference_list")).content.decode()
    )
    for name in ["meetings:conference_detail", "meetings:attendance_summary"]:
        assert client.get(reverse(name, args=[site.conference.pk])).status_code == 404


def _member_login(site: Site, member: object, username: str) -> object:
    user = User.objects.create_user(username=username, full_name=username, member=member)
    return logged_in(user)


def test_a_convened_member_sees_the_conference_of_a_higher_organization(site: Site) -> None:
    """An Executive Committee member's cell sits far below the city: the convened list, not the
    organization scope, is what lets them read the agenda of the conference they attend."""
    client = _member_login(site, site.members["Nguyễn Văn An"], "uyvien")
    assert site.conference.title in client.get(reverse("meetings:conference_list")).content.decode()
    url = reverse("meetings:conference_detail", args=[site.conference.pk])
    assert client.get(url).status_code == 200


def test_a_member_not_convened_still_gets_404(site: Site) -> None:
    client = _member_login(site, site.hostile, "khongtrieutap")
    assert (
        site.conference.title
        not in client.get(reverse("meetings:conference_list")).content.decode()
    )
    url = reverse("meetings:conference_detail", args=[site.conference.pk])
    assert client.get(url).status_code == 404
