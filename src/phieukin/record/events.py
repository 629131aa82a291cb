"""The election record: an append-only, hash-chained sequence of events (protocol.md §3.2, §6.2).

Pure builder API for the voting app: ``append_event(head, type, payload) -> Event`` returns the
next event (the app stores ``event.line()`` or the fields); ``event_hash`` recomputes a hash.
Export format: JSON Lines, one canonical event per line (``write_record`` / ``read_record``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from phieukin.crypto.canonical import MAX_BYTES, canonical_bytes, loads
from phieukin.crypto.errors import CryptoError, ErrorCode, InvalidSchema
from phieukin.crypto.hashing import digest32

GENESIS: Final = "00" * 32
EVENT_TYPES: Final = (
    "setup",
    "attendance",
    "dkg_commit",
    "dkg_reveal",
    "dkg_ack",
    "joint_key",
    "credentials",
    "ballot",
    "audited_ballot",
    "close",
    "encrypted_tally",
    "partial_decryption",
    "result",
)


class RecordError(CryptoError):
    """A record-level failure (chain, order, tally, result); carries the event ``seq`` if known."""

    def __init__(self, message: str, *, code: ErrorCode, seq: int | None = None) -> None:
        super().__init__(message, code=code)
        self.seq = seq


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    type: str
    prev: str  # hash of the previous event (GENESIS for seq 0)
    payload: dict[str, Any]
    hash: str

    def body(self) -> dict[str, Any]:
        return {"payload": self.payload, "prev": self.prev, "seq": self.seq, "type": self.type}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "hash": self.hash}

    def line(self) -> bytes:
        """The canonical JSON Lines encoding of this event (with the trailing newline)."""
        return canonical_bytes(self.to_json()) + b"\n"


def event_hash(seq: int, type_: str, prev: str, payload: dict[str, Any]) -> str:
    body = {"payload": payload, "prev": prev, "seq": seq, "type": type_}
    return digest32("event", canonical_bytes(body)).hex()


def append_event(head: Event | None, type_: str, payload: dict[str, Any]) -> Event:
    """The event that follows ``head`` (``None`` for the first). Pure: nothing is stored."""
    if type_ not in EVENT_TYPES:
        raise InvalidSchema(f"unknown event type {type_!r}")
    seq = 0 if head is None else head.seq + 1
    prev = GENESIS if head is None else head.hash
    return Event(seq, type_, prev, payload, event_hash(seq, type_, prev, payload))


_HASH_PREFIX: Final = b'{"hash":"'


def line_body_hash(line: bytes) -> str:
    """``event_hash`` straight from a canonical line: its body is the line minus the hash key.

    In canonical form ``hash`` is the first key, so ``{"hash":"<64 hex>",`` + rest and the body
    is ``{`` + rest; this saves re-serializing every payload during verification.
    """
    cut = len(_HASH_PREFIX) + 64 + 2
    if not line.startswith(_HASH_PREFIX) or line[cut - 2 : cut] != b'",':
        raise InvalidSchema("event line must start with its hash")
    return digest32("event", b"{" + line[cut:]).hex()


def parse_event(line: bytes) -> Event:
    """Decode one record line strictly (canonical bytes, exact keys); does not check the chain."""
    data = loads(line, canonical=True, max_bytes=MAX_BYTES)
    if not isinstance(data, dict) or set(data) != {"hash", "payload", "prev", "seq", "type"}:
        raise InvalidSchema("event must have exactly hash, payload, prev, seq, type")
    if type(data["seq"]) is not int or data["type"] not in EVENT_TYPES:
        raise InvalidSchema("event seq must be an integer and type a known event type")
    if not isinstance(data["payload"], dict):
        raise InvalidSchema("event payload must be an object")
    for key in ("hash", "prev"):
        value = data[key]
        if not isinstance(value, str) or len(value) != 64 or value.strip("0123456789abcdef"):
            raise InvalidSchema(f"event {key} must be 64 lowercase hex characters")
    return Event(data["seq"], data["type"], data["prev"], data["payload"], data["hash"])


def iter_lines(path: Path) -> Iterator[bytes]:
    """Lines of a record file without their newline (a missing final newline is an error)."""
    with path.open("rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                raise RecordError("record must end with a newline", code=ErrorCode.NON_CANONICAL)
            yield raw[:-1]


def write_record(events: Iterable[Event], path: Path) -> None:
    with path.open("wb") as handle:
        for event in events:
            handle.write(event.line())


def read_record(path: Path) -> list[Event]:
    return [parse_event(line) for line in iter_lines(path)]


def rebuild_chain(items: Iterable[tuple[str, dict[str, Any]]]) -> list[Event]:
    """Chain ``(type, payload)`` pairs from genesis (tests build tampered-but-linked records)."""
    events: list[Event] = []
    for type_, payload in items:
        events.append(append_event(events[-1] if events else None, type_, payload))
    return events
