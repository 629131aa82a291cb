"""A seam through which the base app records audit entries without importing ``audit``.

docs/architecture.md §2 keeps ``organizations`` free of imports from other apps (every app builds on
it), yet issue 7 wants every state change audited. The organizations services therefore call
``record_change``, which sends a synchronous signal; the audit app's receiver appends the entry
through ``phieukin.audit.services.record_event``. Django signals run in the caller's thread and
transaction, so the entry commits or rolls back with the change, and a receiver's exception
propagates to the caller. With no receiver connected the call fails loudly rather than dropping an
audit entry.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

state_changed = Signal()


class AuditNotConnectedError(RuntimeError):
    """No receiver records audit entries: ``phieukin.audit`` is not installed or not ready."""


def record_change(
    event_type: str,
    *,
    actor: Any = None,
    obj: Any = None,
    organization: Any = None,
    data: dict[str, Any] | None = None,
) -> None:
    responses = state_changed.send(
        sender=None,
        event_type=event_type,
        actor=actor,
        obj=obj,
        organization=organization,
        data=data,
    )
    if not responses:
        raise AuditNotConnectedError(f"no audit receiver for {event_type!r}")
