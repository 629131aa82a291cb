"""Roll-up pages, exports and downloads over HTTP: content, SVG chart, permission checks."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.organizations.models import Organization
from phieukin.reports.register_models import DocumentNumber, YearTarget
from tests.clock import NOW
from tests.reports.conftest import DocsWorld
from tests.reports.readback import docx_text


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "t", "confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _staff_of(org: Organization, name: str, role: str = Role.ORG_STAFF) -> User:
    user = User.objects.create(username=name)
    RoleAssignment.objects.create(user=user, organization=org, role=role, granted_at=NOW)
    return user


@pytest.fixture
def admin(docs: DocsWorld) -> Client:
    refresh_rollup(docs.tree.period)
    return _client(docs.staff)


def test_it_shows_the_roll_up_with_a_chart_and_drill_down(docs: DocsWorld, admin: Client) -> None:
    url = reverse("reports:rollup", args=[docs.tree.province.pk])
    page = admin.get(url).content.decode()
    assert "<svg" in page and 'class="bar bar--htxsnv"' in page
    assert " style=" not in page.split("<main", 1)[1]
    assert reverse("reports:rollup", args=[docs.tree.a.pk]) in page  # drill down
    assert "Đảng bộ cấp trên cơ sở trực thuộc" in page  # a cap group
    assert "31,6%" in page  # 6 HTXSNV of 19 decided members
    child = admin.get(reverse("reports:rollup", args=[docs.tree.g1.pk])).content.decode()
    assert "Chi bộ Tổ Văn" in child and "Đảng viên — G1" in child


def test_it_exports_the_statistics_and_results_as_xlsx(docs: DocsWorld, admin: Client) -> None:
    org = docs.tree.province.pk
    stats = load_workbook(io.BytesIO(admin.get(reverse("reports:rollup_xlsx", args=[org])).content))
    rows = list(stats["Tổng hợp"].iter_rows(values_only=True))
    members = next(r for r in rows if r[0] == "Đảng viên")
    assert members[1:6] == (20, 6, 12, 1, 0)
    assert len(list(stats["Đơn vị trực thuộc"].iter_rows())) == 1 + 2 * 2
    data = admin.get(reverse("reports:results_xlsx", args=[org])).content
    results = load_workbook(io.BytesIO(data))
    groups = {r[0]: r for r in results["Theo nhóm"].iter_rows(min_row=3, values_only=True)}
    assert groups["Đảng viên — G1"][1:3] == (4, 9) and groups["Đảng viên — G1"][-1] == "Vượt tỷ lệ"
    detail = list(results["Kết quả"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 27 and any(r[5].startswith("Không đánh giá") for r in detail if r[5])


def test_it_serves_the_documents_and_explains_what_is_missing(
    docs: DocsWorld, admin: Client
) -> None:
    response = admin.get(reverse("reports:submission_docx", args=[docs.submission.pk]))
    assert response.status_code == 200
    assert "TỜ TRÌNH" in docx_text(response.content)
    pdf = admin.get(reverse("reports:minutes_pdf", args=[docs.conference.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docs.ballot.result = None
    docs.ballot.save(update_fields=["result"])
    refused = admin.get(reverse("reports:tally_docx", args=[docs.ballot.pk]))
    page = refused.content.decode()
    # A normal page in the UI's language, with the way back to the result page.
    assert refused.status_code == 409 and refused["Content-Type"].startswith("text/html")
    assert "Cuộc bỏ phiếu chưa công bố kết quả." in page and 'id="document-refused"' in page
    assert reverse("voting:result", args=[docs.ballot.pk]) in page


def test_the_submission_page_numbers_it_and_takes_the_targets(
    docs: DocsWorld, admin: Client
) -> None:
    page_url = reverse("reports:submission_page", args=[docs.submission.pk])
    page = admin.get(page_url).content.decode()
    assert "Ban Tổ chức Tỉnh ủy Hà Thành" in page and "45-TTr/BTCTU" in page
    added = admin.post(
        reverse("reports:target_add", args=[docs.submission.pk]),
        {"name": "Thu ngân sách", "plan": "100%", "result": "104%", "assessment": "exceeded"},
    )
    assert added.status_code == 302 and added["Location"] == page_url
    assert "Thu ngân sách" in admin.get(page_url).content.decode()
    bad = admin.post(reverse("reports:target_add", args=[docs.submission.pk]), {"name": "x"})
    assert bad.status_code == 400
    numbered = admin.post(
        reverse("reports:submission_number", args=[docs.submission.pk]),
        {"signed_on": "2026-01-02"},
    )
    assert numbered.status_code == 302
    row = DocumentNumber.objects.get(doc_type="TTr")
    assert (row.label, row.signed_on) == ("45-TTr/BTCTU", date(2026, 1, 2))
    target = YearTarget.objects.get()
    removed = admin.post(
        reverse("reports:target_remove", args=[docs.submission.pk]), {"target": target.pk}
    )
    assert removed.status_code == 302 and not YearTarget.objects.exists()


def test_the_minutes_page_records_the_end_time(docs: DocsWorld, admin: Client) -> None:
    url = reverse("reports:minutes_end", args=[docs.conference.pk])
    assert admin.post(url, {"ends_at": "11:30"}).status_code == 302
    text = docx_text(admin.get(reverse("reports:minutes_docx", args=[docs.conference.pk])).content)
    assert "kết thúc vào hồi 11 giờ 30" in text
    early = admin.post(url, {"ends_at": "07:00"})
    assert early.status_code == 409 and "trước giờ bắt đầu" in early.content.decode()


def test_the_decision_page_issues_a_numbered_decision(docs: DocsWorld, admin: Client) -> None:
    page_url = reverse("reports:decision_page", args=[docs.subject.pk])
    page = admin.get(page_url).content.decode()
    assert "Ban Thường vụ Tỉnh ủy Hà Thành" in page and 'value="2026-01-09"' in page
    issued = admin.post(
        reverse("reports:decision_issue", args=[docs.subject.pk]),
        {"doc_type": "QĐ", "signed_on": "2026-01-09"},
    )
    assert issued.status_code == 302
    row = DocumentNumber.objects.get(doc_type="QĐ")
    text = docx_text(admin.get(reverse("reports:issued_docx", args=[row.pk])).content)
    assert "Số 01-QĐ/TU" in text and "Đảng bộ xã An Bình" in text
    again = admin.post(
        reverse("reports:decision_issue", args=[docs.subject.pk]),
        {"doc_type": "QĐ", "signed_on": "2026-01-09"},
    )
    assert again.status_code == 409 and "đã có trong" in again.content.decode()
    undecided = docs.tree.period.subjects.get(organization=docs.tree.c2)
    refused = admin.get(reverse("reports:decision_page", args=[undecided.pk]))
    assert refused.status_code == 409 and "chưa được xếp loại" in refused.content.decode()


def test_it_recomputes_figures_on_request(docs: DocsWorld, admin: Client) -> None:
    url = reverse("reports:rollup_refresh", args=[docs.tree.province.pk])
    response = admin.post(url, {"period": docs.tree.period.pk})
    assert response.status_code == 302 and f"period={docs.tree.period.pk}" in response["Location"]


def test_it_checks_permissions(docs: DocsWorld) -> None:
    commune_staff = _client(_staff_of(docs.tree.b, "bantochuc_b"))
    tree = docs.tree
    assert commune_staff.get(reverse("reports:rollup", args=[tree.b.pk])).status_code == 200
    assert commune_staff.get(reverse("reports:rollup", args=[tree.province.pk])).status_code == 404
    history = reverse("reports:member_history", args=[tree.members["c1"][0].pk])
    assert commune_staff.get(history).status_code == 404
    refresh = {"period": tree.period.pk}
    own = commune_staff.post(reverse("reports:rollup_refresh", args=[tree.b.pk]), refresh)
    assert own.status_code == 302  # staff recompute their own subtree
    above = commune_staff.post(reverse("reports:rollup_refresh", args=[tree.province.pk]), refresh)
    assert above.status_code == 404
    member = User.objects.create(username="dangvien", member=tree.members["c1"][2])
    plain = _client(member)
    assert plain.get(reverse("reports:rollup", args=[tree.c1.pk])).status_code == 403
    assert plain.get(reverse("reports:minutes_docx", args=[docs.conference.pk])).status_code == 404
    mine = plain.post(reverse("reports:rollup_refresh", args=[tree.c1.pk]), refresh)
    assert mine.status_code == 403
    anonymous = Client()
    assert anonymous.get(reverse("reports:rollup", args=[tree.b.pk])).status_code == 302


def test_it_shows_a_member_s_history(docs: DocsWorld, admin: Client) -> None:
    page = admin.get(reverse("reports:member_history", args=[docs.tree.members["c1"][0].pk]))
    assert "2025" in page.content.decode()
