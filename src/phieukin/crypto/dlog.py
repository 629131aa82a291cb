"""Discrete logarithm of small tallies by a precomputed table (protocol.md §6.5)."""

from __future__ import annotations

from phieukin.crypto.errors import CryptoError, ErrorCode
from phieukin.crypto.group import GENERATOR, IDENTITY, Element


class DlogTable:
    """``{m·G ↦ m}`` for ``0 ≤ m ≤ bound``, built by ``bound`` additions (≈ 11 µs each)."""

    def __init__(self, bound: int) -> None:
        self.bound = bound
        self._table: dict[bytes, int] = {}
        point = IDENTITY
        for m in range(bound + 1):
            self._table[point.data] = m
            point = point + GENERATOR

    def log(self, element: Element) -> int:
        try:
            return self._table[element.data]
        except KeyError:
            raise CryptoError(
                f"decrypted value is not in 0..{self.bound}", code=ErrorCode.RESULT_MISMATCH
            ) from None
