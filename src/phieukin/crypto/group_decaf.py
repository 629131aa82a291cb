"""ristretto255 over libdecaf (Debian's ``libdecaf0``, 1.0.2), through ctypes: the fast backend.

libdecaf's ``decaf_255`` API is ristretto255 (RFC 9496; checked against its vectors by
tests/crypto/test_group_backends.py). What it adds over libsodium's API, and why it is used:

- points stay decoded (``decaf_255_point_t``, extended coordinates) between operations, so an
  addition costs ≈ 0.1 µs instead of a decode + add + encode (≈ 13 µs in libsodium);
- ``decaf_255_base_double_scalarmul_non_secret``: ``s·G + c·Q`` as one variable-time operation,
  for verification equations whose scalars are all public;
- ``decaf_255_point_double_scalarmul``: ``a·P + b·Q`` as one constant-time operation;
- precomputed tables (``decaf_255_precomputed_base`` for G, ``decaf_255_precompute`` for the
  election's joint key), constant time.

Secret scalars only ever reach the constant-time calls (``mul``, ``base``, ``double``,
``table_mul``); ``base_double_public`` is for proof verification only.

libdecaf 1.0.2 bug guarded here: ``decaf_255_base_double_scalarmul_non_secret`` returns the
identity when the second scalar is zero (``s·G + 0·Q`` gives ``0`` instead of ``s·G``); a zero
scalar on either side is sent to a single multiplication instead
(test: ``test_base_double_with_a_zero_scalar``).

Layout facts relied on, each checked when the library is loaded (``_self_check``): a
``decaf_255_point_t`` fits in 256 bytes (4 coordinates of 5 64-bit limbs, each aligned to 32
bytes); a reduced scalar's ``decaf_255_scalar_t`` is its 32-byte little-endian encoding (64-bit
little-endian limbs), so scalars are passed as bytes without a decode call. The Debian build
uses no AVX, so the 16-byte alignment of Python's buffers meets every aligned load it makes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Final

NAME: Final = "decaf"
POINT_BYTES: Final = 32
NATIVE_BYTES: Final = 256  # sizeof(decaf_255_point_t)
_TRUE: Final = 0xFFFFFFFFFFFFFFFF  # DECAF_TRUE (decaf_bool_t is 64 bits on x86-64)
_SUCCESS: Final = -1  # DECAF_SUCCESS
_ZERO: Final = bytes(32)
_GENERATOR: Final = bytes.fromhex(
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
)


class UnavailableError(ImportError):
    """libdecaf is absent or fails its load-time checks (``group.py`` then uses libsodium)."""


Native = ctypes.Array[ctypes.c_char]  # a decaf_255_point_t


class Table:
    """A ``decaf_255_precomputed_s`` (9 KiB), aligned as libdecaf asks."""

    __slots__ = ("_buffer", "pointer")

    def __init__(self, buffer: ctypes.Array[ctypes.c_char] | None, pointer: int) -> None:
        self._buffer = buffer  # keeps the memory alive
        self.pointer = ctypes.c_void_p(pointer)


def _load() -> ctypes.CDLL:
    names = [ctypes.util.find_library("decaf"), "libdecaf.so.0", "libdecaf.so"]
    for name in names:
        if not name:
            continue
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    raise UnavailableError("libdecaf not found (Debian: apt-get install libdecaf0)")


_lib = _load()
try:
    _decode_c = _lib.decaf_255_point_decode
    _encode_c = _lib.decaf_255_point_encode
    _add_c = _lib.decaf_255_point_add
    _sub_c = _lib.decaf_255_point_sub
    _eq_c = _lib.decaf_255_point_eq
    _mul_c = _lib.decaf_255_point_scalarmul
    _table_mul_c = _lib.decaf_255_precomputed_scalarmul
    _double_c = _lib.decaf_255_point_double_scalarmul
    _base_double_c = _lib.decaf_255_base_double_scalarmul_non_secret
    _precompute_c = _lib.decaf_255_precompute
    _scalar_decode_c = _lib.decaf_255_scalar_decode
    _from_uniform_c = _lib.decaf_255_point_from_hash_uniform
    _BASE_TABLE = Table(None, ctypes.c_void_p.in_dll(_lib, "decaf_255_precomputed_base").value or 0)
    _TABLE_SIZE = ctypes.c_size_t.in_dll(_lib, "decaf_255_sizeof_precomputed_s").value
    _TABLE_ALIGN = ctypes.c_size_t.in_dll(_lib, "decaf_255_alignof_precomputed_s").value
except (AttributeError, ValueError) as exc:
    raise UnavailableError(f"libdecaf lacks the decaf_255 API: {exc}") from exc

# No argtypes: every argument is a ctypes buffer, a bytes object (both passed as pointers) or
# a c_uint64 / c_void_p instance, and ctypes' own conversion is ≈ 0.3 µs cheaper per call than
# argtypes checking (about 60 calls per ballot). Return types are set.
for _f in (_encode_c, _add_c, _sub_c, _mul_c, _table_mul_c, _double_c, _base_double_c):
    _f.restype = None
for _f in (_precompute_c, _from_uniform_c):
    _f.restype = None
_decode_c.restype = ctypes.c_int
_scalar_decode_c.restype = ctypes.c_int
_eq_c.restype = ctypes.c_uint64
_FALSE_C = ctypes.c_uint64(0)
_TRUE_C = ctypes.c_uint64(_TRUE)

_new = ctypes.c_char * NATIVE_BYTES  # a fresh point buffer: _new()
_new32 = ctypes.c_char * POINT_BYTES


def decode(data: bytes) -> Native | None:
    """The decoded point if ``data`` is a canonical, non-identity encoding, else ``None``."""
    out = _new()
    return out if _decode_c(out, data, _FALSE_C) == _SUCCESS else None


def trusted(data: bytes) -> Native:
    """Decode an encoding known to be valid (identity allowed); ``ValueError`` if it is not."""
    out = _new()
    if _decode_c(out, data, _TRUE_C) != _SUCCESS:
        raise ValueError("not a ristretto255 encoding")
    return out


def encode(point: Native) -> bytes:
    out = _new32()
    _encode_c(out, point)
    return out.raw


def add(a: Native, b: Native) -> Native:
    out = _new()
    _add_c(out, a, b)
    return out


def sub(a: Native, b: Native) -> Native:
    out = _new()
    _sub_c(out, a, b)
    return out


def mul(scalar: bytes, point: Native) -> Native:
    """``scalar · point``, constant time."""
    out = _new()
    _mul_c(out, point, scalar)
    return out


def base(scalar: bytes) -> Native:
    """``scalar · G`` from libdecaf's precomputed table for G, constant time."""
    out = _new()
    _table_mul_c(out, _BASE_TABLE.pointer, scalar)
    return out


def base_double_public(s: bytes, c: bytes, point: Native) -> Native:
    """``s · G + c · point`` in one variable-time operation: PUBLIC scalars only.

    A zero scalar goes to a single multiplication (libdecaf 1.0.2 returns the identity for
    ``c = 0``; see the module docstring).
    """
    if c == _ZERO:
        return base(s)
    if s == _ZERO:
        return mul(c, point)
    out = _new()
    _base_double_c(out, s, point, c)
    return out


def base_double_unguarded(s: bytes, c: bytes, point: Native) -> Native:
    """The raw libdecaf call, without the zero guard (only for the test that shows the bug)."""
    out = _new()
    _base_double_c(out, s, point, c)
    return out


def double(a: bytes, p: Native, b: bytes, q: Native) -> Native:
    """``a · p + b · q`` in one constant-time operation."""
    out = _new()
    _double_c(out, p, a, q, b)
    return out


def precompute(point: Native) -> Table:
    buffer = ctypes.create_string_buffer(_TABLE_SIZE + _TABLE_ALIGN)
    address = ctypes.addressof(buffer)
    table = Table(buffer, address + (-address) % _TABLE_ALIGN)
    _precompute_c(table.pointer, point)
    return table


def table_mul(table: Table, scalar: bytes) -> Native:
    """``scalar · P`` from ``P``'s precomputed table, constant time."""
    out = _new()
    _table_mul_c(out, table.pointer, scalar)
    return out


def from_uniform(data: bytes) -> Native:
    """RFC 9496's one-way map of 64 uniform bytes (only for the RFC's vectors: not used)."""
    out = _new()
    _from_uniform_c(out, data)
    return out


def equal(a: Native, b: Native) -> bool:
    return bool(_eq_c(a, b))


def _self_check() -> None:
    """The layout facts of the module docstring, and G's encoding, on this very library."""
    sentinel = b"\xa5" * NATIVE_BYTES
    probe = ctypes.create_string_buffer(sentinel + sentinel, 2 * NATIVE_BYTES)
    generator = trusted(_GENERATOR)
    _add_c(probe, generator, generator)
    if probe.raw[NATIVE_BYTES:] != sentinel:
        raise UnavailableError("libdecaf's decaf_255_point_t is larger than 256 bytes")
    if encode(base(b"\x01" + bytes(31))) != _GENERATOR:
        raise UnavailableError("libdecaf's decaf_255 generator is not ristretto255's")
    for value in (1, 2**64 + 3, 2**252 + 27742317777372353535851937790883648492):
        data = value.to_bytes(32, "little")
        decoded = _new32()
        if _scalar_decode_c(decoded, data) != _SUCCESS or decoded.raw != data:
            raise UnavailableError("libdecaf's scalar layout is not the little-endian encoding")
    if ctypes.addressof(_new()) % 16:
        raise UnavailableError("Python's buffers are not 16-byte aligned here")


_self_check()
