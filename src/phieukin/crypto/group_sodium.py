"""ristretto255 over libsodium (through ``rbcl``): the fallback backend of ``group.py``.

A point is kept as its canonical 32-byte encoding, which is what libsodium's ristretto255 API
takes and returns, so every operation decodes and re-encodes inside libsodium. Two hot calls go
to rbcl's loaded libsodium (``rbcl._sodium``) directly: rbcl's
``crypto_scalarmult_ristretto255_allow_scalar_zero`` re-validates its point on every call, while
``group.Element`` validates once, when it is decoded. Both direct calls write the identity (all
zero bytes) when libsodium returns -1 for an identity result, which verification equations may
legitimately meet.

Scalars are 32-byte little-endian encodings, already reduced modulo ℓ (``group.Scalar``).
Every multiplication here is libsodium's constant-time one, so the "public" entry points are
the secret ones under another name.
"""

from __future__ import annotations

import ctypes
from typing import Final

from rbcl import _sodium

NAME: Final = "sodium"
POINT_BYTES: Final = 32
_IDENTITY: Final = bytes(POINT_BYTES)

_new = ctypes.c_char * POINT_BYTES  # an output buffer (cheaper than create_string_buffer)
Native = bytes  # the canonical encoding
Table = bytes  # libsodium has no precomputation: the "table" is the point itself


def decode(data: bytes) -> Native | None:
    """``data`` if it is a canonical, non-identity encoding, else ``None``."""
    if data == _IDENTITY or _sodium.crypto_core_ristretto255_is_valid_point(data) != 1:
        return None
    return data


def trusted(data: bytes) -> Native:
    """An encoding known to be valid (identity allowed); ``ValueError`` if it is not."""
    if data != _IDENTITY and _sodium.crypto_core_ristretto255_is_valid_point(data) != 1:
        raise ValueError("not a ristretto255 encoding")
    return data


def encode(point: Native) -> bytes:
    return point


def add(a: Native, b: Native) -> Native:
    out = _new()
    _sodium.crypto_core_ristretto255_add(out, a, b)
    return out.raw


def sub(a: Native, b: Native) -> Native:
    out = _new()
    _sodium.crypto_core_ristretto255_sub(out, a, b)
    return out.raw


def mul(scalar: bytes, point: Native) -> Native:
    """``scalar · point``, constant time."""
    out = _new()
    _sodium.crypto_scalarmult_ristretto255(out, scalar, point)
    return out.raw


def base(scalar: bytes) -> Native:
    """``scalar · G``, constant time."""
    out = _new()
    _sodium.crypto_scalarmult_ristretto255_base(out, scalar)
    return out.raw


def base_double_public(s: bytes, c: bytes, point: Native) -> Native:
    """``s · G + c · point`` for public scalars (here: three libsodium calls)."""
    return add(base(s), mul(c, point))


def double(a: bytes, p: Native, b: bytes, q: Native) -> Native:
    """``a · p + b · q`` (here: three libsodium calls, constant time)."""
    return add(mul(a, p), mul(b, q))


def precompute(point: Native) -> Table:
    return point


def table_mul(table: Table, scalar: bytes) -> Native:
    return mul(scalar, table)


def from_uniform(data: bytes) -> Native:
    """RFC 9496's one-way map of 64 uniform bytes (only for the RFC's vectors: not used)."""
    out = _new()
    _sodium.crypto_core_ristretto255_from_hash(out, data)
    return out.raw


def equal(a: Native, b: Native) -> bool:
    return a == b
