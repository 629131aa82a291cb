"""The ristretto255 group (protocol.md §5, §3.1): typed scalars and elements over libsodium.

Group arithmetic is libsodium's, reached through ``rbcl``. Two hot operations call rbcl's loaded
libsodium (``rbcl._sodium``) directly: rbcl's ``crypto_scalarmult_ristretto255_allow_scalar_zero``
re-validates its point on every call (≈ 3.5 µs, about 30 calls per ballot), while an
``Element`` is validated once, when it is decoded. Both direct calls write the identity (all
zero bytes) when libsodium returns -1 for an identity result, which verification equations may
legitimately meet. Scalar arithmetic modulo ℓ uses Python integers (exact, and cheaper than a
ctypes round trip); secret scalars only ever enter libsodium's constant-time multiplication.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import rbcl
from rbcl import _sodium

from phieukin.crypto.errors import InvalidEncoding, NonCanonical

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


@dataclass(frozen=True, slots=True)
class Element:
    """A ristretto255 group element in its canonical 32-byte encoding (spec: capital letters)."""

    data: bytes

    def __post_init__(self) -> None:
        if len(self.data) != ELEMENT_BYTES:
            raise InvalidEncoding("element must be 32 bytes")

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
        if _sodium.crypto_core_ristretto255_is_valid_point(data) != 1:
            raise InvalidEncoding(f"{what} is not a valid ristretto255 encoding")
        return cls(data)

    @classmethod
    def from_hex(
        cls, text: object, what: str = "element", *, allow_identity: bool = False
    ) -> Element:
        return cls.from_bytes(decode_hex32(text, what), what, allow_identity=allow_identity)

    def hex(self) -> str:
        return self.data.hex()

    @property
    def is_identity(self) -> bool:
        return self.data == IDENTITY_BYTES

    def __add__(self, other: Element) -> Element:
        out = ctypes.create_string_buffer(ELEMENT_BYTES)
        _sodium.crypto_core_ristretto255_add(out, self.data, other.data)
        return Element(out.raw)

    def __sub__(self, other: Element) -> Element:
        out = ctypes.create_string_buffer(ELEMENT_BYTES)
        _sodium.crypto_core_ristretto255_sub(out, self.data, other.data)
        return Element(out.raw)

    def __rmul__(self, scalar: Scalar) -> Element:
        """``scalar * element``: variable-base multiplication (identity result allowed)."""
        out = ctypes.create_string_buffer(ELEMENT_BYTES)
        _sodium.crypto_scalarmult_ristretto255(out, scalar.to_bytes(), self.data)
        return Element(out.raw)

    def __repr__(self) -> str:
        return f"Element({self.data.hex()[:16]}…)"


IDENTITY_BYTES: Final = bytes(ELEMENT_BYTES)
IDENTITY: Final = Element(IDENTITY_BYTES)


def base_mul(scalar: Scalar) -> Element:
    """``scalar · G`` by libsodium's fixed-base multiplication (≈ 3× cheaper than variable base)."""
    out = ctypes.create_string_buffer(ELEMENT_BYTES)
    _sodium.crypto_scalarmult_ristretto255_base(out, scalar.to_bytes())
    return Element(out.raw)


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
