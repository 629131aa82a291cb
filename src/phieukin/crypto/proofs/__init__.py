"""Zero-knowledge proofs (protocol.md §4): Schnorr, Chaum–Pedersen, disjunctive ranges."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from phieukin.crypto.errors import InvalidSchema
from phieukin.crypto.group import Scalar


@dataclass(frozen=True, slots=True)
class Proof:
    """A compact Fiat–Shamir proof: challenge ``c`` and response ``s`` (protocol.md §3.2)."""

    c: Scalar
    s: Scalar

    def to_json(self) -> dict[str, str]:
        return {"c": self.c.hex(), "s": self.s.hex()}

    @classmethod
    def from_json(cls, data: Any, what: str) -> Proof:
        if not isinstance(data, dict) or set(data) != {"c", "s"}:
            raise InvalidSchema(f"{what} must be an object with c and s")
        return cls(Scalar.from_hex(data["c"], f"{what}.c"), Scalar.from_hex(data["s"], f"{what}.s"))

    def __repr__(self) -> str:
        return "Proof(…)"


def proofs_from_json(data: Any, what: str, count: int) -> tuple[Proof, ...]:
    if not isinstance(data, list) or len(data) != count:
        raise InvalidSchema(f"{what} must be a list of {count} proofs")
    return tuple(Proof.from_json(item, f"{what}[{k}]") for k, item in enumerate(data))
