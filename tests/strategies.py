"""Hypothesis strategies for the crypto core (docs/architecture.md §3.10)."""

from __future__ import annotations

from hypothesis import strategies as st

from phieukin.crypto.elgamal import KeyPair
from phieukin.crypto.group import Element, L, Scalar, base_mul


def scalars() -> st.SearchStrategy[Scalar]:
    return st.integers(min_value=0, max_value=L - 1).map(Scalar)


def nonzero_scalars() -> st.SearchStrategy[Scalar]:
    return st.integers(min_value=1, max_value=L - 1).map(Scalar)


def elements() -> st.SearchStrategy[Element]:
    return nonzero_scalars().map(base_mul)


def keypairs() -> st.SearchStrategy[KeyPair]:
    return nonzero_scalars().map(lambda s: KeyPair(s, base_mul(s)))


def bit_positions(length: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=length * 8 - 1)


def flip_bit(data: bytes, position: int) -> bytes:
    out = bytearray(data)
    out[position // 8] ^= 1 << (position % 8)
    return bytes(out)
