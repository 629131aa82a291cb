"""The audit log's words for the federation's events (see ``phieukin.audit.labels``)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from phieukin.audit.labels import Detail, choices, register
from phieukin.federation.models import PeerRole

EXPORTED = "federation.bundle_exported"
IMPORTED = "federation.bundle_imported"
REGISTERED = "federation.peer_registered"

register(
    {
        REGISTERED: pgettext_lazy("audit", "Installation's key registered"),
        "federation.peer_revoked": pgettext_lazy("audit", "Installation's key revoked"),
        EXPORTED: pgettext_lazy("audit", "Bundle of results exported"),
        IMPORTED: pgettext_lazy("audit", "Bundle of results verified and imported"),
    },
    {
        f"{REGISTERED}:role": Detail(pgettext_lazy("audit", "role"), values=choices(PeerRole)),
        f"{REGISTERED}:name": Detail(pgettext_lazy("audit", "name")),
        f"{EXPORTED}:sha256": Detail(pgettext_lazy("audit", "SHA-256 of the file"), code=True),
        f"{EXPORTED}:size": Detail(pgettext_lazy("audit", "size in bytes")),
        f"{IMPORTED}:sha256": Detail(pgettext_lazy("audit", "SHA-256 of the file"), code=True),
        f"{IMPORTED}:sender": Detail(pgettext_lazy("audit", "sender's key fingerprint"), code=True),
        f"{IMPORTED}:period": Detail(pgettext_lazy("audit", "period"), ref="evaluations.Period"),
        f"{IMPORTED}:audit_head": Detail(pgettext_lazy("audit", "sender's audit head"), code=True),
        f"{IMPORTED}:supersedes": Detail(
            pgettext_lazy("audit", "replaces bundle"), ref="federation.ImportedBundle"
        ),
    },
)
