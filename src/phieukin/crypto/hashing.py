"""Domain-separated hashing (protocol.md §6.1).

``H(dst, p_1..p_k) = SHA-512(u32(len d) ‖ d ‖ u32(len p_1) ‖ p_1 ‖ …)``
with ``d = "PHIEUKIN-v1-" + dst``:
length prefixes make the encoding unambiguous, the tag keeps every use apart
(docs/architecture.md §3.8).
"""

from __future__ import annotations

import hashlib
from typing import Any, Final

from phieukin.crypto.group import Element, L, Scalar

DST_PREFIX: Final = "PHIEUKIN-v1-"

HashPart = bytes | Element | Scalar | int | str


def u32(n: int) -> bytes:
    if not 0 <= n < 2**32:
        raise ValueError("u32 out of range")
    return n.to_bytes(4, "big")


def _part_bytes(part: HashPart) -> bytes:
    if isinstance(part, Element):  # the most common part first
        return part.data
    if isinstance(part, bytes):
        return part
    if isinstance(part, Scalar):
        return part.to_bytes()
    if isinstance(part, bool):
        raise TypeError("booleans are not hash parts")
    if isinstance(part, int):
        return u32(part)
    return part.encode("utf-8")


_PREFIXES: dict[str, Any] = {}  # dst -> SHA-512 state after the tag (copied per hash)


def hash_parts(dst: str, *parts: HashPart) -> bytes:
    """The 64-byte ``H(dst, parts…)``."""
    prefix = _PREFIXES.get(dst)
    if prefix is None:
        tag = (DST_PREFIX + dst).encode("ascii")
        prefix = hashlib.sha512(len(tag).to_bytes(4, "big") + tag)
        if len(_PREFIXES) < 256:
            _PREFIXES[dst] = prefix
    h = prefix.copy()
    chunks = []
    for part in parts:
        data = _part_bytes(part)
        chunks.append(len(data).to_bytes(4, "big"))
        chunks.append(data)
    h.update(b"".join(chunks))
    return bytes(h.digest())


def hash_to_scalar(dst: str, *parts: HashPart) -> Scalar:
    """``H2S``: wide reduction of the 64-byte digest modulo ℓ."""
    return Scalar(int.from_bytes(hash_parts(dst, *parts), "little") % L)


def digest32(dst: str, *parts: HashPart) -> bytes:
    """``D32``: the first 32 bytes of ``H`` (record hashes, fingerprints, ballot hashes)."""
    return hash_parts(dst, *parts)[:32]
