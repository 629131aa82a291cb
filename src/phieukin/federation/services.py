"""The federation's writes: registering and revoking peers, importing a verified bundle.

Every ``do_*`` runs in one transaction and appends one audit entry last (docs/architecture.md
§3.1). Exporting writes no row but its audit entry (``do_export_bundle`` in ``export``);
importing verifies the whole bundle first (``verify.verify_bundle``), then writes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.federation.errors import PeerError
from phieukin.federation.keys import fingerprint, parse_public_key, public_key_hex
from phieukin.federation.models import Peer, PeerRole
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
