"""The ristretto255 group (protocol.md §5, §3.1): typed scalars and elements over a kept library.

Two backends, same results byte for byte (tests/crypto/test_group_backends.py runs both):

- ``group_decaf`` (libdecaf, Debian's ``libdecaf0``): points kept decoded between operations,
  ``s·G + c·Q`` and ``a·P + b·Q`` as one operation, precomputed tables for G and the joint key;
- ``group_sodium`` (libsodium through rbcl): the fallback when libdecaf is absent.

``PHIEUKIN_GROUP=sodium`` forces the fallback, ``PHIEUKIN_GROUP=decaf`` requires libdecaf;
unset, libdecaf is used when it loads and passes its checks. ``BACKEND`` names the one in use.
Scalar arithmetic modulo ℓ uses Python integers (exact, and cheaper than a ctypes round trip);
secret scalars only ever enter a backend's constant-time multiplication (``*``, ``base_mul``,
``double_mul``, ``Precomputed.mul``); ``base_double_mul_public`` is for verification only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any, Final

import rbcl

from phieukin.crypto.errors import InvalidEncoding, NonCanonical


def _choose_backend() -> ModuleType:
    wanted = os.environ.get("PHIEUKIN_GROUP", "")
    if wanted not in ("", "decaf", "sodium"):
        raise ImportError(f"PHIEUKIN_GROUP must be decaf or sodium, not {wanted!r}")
    if wanted != "sodium":
        try:
            from phieukin.crypto import group_decaf

            return group_decaf
        except ImportError:
            if wanted == "decaf":
                raise
    from phieukin.crypto import group_sodium

    return group_sodium


_b = _choose_backend()
BACKEND: Final[str] = _b.NAME
_Native = Any  # the backend's point: a decoded libdecaf point or a libsodium encoding
_decode, _encode, _add, _sub, _mul = _b.decode, _b.encode, _b.add, _b.sub, _b.mul
_base, _base_double, _double, _table_mul = _b.base, _b.base_double_public, _b.double, _b.table_mul

L: Final = 2**252 + 27742317777372353535851937790883648493
"""ℓ, the order of ristretto255."""

ELEMENT_BYTES: Final = 32
SCALAR_BYTES: Final = 32


def decode_hex32(text: object, what: str) -> bytes:
    """Decode exactly 64 lowercase hex characters (the only accepted spelling, protocol.md §3.1)."""
    if not isinstance(text, str):
        raise InvalidEncoding(f"{what} must be a hex string")
    if len(text) != 64:
        raise InvalidEncoding(f"{what} must be 64 hex characters, got {len(text)}")
    # Decode, then re-encode: equal iff the text was exactly 64 lowercase hex digits (fromhex
    # alone would accept uppercase and spaces). Cheaper than a character-set test (hot path).
    try:
        data = bytes.fromhex(text)
    except ValueError:
        data = b""
    if data.hex() != text:
        raise InvalidEncoding(f"{what} must be lowercase hex")
    return data


@dataclass(frozen=True, slots=True)
class Scalar:
    """An integer modulo ℓ (spec: lowercase letters)."""

    value: int

    def __post_init__(self) -> None:
        if not 0 <= self.value < L:
            raise NonCanonical("scalar out of range")

    @classmethod
    def reduce(cls, value: int) -> Scalar:
        return cls(value % L)

    @classmethod
    def from_bytes(cls, data: bytes, what: str = "scalar") -> Scalar:
        if len(data) != SCALAR_BYTES:
            raise InvalidEncoding(f"{what} must be {SCALAR_BYTES} bytes")
        value = int.from_bytes(data, "little")
        if value >= L:
            raise NonCanonical(f"{what} is not reduced modulo the group order")
        return cls(value)

    @classmethod
    def from_hex(cls, text: object, what: str = "scalar") -> Scalar:
        return cls.from_bytes(decode_hex32(text, what), what)

    def to_bytes(self) -> bytes:
        return self.value.to_bytes(SCALAR_BYTES, "little")

    def hex(self) -> str:
        return self.to_bytes().hex()

    def __add__(self, other: Scalar) -> Scalar:
        return Scalar((self.value + other.value) % L)

    def __sub__(self, other: Scalar) -> Scalar:
        return Scalar((self.value - other.value) % L)

    def __mul__(self, other: Scalar) -> Scalar:
        if not isinstance(other, Scalar):
            return NotImplemented  # ``scalar * element`` is Element.__rmul__
        return Scalar((self.value * other.value) % L)

    def __neg__(self) -> Scalar:
        return Scalar(-self.value % L)

    def inverse(self) -> Scalar:
        if self.value == 0:
            raise ValueError("zero has no inverse")
        return Scalar(pow(self.value, -1, L))

    def __repr__(self) -> str:
        # Scalars may be secrets: never print their value (docs/architecture.md §3.8).
        return "Scalar(<hidden>)"


class Element:
    """A ristretto255 group element (spec: capital letters), immutable.

    Holds the backend's native point (libdecaf: decoded, extended coordinates; libsodium: the
    encoding) and its canonical 32-byte encoding, computed when first asked for (``data``).
    ``Element(data)`` trusts ``data`` (internal values); input goes through ``from_bytes``.
    """

    __slots__ = ("_enc", "_p")

    def __init__(self, data: bytes) -> None:
        if len(data) != ELEMENT_BYTES:
            raise InvalidEncoding("element must be 32 bytes")
        self._p = _b.trusted(data)
        self._enc: bytes | None = data

    @classmethod
    def from_bytes(
        cls, data: bytes, what: str = "element", *, allow_identity: bool = False
    ) -> Element:
        """Decode and validate (RFC 9496 canonical encoding; identity only when allowed)."""
        if len(data) != ELEMENT_BYTES:
            raise InvalidEncoding(f"{what} must be {ELEMENT_BYTES} bytes")
        if data == IDENTITY_BYTES:
            if allow_identity:
                return IDENTITY
            raise InvalidEncoding(f"{what} is the identity element")
        point = _decode(data)
        if point is None:
            raise InvalidEncoding(f"{what} is not a valid ristretto255 encoding")
        element = _new_element(Element)
        element._p, element._enc = point, data
        return element

    @classmethod
    def from_hex(
        cls, text: object, what: str = "element", *, allow_identity: bool = False
    ) -> Element:
        return cls.from_bytes(decode_hex32(text, what), what, allow_identity=allow_identity)

    @property
    def data(self) -> bytes:
        """The canonical 32-byte encoding."""
        enc = self._enc
        if enc is None:
            enc = self._enc = _encode(self._p)
        return enc

    def hex(self) -> str:
        return self.data.hex()

    @property
    def is_identity(self) -> bool:
        return self.data == IDENTITY_BYTES

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element):
            return NotImplemented
        return self.data == other.data

    def __hash__(self) -> int:
        return hash(self.data)

    def __reduce__(self) -> tuple[type[Element], tuple[bytes]]:
        return (Element, (self.data,))

    def __add__(self, other: Element) -> Element:
        return _wrap(_add(self._p, other._p))

    def __sub__(self, other: Element) -> Element:
        return _wrap(_sub(self._p, other._p))

    def __rmul__(self, scalar: Scalar) -> Element:
        """``scalar * element``: constant-time variable-base multiplication (identity allowed)."""
        return _wrap(_mul(scalar.value.to_bytes(32, "little"), self._p))

    def __repr__(self) -> str:
        return f"Element({self.data.hex()[:16]}…)"


_new_element = object.__new__


def _wrap(point: _Native) -> Element:
    element = _new_element(Element)
    element._p, element._enc = point, None
    return element


IDENTITY_BYTES: Final = bytes(ELEMENT_BYTES)
IDENTITY: Final = Element(IDENTITY_BYTES)


def base_mul(scalar: Scalar) -> Element:
    """``scalar · G``, constant time (libdecaf's precomputed table; libsodium's fixed base)."""
    return _wrap(_base(scalar.value.to_bytes(32, "little")))


def base_double_mul_public(s: Scalar, c: Scalar, point: Element) -> Element:
    """``s · G + c · point`` as one operation where the backend has it (libdecaf, variable
    time): for verification equations, whose scalars are PUBLIC. Never pass a secret here."""
    return _wrap(
        _base_double(s.value.to_bytes(32, "little"), c.value.to_bytes(32, "little"), point._p)
    )


def double_mul(a: Scalar, p: Element, b: Scalar, q: Element) -> Element:
    """``a · p + b · q``, constant time (one libdecaf operation; three libsodium calls)."""
    return _wrap(
        _double(a.value.to_bytes(32, "little"), p._p, b.value.to_bytes(32, "little"), q._p)
    )


class Precomputed:
    """A point with a precomputed table (libdecaf; libsodium: the point itself), for a point
    multiplied by many scalars: the election's joint key ``Y``. Constant time."""

    __slots__ = ("_table", "element")

    def __init__(self, element: Element) -> None:
        self.element = element
        self._table = _b.precompute(element._p)

    def mul(self, scalar: Scalar) -> Element:
        return _wrap(_table_mul(self._table, scalar.value.to_bytes(32, "little")))


@lru_cache(maxsize=16)
def precomputed(element: Element) -> Precomputed:
    """The table of ``element`` (cached: a joint key is used by every ballot)."""
    return Precomputed(element)


GENERATOR: Final = base_mul(Scalar(1))


@lru_cache(maxsize=4096)
def small_multiple(m: int) -> Element:
    """``m · G`` for small non-negative ``m`` (plaintexts and proof branches), cached."""
    return base_mul(Scalar.reduce(m))


def random_scalar() -> Scalar:
    """A uniform scalar from 64 bytes of libsodium randomness, reduced wide (protocol.md §3)."""
    return Scalar(int.from_bytes(rbcl.randombytes(64), "little") % L)


def sum_elements(elements: list[Element] | tuple[Element, ...]) -> Element:
    total = IDENTITY
    for element in elements:
        total = total + element
    return total
