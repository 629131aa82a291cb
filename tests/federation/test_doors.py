"""The three doors of an import (command line, API, page) and the superior's roll-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.accounts.services import do_create_api_token
from phieukin.federation.models import ImportedBundle, Peer
from tests.clock import NOW
from tests.federation.conftest import DemoBundle, Superior, repack, unpack

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _tampered(demo_bundle: DemoBundle) -> bytes:
    files = unpack(demo_bundle.data)
    files["ratings.json"] = files["ratings.json"].replace(b'"htxsnv"', b'"httnv"', 1)
    return repack(files)


def _staff(superior: Superior, name: str = "bantochuc_tw") -> User:
    user = User.objects.create(username=name)
    RoleAssignment.objects.create(
        user=user, organization=superior.central, role=Role.ORG_STAFF, granted_at=NOW
    )
    return user


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


def test_the_command_line_imports_from_a_file_and_refuses_a_modified_one(
    demo_bundle: DemoBundle, superior: Superior, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    bad = stick / "modified.zip"
    bad.write_bytes(_tampered(demo_bundle))
    with pytest.raises(CommandError, match=r"refused \[file_modified\].*ratings\.json"):
        call_command("bundle", "import", str(bad))
    assert not ImportedBundle.objects.exists()
    good = stick / "bundle.zip"
    good.write_bytes(demo_bundle.data)
    call_command("bundle", "import", str(good), "--jobs", "1")
    assert "verified and imported" in capsys.readouterr().out
    assert ImportedBundle.objects.get().sender == superior.peer


def test_the_command_line_manages_peers_and_exports(
    superior: Superior, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("bundle", "key")
    assert "fingerprint:" in capsys.readouterr().out
    key = "ab" * 32
    call_command(
        "bundle",
        "peer",
        "add",
        "--role",
        "subordinate",
        "--name",
        "Tỉnh B",
        "--organization",
        "TW",
        "--key",
        key,
    )
    peer = Peer.objects.get(public_key=key)
    assert peer.fingerprint in capsys.readouterr().out
    with pytest.raises(CommandError, match="already registered"):
        call_command(
            "bundle",
            "peer",
            "add",
            "--role",
            "subordinate",
            "--name",
            "again",
            "--organization",
            "TW",
            "--key",
            key,
        )
    call_command("bundle", "peer", "revoke", peer.fingerprint)
    peer.refresh_from_db()
    assert peer.revoked_at is not None
    out = tmp_path / "tw.zip"
    call_command("bundle", "export", str(superior.period.pk), "--out", str(out))
    files = unpack(out.read_bytes())
    assert json.loads(files["manifest.json"])["organization"]["code"] == "TW"


def test_the_api_imports_with_a_staff_token_and_answers_refusals_in_one_shape(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    _token, raw = do_create_api_token(_staff(superior), "push", actor=None)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    url = "/api/federation/bundles"

    def post(data: bytes) -> object:
        return client.post(url, {"file": SimpleUploadedFile("b.zip", data, "application/zip")})

    refused = post(_tampered(demo_bundle))
    assert refused.status_code == 400
    assert refused.json()["code"] == "file_modified" and "ratings.json" in refused.json()["message"]
    assert not ImportedBundle.objects.exists()
    made = post(demo_bundle.data)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["sender"] == superior.peer.name and body["current"] and body["ballots"] == 1
    assert client.get(url).json()[0]["id"] == body["id"]
    assert client.get("/api/federation/key").json()["fingerprint"].count(" ") == 7
    outsider = User.objects.create(username="khac")
    RoleAssignment.objects.create(
        user=outsider, organization=superior.central, role=Role.SUPERIOR, granted_at=NOW
    )
    _t, other = do_create_api_token(outsider, "x", actor=None)
    denied = Client(HTTP_AUTHORIZATION=f"Bearer {other}").post(
        url, {"file": SimpleUploadedFile("b.zip", demo_bundle.newer, "application/zip")}
    )
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    assert ImportedBundle.objects.count() == 1


def test_the_page_imports_refuses_in_vietnamese_and_the_roll_up_shows_the_source(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    client = _client(_staff(superior))
    page = client.get(reverse("federation:index")).content.decode()
    assert "Mã nhận dạng" in page or "vân tay" in page.lower()
    upload = reverse("federation:upload")
    refused = client.post(upload, {"file": SimpleUploadedFile("b.zip", _tampered(demo_bundle))})
    text = refused.content.decode()
    assert refused.status_code == 200 and "bị sửa" in text and "ratings.json" in text
    assert not ImportedBundle.objects.exists()
    done = client.post(upload, {"file": SimpleUploadedFile("b.zip", demo_bundle.data)})
    assert done.status_code == 302 and ImportedBundle.objects.count() == 1
    rollup = client.get(
        reverse("reports:rollup", args=[superior.central.pk]) + f"?period={superior.period.pk}"
    ).content.decode()
    assert superior.peer.name in rollup and superior.peer.fingerprint in rollup
    assert "Kết quả do hệ thống cấp dưới gửi lên" in rollup
    subjects = json.loads(unpack(demo_bundle.data)["ratings.json"])["subjects"]
    members = [s for s in subjects if s["kind"] == "individual" and s["in_scope"]]
    decided = sum(1 for s in members if s["decided_level"])
    assert f">{decided}/{len(members)}<" in rollup  # the imported members, counted


def test_only_an_administrator_registers_a_key(superior: Superior) -> None:
    form = {
        "role": "subordinate",
        "name": "Tỉnh C",
        "organization": superior.central.pk,
        "public_key": "cd" * 32,
    }
    assert _client(_staff(superior)).post(reverse("federation:peer_add"), form).status_code == 403
    admin = _client(superior.admin)
    assert admin.post(reverse("federation:peer_add"), form).status_code == 302
    assert Peer.objects.filter(public_key="cd" * 32).exists()
