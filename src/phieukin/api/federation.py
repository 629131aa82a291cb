"""``/api/federation``: receive a subordinate installation's bundle, list the bundles received.

``POST /bundles`` takes the bundle as a multipart file (``file``), verifies it completely in
this process (signature, every file, organizations, subjects, audit chain, every ballot record)
and imports it, or answers 400 with ``{"code": <the check that failed>, "message": …}`` and
writes nothing. The token's user must be Ban Tổ chức staff of the organization the sender is
registered under (403 ``forbidden`` otherwise).
"""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import has_role, organizations_for_user
from phieukin.federation.forms import MAX_UPLOAD_BYTES
from phieukin.federation.keys import fingerprint, public_key_hex
from phieukin.federation.models import ImportedBundle
from phieukin.federation.services import do_import_bundle

router = Router(tags=["federation"])


class KeyOut(Schema):
    public_key: str
    fingerprint: str


class BundleOut(Schema):
    id: int
    sender: str
    sender_fingerprint: str
    organization_code: str
    period_id: int
    sha256: str
    size: int
    created_at: datetime
    imported_at: datetime
    subjects: int
    ballots: int
    audit_seq: int
    audit_head: str
    current: bool
    supersedes: int | None


class ErrorOut(Schema):
    code: str
    message: str


def _out(bundle: ImportedBundle) -> BundleOut:
    previous = ImportedBundle.objects.filter(superseded_by=bundle).values_list("pk", flat=True)
    return BundleOut(
        id=bundle.pk,
        sender=bundle.sender.name,
        sender_fingerprint=bundle.sender.fingerprint,
        organization_code=bundle.sender.organization.code,
        period_id=bundle.period_id,
        sha256=bundle.sha256,
        size=bundle.size,
        created_at=bundle.created_at,
        imported_at=bundle.imported_at,
        subjects=bundle.subjects,
        ballots=bundle.ballots,
        audit_seq=bundle.audit_seq,
        audit_head=bundle.audit_head,
        current=bundle.current,
        supersedes=previous.first(),
    )


@router.get("/key", response=KeyOut, summary="This installation's public key and fingerprint")
def key(request: HttpRequest) -> KeyOut:
    public = public_key_hex()
    return KeyOut(public_key=public, fingerprint=fingerprint(public))


@router.post(
    "/bundles",
    response={201: BundleOut, 400: ErrorOut, 403: ErrorOut, 413: ErrorOut},
    summary="Verify and import a subordinate's bundle",
)
def import_bundle(request: HttpRequest, file: File[UploadedFile]) -> Status:
    if (file.size or 0) > MAX_UPLOAD_BYTES:
        return Status(413, ErrorOut(code="too_large", message="The bundle is larger than 512 MB."))
    user = request.user
    bundle = do_import_bundle(
        file.read(),
        actor=user,
        may_import=lambda peer: has_role(user, peer.organization, Role.ORG_STAFF),
    )
    return Status(201, _out(bundle))


@router.get("/bundles", response=list[BundleOut], summary="Bundles imported (history included)")
def bundles(request: HttpRequest, limit: int = 100, offset: int = 0) -> list[BundleOut]:
    scope = organizations_for_user(request.user, role=(Role.ORG_STAFF, Role.SUPERIOR))
    rows = (
        ImportedBundle.objects.filter(sender__organization__in=scope.values("pk"))
        .select_related("sender__organization")
        .order_by("-imported_at", "-id")[max(offset, 0) : max(offset, 0) + min(max(limit, 1), 1000)]
    )
    return [_out(b) for b in rows]
