"""Export the demo city's period, import it at the superior: verified, stored, rolled up."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from phieukin.audit.services import verify_log
from phieukin.federation import bundle as fmt
from phieukin.federation.models import ImportedBundle, ImportedCount
from phieukin.federation.services import do_import_bundle
from tests.federation.conftest import SENDER, DemoBundle, Superior, unpack

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_bundle_holds_every_part_under_a_signed_manifest(demo_bundle: DemoBundle) -> None:
    files = unpack(demo_bundle.data)
    manifest = json.loads(files[fmt.MANIFEST])
    assert manifest["format"] == fmt.FORMAT
    assert manifest["sender_key"] == bytes(SENDER.verify_key).hex()
    assert manifest["organization"]["code"] == "HT"
    listed = {f["name"] for f in manifest["files"]}
    assert listed == set(files) - {fmt.MANIFEST, fmt.SIGNATURE}
    assert {fmt.RATINGS, fmt.ORGANIZATIONS, fmt.AUDIT, fmt.DOSSIER_INDEX} <= listed
    ballots = [n for n in files if n.startswith(fmt.BALLOTS_DIR)]
    assert len(ballots) == demo_bundle.ballots
    ratings = json.loads(files[fmt.RATINGS])
    assert len(ratings["subjects"]) == demo_bundle.subjects
    (city,) = [s for s in ratings["subjects"] if s["votes"] and s["votes"][0]["ballot_id"]]
    assert city["decided_level"] == "htxsnv" and city["organization"] == "HT"
    dossier = json.loads(files[fmt.DOSSIER_INDEX])["documents"]
    form_04 = "dossier/mau-04-danh-muc-ho-so.docx"
    assert form_04 in files and form_04 in [d["file"] for d in dossier]
    assert files[form_04][:2] == b"PK"  # a DOCX
    audit = files[fmt.AUDIT].splitlines()
    assert json.loads(audit[-1])["hash"] == manifest["audit_head"]["hash"]
    SENDER.verify_key.verify(files[fmt.MANIFEST], bytes.fromhex(files[fmt.SIGNATURE].decode()))


def test_the_superior_imports_it_after_verifying_and_counts_its_ratings(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    bundle = do_import_bundle(demo_bundle.data, actor=superior.admin)
    assert bundle.sender == superior.peer and bundle.period == superior.period
    assert bundle.current and bundle.subjects == demo_bundle.subjects
    assert bundle.ballots == demo_bundle.ballots
    stored = Path(bundle.file.path)
    assert stored.read_bytes() == demo_bundle.data
    assert fmt.sha256_hex(stored.read_bytes()) == bundle.sha256
    assert stat.S_ISREG(stored.stat().st_mode)
    counted: dict[str, int] = {}
    for level, n in ImportedCount.objects.filter(bundle=bundle, level__isnull=False).values_list(
        "level", "n"
    ):
        counted[level] = counted.get(level, 0) + n
    assert counted == demo_bundle.decided
    total = sum(ImportedCount.objects.filter(bundle=bundle).values_list("n", flat=True))
    assert total == demo_bundle.subjects
    assert verify_log().ok  # the import appended its entry to the superior's own chain


def test_a_newer_bundle_supersedes_and_the_history_is_kept(
    demo_bundle: DemoBundle, superior: Superior
) -> None:
    first = do_import_bundle(demo_bundle.data, actor=superior.admin)
    second = do_import_bundle(demo_bundle.newer, actor=superior.admin)
    first.refresh_from_db()
    assert not first.current and first.superseded_by == second and second.current
    assert first.audit_seq + 1 == second.audit_seq
    assert ImportedBundle.objects.count() == 2  # the old row and its file stay
    assert Path(first.file.path).read_bytes() == demo_bundle.data
    assert ImportedCount.objects.filter(bundle=first).exists()
