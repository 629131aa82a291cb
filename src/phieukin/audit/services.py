"""Append to the audit log: ``record_event`` is the only writer (docs/architecture.md §3.1, §3.5).

Call it inside your service's ``transaction.atomic`` block, *after* your own writes: the entry
commits or rolls back with the change it records. Appends are serialized so the chain never
forks: on PostgreSQL by an EXCLUSIVE lock on the table (readers still proceed), held until the
surrounding transaction ends; on SQLite the IMMEDIATE transaction mode already serializes
writers. Calling it last keeps that lock short and avoids lock-order deadlocks.

The log must never hold a ballot's content or anything linking a member to a credential:
``record_event`` refuses data carrying secret-bearing keys (``ForbiddenAuditDataError``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from phieukin.audit.chain import GENESIS_HASH, ChainReport, entry_hash, verify_chain
from phieukin.audit.models import AuditEvent

# Exact keys (case-insensitive) that carry secrets or would link a member to a credential.
FORBIDDEN_KEYS = frozenset(
    {
        "code",
        "short_code",
        "credential",
        "credentials",
        "credential_id",
        "credential_pk",
        "credential_code",
        "secret",
        "secret_key",
        "private_key",
        "randomness",
        "nonce",
        "choice",
        "choices",
        "selection",
        "selections",
        "plaintext",
        "vote",
        "password",
        "token",
        "otp",
        "totp",
    }
)
FORBIDDEN_SUFFIXES = ("_secret", "_password", "_randomness", "_nonce", "_choice", "_plaintext")


class AuditError(Exception):
    """Base class of the audit app's typed errors."""

    code = "audit_error"


class ForbiddenAuditDataError(AuditError):
    """The data holds a secret-bearing key; the event is refused and nothing is written."""

    code = "audit_forbidden_data"


class InvalidAuditDataError(AuditError):
    """The data is not plain JSON (dicts, lists, str, int, bool, None)."""

    code = "audit_invalid_data"


def _check_keys(value: Any, where: str = "data") -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if not isinstance(key, str):
                raise InvalidAuditDataError(f"{where}: keys must be strings, got {key!r}")
            low = key.lower()
            if low in FORBIDDEN_KEYS or low.endswith(FORBIDDEN_SUFFIXES):
                raise ForbiddenAuditDataError(
                    f"{where}.{key}: secret-bearing keys are never written to the audit log"
                )
            _check_keys(inner, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for i, inner in enumerate(value):
            _check_keys(inner, f"{where}[{i}]")
    elif isinstance(value, float):
        raise InvalidAuditDataError(f"{where}: floats are not allowed (use int or str)")
    elif not isinstance(value, str | int | bool | type(None)):
        raise InvalidAuditDataError(f"{where}: {type(value).__name__} is not JSON")


def entry_payload(event: AuditEvent) -> dict[str, Any]:
    """The exported form of an entry: every hashed field plus ``hash``."""
    created = event.created_at.astimezone(UTC)
    return {
        "seq": event.seq,
        "actor_id": event.actor_id,
        "actor_username": event.actor_username,
        "event_type": event.event_type,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "organization_id": event.organization_id,
        "data": event.data,
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def compute_hash(event: AuditEvent) -> str:
    return entry_hash(entry_payload(event))


def _now_ms() -> datetime:
    """Now, to the millisecond: the precision JSON backups keep (DjangoJSONEncoder), so that an
    entry's hash is unchanged after ``phieukin backup`` / ``restore``."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {AuditEvent._meta.db_table} IN EXCLUSIVE MODE")


def record_event(
    event_type: str,
    *,
    actor: Any = None,
    obj: models.Model | None = None,
    organization: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry to the chain, in the caller's transaction (or its own if none).

    ``actor``: a User (or None / AnonymousUser for system or anonymous events).
    ``obj``: the model instance changed; its class name and pk are recorded.
    ``organization``: the Organization the event belongs to (for scoped viewing); defaults
    to ``obj.organization`` when the object has one.
    Raises ``ForbiddenAuditDataError`` / ``InvalidAuditDataError`` before anything is written.
    """
    payload = dict(data or {})
    _check_keys(payload)
    if not event_type or len(event_type) > 80:
        raise InvalidAuditDataError("event_type must be 1–80 characters")
    if organization is None and obj is not None:
        organization = getattr(obj, "organization", None)
    # No savepoint: the entry is one INSERT, and it lives or dies with the caller's change.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
        is_user = actor is not None and getattr(actor, "is_authenticated", False)
        event = AuditEvent(
            seq=(last["seq"] + 1) if last else 1,
            actor=actor if is_user else None,
            actor_username=actor.get_username() if is_user else "",
            event_type=event_type,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            organization=organization,
            data=payload,
            created_at=_now_ms(),
            prev_hash=last["hash"] if last else GENESIS_HASH,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
    return event


def iter_entries(queryset: models.QuerySet[AuditEvent] | None = None) -> Iterator[dict[str, Any]]:
    """Entries in ``seq`` order as exported dicts, streamed in chunks (large logs)."""
    qs = AuditEvent.objects.all() if queryset is None else queryset
    for event in qs.order_by("seq").iterator(chunk_size=2000):
        yield entry_payload(event)


def verify_log(*, expected_head: str | None = None) -> ChainReport:
    """Verify the whole stored chain (see ``phieukin.audit.chain.verify_chain``)."""
    return verify_chain(iter_entries(), expected_head=expected_head)
