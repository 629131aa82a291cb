"""The bulletin board: append-only, hash-chained events in the database (protocol.md §3.2, §6.2).

``append`` is the only writer, and it builds each event with the record's one builder
(``phieukin.record.events.append_event``: its genesis constant, its event-type check). It must
run inside the caller's transaction with the Ballot row locked (``select_for_update``): the lock
serializes appends per ballot, so ``seq`` and ``prev`` never fork, and a concurrent second
ballot from one credential waits, then meets the unique constraint or the policy check.
"""

from __future__ import annotations

import json
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
    event = cx.next_event(head(ballot), kind, payload)
    return BoardEvent.objects.create(
        ballot=ballot,
        seq=event.seq,
        kind=event.type,
        body=event.line()[:-1].decode("utf-8"),
        prev_hash=event.prev,
        hash=event.hash,
        credential_key=credential_key,
        tracking_code=tracking_code,
    )


def lines(ballot: Ballot) -> list[bytes]:
    """The record's canonical lines, in order (what the verifier reads)."""
    rows = BoardEvent.objects.filter(ballot=ballot).order_by("seq").values_list("body", flat=True)
    return [body.encode("utf-8") for body in rows.iterator()]


def check_next(ballot: Ballot, kind: str, payload: Any) -> Any:
    """Refuse (``CoreRejection``) what the verifier would refuse as the board's next event."""
    return cx.check_next_event(lines(ballot), kind, payload)


def payloads(ballot: Ballot, kind: str) -> list[dict[str, Any]]:
    """The payloads of every event of ``kind``, in order."""
    rows = BoardEvent.objects.filter(ballot=ballot, kind=kind).order_by("seq")
    return [json.loads(body)["payload"] for body in rows.values_list("body", flat=True)]


def one(ballot: Ballot, kind: str) -> tuple[dict[str, Any], str] | None:
    """The payload and hash of the (last) event of ``kind``, or None."""
    row = BoardEvent.objects.filter(ballot=ballot, kind=kind).order_by("-seq").first()
    return None if row is None else (json.loads(row.body)["payload"], row.hash)


def export_jsonl(ballot: Ballot) -> bytes:
    """The record file: one canonical event per line, in order (protocol.md §3.2)."""
    return b"".join(line + b"\n" for line in lines(ballot))
