"""The web upload: staff only and scoped, progress page, Vietnamese report, never a 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from phieukin.accounts.models import Role, User
from phieukin.accounts.services import do_grant_role
from phieukin.organizations.importing import jobs, run_import
from phieukin.organizations.models import Member, Organization

from .fixtures.importing import MEMBERS, members_csv, orgs_csv, snapshot

# The import runs in a thread with its own connection: it must see committed data.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _data_dir(settings: Any, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    settings.LANGUAGE_CODE = "vi"


def _client(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(user)
    return client


@pytest.fixture
def admin() -> User:
    return User.objects.create_superuser("admin", "admin@example.org", "x-secret-password")


def _staff_of(code: str) -> User:
    user = User.objects.create_user("staff", "staff@example.org", "x-secret-password")
    org = Organization.objects.get(code=code)
    do_grant_role(user, org, Role.ORG_STAFF, actor=None)
    return user


def _upload(client: Client, name: str, data: bytes, **extra: str) -> tuple[str, Any]:
    response = client.post(
        reverse("organizations:import"), {"file": SimpleUploadedFile(name, data), **extra}
    )
    assert response.status_code == 302, response.content[:500]
    job_id = response["Location"].rstrip("/").split("/")[-1]
    jobs.wait(job_id)
    page = client.get(response["Location"])
    assert page.status_code == 200
    return job_id, page


def test_it_imports_an_upload_and_reports_in_vietnamese(admin: User) -> None:
    client = _client(admin)
    form = client.get(reverse("organizations:import"))
    assert form.status_code == 200 and "Tải lên" in form.content.decode()
    _, page = _upload(client, "orgs.csv", orgs_csv())
    html = page.content.decode()
    assert "Đã nhập xong" in html and "hx-get" not in html  # finished: no more polling
    assert Organization.objects.count() == 5


def test_it_shows_row_errors_in_vietnamese_and_writes_nothing(admin: User) -> None:
    client = _client(admin)
    _upload(client, "orgs.csv", orgs_csv())
    before = snapshot()
    bad = members_csv([MEMBERS[0].replace("02/09/1975", "02/09/2999"), MEMBERS[1]])
    _, page = _upload(client, "m.csv", bad)
    html = page.content.decode()
    assert "Ngày 02/09/2999 ở tương lai." in html
    assert "Ngày sinh" in html and "không có gì được nhập" in html
    assert snapshot() == before


@pytest.mark.parametrize(
    "data", [b"", b"\x00\x01\x02\xff", b"PK\x03\x04broken", b"a,b\n1,2\n", bytes(range(256))]
)
def test_it_never_fails_with_a_500_on_garbage(admin: User, data: bytes) -> None:
    client = _client(admin)
    response = client.post(
        reverse("organizations:import"), {"file": SimpleUploadedFile("x.xlsx", data)}
    )
    assert response.status_code in {302, 400}
    if response.status_code == 302:
        job_id = response["Location"].rstrip("/").split("/")[-1]
        jobs.wait(job_id)
        page = client.get(response["Location"])
        assert page.status_code == 200 and "Không có gì được ghi" in page.content.decode()
    assert Organization.objects.count() == 0


def test_it_polls_progress_with_htmx_until_the_job_ends(admin: User) -> None:
    client = _client(admin)
    job_id, _ = _upload(client, "orgs.csv", orgs_csv())
    state = jobs.read_job(job_id)
    assert state is not None and state["state"] == "done"
    fragment = client.get(reverse("organizations:import_progress", kwargs={"job_id": job_id}))
    assert fragment.status_code == 200 and b"<html" not in fragment.content
    # A running job's fragment asks to be polled again.
    state.update(state="running", stage="writing", done=50, total=200)
    jobs._write(job_id, state)
    running = client.get(reverse("organizations:import_progress", kwargs={"job_id": job_id}))
    html = running.content.decode()
    assert 'hx-trigger="load delay:1s"' in html and 'value="25"' in html


def test_it_limits_staff_to_their_own_subtree() -> None:
    run_import([("o.csv", orgs_csv())])
    client = _client(_staff_of("PX"))
    _upload(client, "m.csv", members_csv())  # PX1 and PX2 are under PX
    assert Member.objects.count() == 3
    outside = orgs_csv(
        ["NEW,Đảng bộ mới,Đảng bộ cơ sở,BD", "HN,Thành ủy đổi tên,Đảng bộ thành phố,"]
    )
    _, page = _upload(client, "o.csv", outside)
    assert page.content.decode().count("ngoài phạm vi") == 2
    assert not Organization.objects.filter(code="NEW").exists()


def test_it_refuses_users_who_manage_nothing_and_other_users_jobs(admin: User) -> None:
    job_id, _ = _upload(_client(admin), "orgs.csv", orgs_csv())
    nobody = User.objects.create_user("nobody", "n@example.org", "x-secret-password")
    assert _client(nobody).get(reverse("organizations:import")).status_code == 403
    other = _client(_staff_of("PX"))
    url = reverse("organizations:import_job", kwargs={"job_id": job_id})
    assert other.get(url).status_code == 404
    assert Client().get(reverse("organizations:import")).status_code == 302  # to login


def test_it_serves_templates_that_import_cleanly(admin: User) -> None:
    client = _client(admin)
    files = {}
    for kind in ("organizations", "members"):
        for fmt in ("csv", "xlsx"):
            url = reverse("organizations:import_template", kwargs={"kind": kind, "fmt": fmt})
            response = client.get(url)
            assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
            files[kind, fmt] = response.content
    assert files["organizations", "csv"].startswith(b"\xef\xbb\xbf")
    assert "Số thẻ đảng viên".encode() in files["members", "csv"]
    result = run_import([("o.xlsx", files["organizations", "xlsx"])])
    assert result.organizations.created == 4
    assert run_import([("m.xlsx", files["members", "xlsx"])]).members.created == 1
    assert not run_import([("m.csv", files["members", "csv"])]).changed
    bad = reverse("organizations:import_template", kwargs={"kind": "x", "fmt": "csv"})
    assert client.get(bad).status_code == 404
