"""Randomness sources (docs/architecture.md §3.8).

Production code uses ``SYSTEM`` (libsodium's CSPRNG, wide-reduced). ``SeededRandom`` exists only
for the test-vector generator and the election simulator, where reproducibility is the point; no
production path ever constructs one.
"""

from __future__ import annotations

import hashlib
from typing import Protocol

from phieukin.crypto.group import L, Scalar, random_scalar


class RandomSource(Protocol):
    def scalar(self) -> Scalar: ...

    def token(self, n: int) -> bytes: ...


class SystemRandom:
    """libsodium ``randombytes`` (via rbcl)."""

    def scalar(self) -> Scalar:
        return random_scalar()

    def token(self, n: int) -> bytes:
        import rbcl

        out: bytes = rbcl.randombytes(n)  # rbcl has no type hints
        return out


class SeededRandom:
    """Deterministic SHA-512 counter stream: FOR TESTS, VECTORS AND SIMULATION ONLY."""

    def __init__(self, seed: bytes | str) -> None:
        self._seed = seed.encode() if isinstance(seed, str) else seed
        self._counter = 0

    def token(self, n: int) -> bytes:
        out = b""
        while len(out) < n:
            block = self._seed + self._counter.to_bytes(8, "big")
            out += hashlib.sha512(b"PHIEUKIN-v1-test-rng" + block).digest()
            self._counter += 1
        return out[:n]

    def scalar(self) -> Scalar:
        return Scalar(int.from_bytes(self.token(64), "little") % L)


SYSTEM = SystemRandom()
