"""Exponential ElGamal over ristretto255 (protocol.md §4.2).

``α = r·G``, ``β = m·G + r·Y``: additively homomorphic, so ciphertexts of 0/1 choices sum to an
encryption of the count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from phieukin.crypto.errors import InvalidSchema
from phieukin.crypto.group import IDENTITY, Element, Scalar, base_mul, precomputed, small_multiple
from phieukin.crypto.randomness import SYSTEM, RandomSource


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: Element  # α = r·G
    beta: Element  # β = m·G + r·Y

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def __sub__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha - other.alpha, self.beta - other.beta)

    def to_json(self) -> dict[str, str]:
        return {"alpha": self.alpha.hex(), "beta": self.beta.hex()}

    @classmethod
    def from_json(cls, data: Any, what: str, *, allow_identity: bool = False) -> Ciphertext:
        if not isinstance(data, dict) or set(data) != {"alpha", "beta"}:
            raise InvalidSchema(f"{what} must be an object with alpha and beta")
        return cls(
            Element.from_hex(data["alpha"], f"{what}.alpha", allow_identity=allow_identity),
            Element.from_hex(data["beta"], f"{what}.beta", allow_identity=allow_identity),
        )


ZERO_CIPHERTEXT = Ciphertext(IDENTITY, IDENTITY)


@dataclass(frozen=True, slots=True)
class KeyPair:
    secret: Scalar  # y
    public: Element  # Y = y·G

    def __repr__(self) -> str:
        return f"KeyPair(public={self.public!r})"


def keypair(rng: RandomSource = SYSTEM) -> KeyPair:
    secret = rng.scalar()
    return KeyPair(secret, base_mul(secret))


def encrypt(m: int, public_key: Element, nonce: Scalar) -> Ciphertext:
    """Encrypt ``m ≥ 0`` with the caller's nonce ``r`` (kept for proofs and audits)."""
    return Ciphertext(base_mul(nonce), small_multiple(m) + precomputed(public_key).mul(nonce))


def decrypt_to_element(ciphertext: Ciphertext, secret: Scalar) -> Element:
    """``m·G = β − y·α`` (the discrete log is taken by ``dlog``)."""
    return ciphertext.beta - secret * ciphertext.alpha


def sum_ciphertexts(ciphertexts: list[Ciphertext] | tuple[Ciphertext, ...]) -> Ciphertext:
    total = ZERO_CIPHERTEXT
    for ciphertext in ciphertexts:
        total = total + ciphertext
    return total
