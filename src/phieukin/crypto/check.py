"""Named verification results: a verifier says *which* condition failed.

See docs/architecture.md §3.8.
"""

from __future__ import annotations

from dataclasses import dataclass

from phieukin.crypto.errors import CryptoError, InvalidProof


@dataclass(frozen=True, slots=True)
class Check:
    """Outcome of one verifier: ``failed`` lists the names of the conditions that did not hold."""

    name: str
    failed: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.failed

    def __bool__(self) -> bool:
        return self.ok

    def require(self, error: type[CryptoError] = InvalidProof, where: str = "") -> None:
        """Raise ``error`` naming the failed conditions (public names only, never values)."""
        if self.failed:
            prefix = f"{where}: " if where else ""
            raise error(f"{prefix}{self.name} failed ({', '.join(self.failed)})")


def check(name: str, **conditions: bool) -> Check:
    return Check(name, tuple(key for key, held in conditions.items() if not held))
