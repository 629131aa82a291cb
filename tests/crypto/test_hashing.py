from __future__ import annotations

import hashlib

from phieukin.crypto.hashing import digest32, hash_parts, hash_to_scalar


def test_it_length_prefixes_the_tag_and_every_part() -> None:
    expected = hashlib.sha512(
        (16).to_bytes(4, "big") + b"PHIEUKIN-v1-test" + (2).to_bytes(4, "big") + b"ab"
    ).digest()
    assert hash_parts("test", b"ab") == expected


def test_it_separates_domains_and_part_boundaries() -> None:
    assert hash_parts("a", b"xy") != hash_parts("b", b"xy")
    assert hash_parts("a", b"x", b"y") != hash_parts("a", b"xy")
    assert hash_parts("a", 1) == hash_parts("a", b"\x00\x00\x00\x01")
    assert hash_parts("a", "ế") == hash_parts("a", "ế".encode())


def test_it_reduces_wide_and_truncates() -> None:
    digest = hash_parts("t", b"1")
    assert hash_to_scalar("t", b"1").value == int.from_bytes(digest, "little") % (
        2**252 + 27742317777372353535851937790883648493
    )
    assert digest32("t", b"1") == digest[:32]
