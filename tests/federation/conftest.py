"""The federation's test worlds.

- ``demo_bundle`` (once per session): the demo city (``phieukin demo``) with conference
  No. 16's secret ballot run to its result, exported as a bundle signed by ``SENDER``; the
  sending database is rolled back afterwards, only the bundle's bytes are kept.
- ``superior``: the central installation's side: a central organization, the city ``HT`` under
  it, a 2023 period, the city's installation registered as a subordinate with ``SENDER``'s key.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.test import TestCase
from django.utils import timezone
from nacl.signing import SigningKey

from phieukin.accounts.models import User
from phieukin.audit.services import record_event
from phieukin.evaluations.models import Period
from phieukin.federation import bundle as fmt
from phieukin.federation.export import build_bundle
from phieukin.federation.models import Peer, PeerRole
from phieukin.federation.services import do_register_peer
from phieukin.organizations.models import Organization, OrganizationKind
from phieukin.organizations.services.tree import do_create_organization

SENDER = SigningKey(bytes(range(1, 33)))
STRANGER = SigningKey(bytes(range(2, 34)))


@dataclass(frozen=True)
class DemoBundle:
    data: bytes
    newer: bytes  # later, its audit chain extends ``data``'s
    forked: bytes  # later still, its chain extends ``data``'s but not ``newer``'s
    subjects: int
    decided: dict[str, int]  # level -> decided subjects in the sender
    ballots: int


@pytest.fixture(scope="session")
def demo_bundle(django_db_setup: None, django_db_blocker: Any) -> DemoBundle:
    from phieukin.evaluations.models import Subject
    from phieukin.web.demo import load_demo
    from tests.demo_ballot import run_demo_ballot

    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo()
        run_demo_ballot(summary, on_commit=lambda: TestCase.captureOnCommitCallbacks(execute=True))
        period = Period.objects.get(year=2023)
        now = timezone.now()
        data = build_bundle(period, key=SENDER, now=now)
        fork = transaction.savepoint()
        record_event("test.after_first_bundle", data={"n": 1})
        newer = build_bundle(period, key=SENDER, now=now + timedelta(hours=1))
        transaction.savepoint_rollback(fork)
        record_event("test.after_first_bundle", data={"n": 2})
        forked = build_bundle(period, key=SENDER, now=now + timedelta(hours=2))
        decided: dict[str, int] = {}
        for level in Subject.objects.filter(period=period, decided_level__isnull=False).values_list(
            "decided_level", flat=True
        ):
            decided[level] = decided.get(level, 0) + 1
        subjects = Subject.objects.filter(period=period).count()
        transaction.set_rollback(True)
    return DemoBundle(data, newer, forked, subjects, decided, ballots=1)


@dataclass
class Superior:
    central: Organization
    city: Organization
    period: Period
    peer: Peer
    admin: User


@pytest.fixture
def superior(db: None, settings: Any, tmp_path: Any) -> Superior:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    central = do_create_organization(
        code="TW", name="Đảng bộ Trung ương", kind=OrganizationKind.CENTRAL, parent=None, actor=None
    )
    city = do_create_organization(
        code="HT",
        name="Đảng bộ Thành phố Hà Thành",
        kind=OrganizationKind.PROVINCIAL,
        parent=central,
        actor=None,
    )
    period = Period.objects.create(
        organization=central,
        title="Đánh giá, xếp loại chất lượng năm 2023",
        year=2023,
        regulation="reg124",
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 31),
        status="open",
    )
    admin = User.objects.create_user(username="quantri_tw", password="x" * 12, is_superuser=True)
    peer = do_register_peer(
        role=PeerRole.SUBORDINATE,
        name="Thành ủy Hà Thành",
        organization=city,
        public_key=bytes(SENDER.verify_key).hex(),
        actor=admin,
    )
    return Superior(central, city, period, peer, admin)


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def repack(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def resign(files: dict[str, bytes], key: SigningKey = SENDER) -> dict[str, bytes]:
    """Recompute the manifest's hashes and sign it again: a tampering sender with the key."""
    import json

    manifest = json.loads(files[fmt.MANIFEST])
    rest = {k: v for k, v in files.items() if k not in {fmt.MANIFEST, fmt.SIGNATURE}}
    manifest["files"] = fmt.file_entries(rest)
    manifest["sender_key"] = bytes(key.verify_key).hex()
    body = fmt.canonical(manifest)
    return {**rest, fmt.MANIFEST: body, fmt.SIGNATURE: key.sign(body).signature.hex().encode()}
