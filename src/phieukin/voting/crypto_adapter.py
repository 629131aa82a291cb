"""The voting app's only door to ``phieukin.crypto`` and ``phieukin.record`` (DESIGN §3).

Every function here is a thin call into the core; nothing cryptographic is implemented in the
voting app. Keeping the calls in one module means a change of the core's API touches one file,
and the rest of the app works with plain dicts (the protocol's JSON payloads) and hex strings.
"""

from __future__ import annotations

from typing import Any

ZERO_HASH = "0" * 64


def canonical(obj: Any) -> bytes:
    """Canonical JSON bytes (protocol.md §3.1)."""
    from phieukin.crypto.canonical import canonical_bytes

    return canonical_bytes(obj)


def loads(data: bytes | str, *, max_bytes: int) -> Any:
    """Parse JSON strictly (no floats, no duplicate keys, bounded size); raises CryptoError."""
    from phieukin.crypto.canonical import loads as core_loads

    return core_loads(data, max_bytes=max_bytes)


def new_credentials(election_id: str, count: int) -> list[tuple[str, str]]:
    """``count`` fresh credentials as (printed code, public key hex) (protocol.md §6.4)."""
    from phieukin.crypto.credentials import generate_credentials

    return [(c.printed, c.public.hex()) for c in generate_credentials(election_id, count)]


def event_hash(seq: int, kind: str, prev: str, payload: dict[str, Any]) -> str:
    """``event_hash`` of protocol.md §6.2: D32("event", canonical(event without hash))."""
    from phieukin.crypto.hashing import digest32

    body = canonical({"payload": payload, "prev": prev, "seq": seq, "type": kind})
    return digest32("event", body).hex()
