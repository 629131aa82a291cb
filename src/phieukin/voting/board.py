"""The bulletin board: append-only, hash-chained events in the database (protocol.md §3.2, §6.2).

``append`` is the only writer. It must run inside the caller's transaction with the Ballot row
locked (``select_for_update``): the lock serializes appends per ballot, so ``seq`` and ``prev``
never fork, and a concurrent second ballot from one credential waits, then meets the unique
constraint or the policy check.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from phieukin.voting import crypto_adapter as cx
from phieukin.voting.models import Ballot, BoardEvent


def head(ballot: Ballot) -> BoardEvent | None:
    """The last event of the ballot's record (None before setup)."""
    return BoardEvent.objects.filter(ballot=ballot).order_by("-seq").first()


def head_hash(ballot: Ballot) -> str:
    last = head(ballot)
    return last.hash if last else ""


def append(
    ballot: Ballot,
    kind: str,
    payload: dict[str, Any],
    *,
    credential_key: str = "",
    tracking_code: str = "",
) -> BoardEvent:
    """Append one event after the current head. Precondition: Ballot row locked in a transaction."""
    assert transaction.get_connection().in_atomic_block, "board.append needs a transaction"
    last = head(ballot)
    seq = last.seq + 1 if last else 0
    prev = last.hash if last else cx.ZERO_HASH
    digest = cx.event_hash(seq, kind, prev, payload)
    line = cx.canonical(
        {"hash": digest, "payload": payload, "prev": prev, "seq": seq, "type": kind}
    )
    return BoardEvent.objects.create(
        ballot=ballot,
        seq=seq,
        kind=kind,
        body=line.decode("utf-8"),
        prev_hash=prev,
        hash=digest,
        credential_key=credential_key,
        tracking_code=tracking_code,
    )


def payloads(ballot: Ballot, kind: str) -> list[dict[str, Any]]:
    """The payloads of every event of ``kind``, in order."""
    import json

    rows = BoardEvent.objects.filter(ballot=ballot, kind=kind).order_by("seq")
    return [json.loads(body)["payload"] for body in rows.values_list("body", flat=True)]


def export_jsonl(ballot: Ballot) -> bytes:
    """The record file: one canonical event per line, in order (protocol.md §3.2)."""
    rows = BoardEvent.objects.filter(ballot=ballot).order_by("seq").values_list("body", flat=True)
    return b"".join(body.encode("utf-8") + b"\n" for body in rows.iterator())
