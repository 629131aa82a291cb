"""The election record: an append-only, hash-chained sequence of events (protocol.md §3.2, §6.2).

The one builder of record events: ``append_event(head, type, payload) -> Event`` returns the
next event after ``head`` (any object with ``seq`` and ``hash``, e.g. the voting app's stored
head row, or ``None`` for the first); the voting app stores ``event.line()``. ``event_hash``
recomputes a hash. Export format: JSON Lines, one canonical event per line (``write_record`` /
``read_record``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Protocol

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
    # PHIEUKIN-v2 (protocol.md §3.2)
    "chair_key",
    "dkg_check",
    "dkg_answer",
    "key_possession",
    "credentials_endorsement",
    # paper ballots of a hybrid poll (protocol.md §4.11), v2 only
    "paper_count",
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


class Head(Protocol):
    """What the next event needs of the previous one: its position and hash."""

    @property
    def seq(self) -> int: ...

    @property
    def hash(self) -> str: ...


def append_event(head: Head | None, type_: str, payload: dict[str, Any]) -> Event:
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


_PREV_KEY: Final = b',"prev":"'


def payload_bytes(line: bytes) -> bytes:
    """The canonical payload inside a canonical event line, without re-serializing it.

    The line is ``{"hash":…,"payload":<payload>,"prev":"<64 hex>","seq":N,"type":"…"}``; the tail
    after the payload holds no ``,"prev":"``, so the last occurrence marks its end.
    """
    start = len(_HASH_PREFIX) + 64 + 2 + len(b'"payload":')
    return line[start : line.rindex(_PREV_KEY)]


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


def split_record(data: bytes) -> tuple[list[bytes], bool]:
    """The lines of a record file's bytes, and whether the file ends with a newline (E1)."""
    if not data:
        return [], True
    ends = data.endswith(b"\n")
    lines = (data[:-1] if ends else data).split(b"\n")
    return lines, ends


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
