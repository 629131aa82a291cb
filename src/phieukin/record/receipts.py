"""A voter's signed receipt, checked against a record (protocol.md §4.9, audit item 12).

The server signs ``{election, seq, kind, event, ballot}`` when it appends a ballot; a record
that verifies but has no event ``event`` at position ``seq`` holding the ballot ``ballot`` is not
the record the server acknowledged: the receipt proves that it dropped or moved the ballot.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from phieukin.crypto.ballot import ballot_hash
from phieukin.crypto.errors import CryptoError, ErrorCode
from phieukin.crypto.signing import RECEIPT_KEYS, verify_receipt_signature
from phieukin.record.events import Event, parse_event
from phieukin.record.state import RecordState
from phieukin.record.verify import Failure

BALLOT_KINDS = ("ballot", "audited_ballot")


def _event(items: Sequence[Event | bytes], seq: int) -> Event | None:
    if not 0 <= seq < len(items):
        return None
    item = items[seq]
    try:
        return item if isinstance(item, Event) else parse_event(item)
    except CryptoError:
        return None


def _ballot_of(event: Event) -> dict[str, Any]:
    return event.payload["ballot"] if event.type == "audited_ballot" else event.payload


def _signed_problem(  # noqa: PLR0911 - one return per check, in the spec's order
    data: Any, state: RecordState
) -> tuple[ErrorCode, str] | None:
    """Schema, signature and election of a receipt, in this order (§4.9)."""
    if not isinstance(data, dict) or set(data) != RECEIPT_KEYS:
        return ErrorCode.INVALID_SCHEMA, f"a receipt has exactly {sorted(RECEIPT_KEYS)}"
    if type(data["seq"]) is not int or data["kind"] not in BALLOT_KINDS:
        return ErrorCode.INVALID_SCHEMA, "receipt seq must be an integer, kind a ballot kind"
    ctx = state.ctx
    if ctx is None or ctx.setup.server_key is None:
        return ErrorCode.INVALID_SCHEMA, "receipts exist only for v2 records with a key"
    try:
        signed = verify_receipt_signature(data, ctx.setup.server_key).ok
    except CryptoError as exc:
        return exc.code, exc.message
    if not signed:
        return ErrorCode.INVALID_SIGNATURE, "the receipt is not signed by this server key"
    if data["election"] != ctx.fingerprint.hex():
        return ErrorCode.WRONG_ELECTION, "the receipt is for another election"
    return None


def _holds(items: Sequence[Event | bytes], seq: int, data: dict[str, Any]) -> bool:
    event = _event(items, seq)
    return (
        event is not None
        and event.hash == data["event"]
        and event.type == data["kind"]
        and ballot_hash(_ballot_of(event)) == data["ballot"]
    )


def check_receipt(data: Any, items: Sequence[Event | bytes], state: RecordState) -> Failure | None:
    """``None`` if the record holds the receipt's ballot where the server said, else why not."""
    seq, kind = (data.get("seq"), data.get("kind")) if isinstance(data, dict) else (-1, "?")
    seq = seq if type(seq) is int else -1
    problem = _signed_problem(data, state)
    if problem is None:
        if _holds(items, seq, data):
            return None
        elsewhere = any(
            e is not None
            and e.type in BALLOT_KINDS
            and ballot_hash(_ballot_of(e)) == data["ballot"]
            for e in (_event(items, k) for k in range(len(items)))
        )
        reason = (
            "the acknowledged ballot is in the record, but not where the server signed it "
            "(the record was rewritten)"
            if elsewhere
            else "the acknowledged ballot is missing from the record (dropped)"
        )
        problem = ErrorCode.MISSING_BALLOT, reason
    return Failure(seq, str(kind or "?"), str(problem[0]), problem[1])
