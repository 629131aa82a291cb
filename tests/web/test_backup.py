"""``phieukin backup`` then ``restore`` into an empty database gives back the same data."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from phieukin.accounts.models import RoleAssignment, User
from phieukin.audit.models import AuditEvent
from phieukin.audit.services import record_event, verify_log
from phieukin.organizations.models import Member, Organization
from tests.accounts.personas import PASSWORD, build_world


def snapshot() -> dict[str, object]:
    return {
        "users": sorted(User.objects.values_list("pk", "username", "password")),
        "orgs": sorted(Organization.objects.values_list("pk", "path", "name")),
        "members": sorted(Member.objects.values_list("pk", "card_number", "organization_id")),
        "roles": sorted(RoleAssignment.objects.values_list("user_id", "organization_id", "role")),
        "audit": list(AuditEvent.objects.order_by("seq").values_list("seq", "hash")),
    }


@pytest.fixture
def populated(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "documents" / "tờ trình.pdf").write_bytes("%PDF-1.7 tờ trình".encode())
    world = build_world()
    world.commune.name = 'Đảng bộ "Xã" <Hòa Bình>'
    world.commune.save()
    for i in range(3):
        record_event("test.backup", actor=world.staff, organization=world.commune, data={"i": i})
    return world


def test_it_round_trips_database_and_media(populated, settings, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    assert archive.stat().st_mode & 0o777 == 0o600
    before = snapshot()
    call_command("flush", interactive=False, verbosity=0)
    (settings.MEDIA_ROOT / "documents" / "tờ trình.pdf").unlink()
    assert not User.objects.exists()

    call_command("restore", str(archive))

    assert snapshot() == before
    assert verify_log().ok
    assert Organization.objects.get(code="C").name == 'Đảng bộ "Xã" <Hòa Bình>'
    assert authenticate(username="bantochuc", password=PASSWORD) is not None
    restored = settings.MEDIA_ROOT / "documents" / "tờ trình.pdf"
    assert restored.read_bytes() == "%PDF-1.7 tờ trình".encode()
    # New rows continue after the restored ids (sequences reset).
    Organization.objects.create(code="NEW", name="Mới", kind="cell")
    record_event("test.after_restore")
    assert verify_log().ok


def test_it_refuses_a_non_empty_database(populated, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_it_refuses_a_corrupted_archive(populated, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=archive)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for info in src.getmembers():
            data = src.extractfile(info).read()
            if info.name.startswith("media/"):
                data = b"%PDF-1.7 altered"
                info.size = len(data)

            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=r"media/documents/tờ trình\.pdf.*corrupted"):
        call_command("restore", str(tampered))  # checked before anything is touched


def test_it_refuses_something_that_is_not_a_backup(transactional_db, tmp_path):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="not a readable backup"):
        call_command("restore", str(junk))
