"""Encryption of DKG shares between trustees through the server (protocol.md §6.6).

Hashed ElGamal (DHIES) over ristretto255 with a SHA-512 KDF and encrypt-then-MAC with
HMAC-SHA512: only hashlib and libsodium, so the browser can do the same with @noble/hashes.
The share is exactly 32 bytes, so XOR with a fresh 32-byte key is a one-time pad.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from phieukin.crypto.errors import CryptoError, InvalidSchema, InvalidShare
from phieukin.crypto.group import Element, Scalar, base_mul, decode_hex32
from phieukin.crypto.hashing import hash_parts, u32
from phieukin.crypto.randomness import SYSTEM, RandomSource


def _keys(
    route: tuple[str, int, int], key: Element, eph: Element, shared: Element
) -> tuple[bytes, bytes]:
    k = hash_parts("share-kdf", *route, key, eph, shared)
    return k[:32], k[32:]


def _tag(mac_key: bytes, route: tuple[str, int, int], eph: Element, body: bytes) -> bytes:
    election_id, sender, recipient = route
    message = election_id.encode("utf-8") + u32(sender) + u32(recipient) + eph.data + body
    return hmac.new(mac_key, message, hashlib.sha512).digest()[:32]


def seal_share(
    share: Scalar,
    recipient_key: Element,
    *,
    election_id: str,
    sender: int,
    recipient: int,
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    e = rng.scalar()
    eph = base_mul(e)
    route = (election_id, sender, recipient)
    enc_key, mac_key = _keys(route, recipient_key, eph, e * recipient_key)
    body = bytes(x ^ y for x, y in zip(share.to_bytes(), enc_key, strict=True))
    tag = _tag(mac_key, route, eph, body)
    return {"to": recipient, "ephemeral": eph.hex(), "ciphertext": body.hex(), "tag": tag.hex()}


def open_share(
    box: dict[str, Any],
    recipient_secret: Scalar,
    *,
    election_id: str,
    sender: int,
    recipient: int,
) -> Scalar:
    """Decrypt a share addressed to us; ``InvalidShare`` names the sender, never the share."""
    if not isinstance(box, dict) or set(box) != {"to", "ephemeral", "ciphertext", "tag"}:
        raise InvalidSchema(f"share from trustee {sender} is malformed")
    eph = Element.from_hex(box["ephemeral"], "share.ephemeral")
    body = _hex32(box["ciphertext"], sender)
    tag = _hex32(box["tag"], sender)
    key = base_mul(recipient_secret)
    route = (election_id, sender, recipient)
    enc_key, mac_key = _keys(route, key, eph, recipient_secret * eph)
    if not hmac.compare_digest(tag, _tag(mac_key, route, eph, body)):
        raise InvalidShare(f"share from trustee {sender} fails its authentication tag")
    plain = bytes(x ^ y for x, y in zip(body, enc_key, strict=True))
    try:
        return Scalar.from_bytes(plain, "share")
    except CryptoError:
        raise InvalidShare(f"share from trustee {sender} is not a canonical scalar") from None


def _hex32(text: Any, sender: int) -> bytes:
    try:
        return decode_hex32(text, "share field")
    except CryptoError:
        raise InvalidShare(f"share from trustee {sender} has a malformed field") from None
