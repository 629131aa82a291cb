"""The federation's writes: registering and revoking peers, importing a verified bundle.

Every ``do_*`` runs in one transaction and appends one audit entry last (docs/architecture.md
§3.1). Exporting writes no row but its audit entry (``do_export_bundle`` in ``export``);
importing verifies the whole bundle first (``verify.verify_bundle``), then writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.federation.errors import BundleRefusedError, PeerError
from phieukin.federation.keys import fingerprint, parse_public_key, public_key_hex
from phieukin.federation.models import ImportedBundle, ImportedCount, Peer, PeerRole
from phieukin.federation.verify import verify_bundle
from phieukin.organizations.models import Organization


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def do_register_peer(
    *,
    role: str,
    name: str,
    organization: Organization,
    public_key: str,
    url: str = "",
    actor: Any,
) -> Peer:
    """Register another installation's public key (after comparing its fingerprint).

    Refuses: an unknown role, a key that is not 64 hex digits, this installation's own key, a
    key already registered (revoked or not: a key is never reused for another peer).
    """
    if role not in PeerRole.values:
        raise PeerError(_("Unknown role of a peer: %(role)s."), role=role)
    raw = parse_public_key(public_key)
    if raw is None:
        raise PeerError(_("The public key must be 64 hexadecimal digits."))
    if not name.strip():
        raise PeerError(_("Give the peer a name."))
    key = raw.hex()
    if key == public_key_hex():
        raise PeerError(_("This is this installation's own key."))
    with transaction.atomic():
        if Peer.objects.filter(public_key=key).exists():
            raise PeerError(_("This key is already registered."))
        peer = Peer.objects.create(
            role=role,
            name=name.strip(),
            organization=organization,
            public_key=key,
            url=url.strip(),
            registered_at=timezone.now(),
            registered_by=_user(actor),
        )
        record_event(
            "federation.peer_registered",
            actor=actor,
            obj=peer,
            organization=organization,
            data={"role": role, "name": peer.name, "fingerprint": fingerprint(key)},
        )
    return peer


def do_revoke_peer(peer: Peer, *, actor: Any) -> Peer:
    """Stop accepting bundles signed by ``peer``'s key (its imported bundles stay)."""
    with transaction.atomic():
        locked = Peer.objects.select_for_update().get(pk=peer.pk)
        if locked.revoked_at is not None:
            raise PeerError(_("This peer is already revoked."))
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            "federation.peer_revoked",
            actor=actor,
            obj=locked,
            organization=locked.organization,
            data={"fingerprint": locked.fingerprint},
        )
    return locked


def _totals(counts: list[tuple[str, str, str, str | None, bool, int]]) -> list[list[Any]]:
    summed: dict[tuple[str, str | None, bool], int] = {}
    for _code, _name, kind, level, in_scope, n in counts:
        summed[(kind, level, in_scope)] = summed.get((kind, level, in_scope), 0) + n
    ordered = sorted(summed.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2]))
    return [[kind, level, in_scope, n] for (kind, level, in_scope), n in ordered]


def do_import_bundle(
    data: bytes,
    *,
    actor: Any,
    jobs: int = 1,
    may_import: Callable[[Peer], bool] | None = None,
) -> ImportedBundle:
    """Verify ``data`` completely (``verify.verify_bundle``), then store it in one transaction.

    Nothing is written unless every check passes: the verification reads only, and the rows,
    the file and the audit entry are written together (the file is removed again if the
    transaction fails). The sender's row is locked, and the supersede check repeated under the
    lock, so two imports of the same sender never both become current.
    """
    checked = verify_bundle(data, jobs=jobs, may_import=may_import)
    stored: str | None = None
    try:
        with transaction.atomic():
            Peer.objects.select_for_update().filter(pk=checked.sender.pk).values_list("pk").get()
            current = ImportedBundle.objects.filter(
                sender=checked.sender, period=checked.period, superseded_at__isnull=True
            ).first()
            if (current and current.pk) != (checked.previous and checked.previous.pk):
                raise BundleRefusedError(
                    "concurrent_import",
                    _("Another bundle of this sender was imported meanwhile; try again."),
                )
            now = timezone.now()
            if current is not None:
                current.superseded_at = now
                current.save(update_fields=["superseded_at"])
            bundle = ImportedBundle(
                sender=checked.sender,
                period=checked.period,
                sender_period=checked.manifest["period"],
                sha256=checked.sha256,
                size=len(data),
                created_at=checked.created_at,
                imported_at=now,
                imported_by=_user(actor),
                audit_seq=checked.audit_seq,
                audit_head=checked.audit_head,
                subjects=checked.subjects,
                ballots=checked.ballots,
                totals=_totals(checked.counts),
            )
            bundle.file.save(f"{checked.sha256}.zip", ContentFile(data), save=False)
            stored = bundle.file.name
            bundle.save(force_insert=True)
            ImportedCount.objects.bulk_create(
                ImportedCount(
                    bundle=bundle,
                    organization_code=code,
                    organization_name=name[:300],
                    kind=kind,
                    level=level,
                    in_scope=in_scope,
                    n=n,
                )
                for code, name, kind, level, in_scope, n in checked.counts
            )
            if current is not None:
                current.superseded_by = bundle
                current.save(update_fields=["superseded_by"])
            record_event(
                "federation.bundle_imported",
                actor=actor,
                obj=bundle,
                organization=checked.sender.organization,
                data={
                    "sha256": checked.sha256,
                    "sender": checked.sender.fingerprint,
                    "period": checked.period.pk,
                    "audit_head": checked.audit_head,
                    "supersedes": current.pk if current is not None else None,
                },
            )
    except BaseException:
        if stored is not None:
            default_storage.delete(stored)
        raise
    return bundle
