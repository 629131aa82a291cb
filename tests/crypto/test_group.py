from __future__ import annotations

import pytest
from hypothesis import given

from phieukin.crypto.errors import ErrorCode, InvalidEncoding, NonCanonical
from phieukin.crypto.group import GENERATOR, IDENTITY, Element, L, Scalar, base_mul
from tests.strategies import elements, scalars


def test_it_uses_the_rfc9496_generator() -> None:
    assert GENERATOR.hex() == "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"


@given(scalars(), scalars())
def test_it_is_a_group_homomorphism(a: Scalar, b: Scalar) -> None:
    assert base_mul(a + b) == base_mul(a) + base_mul(b)
    assert base_mul(a * b) == a * base_mul(b)
    assert base_mul(a - b) == base_mul(a) - base_mul(b)


@given(elements())
def test_it_round_trips_elements(point: Element) -> None:
    assert Element.from_hex(point.hex()) == point


def test_it_meets_the_identity_in_verification() -> None:
    assert (Scalar(0) * GENERATOR).is_identity
    assert (GENERATOR - GENERATOR) == IDENTITY
    assert base_mul(Scalar(0)) == IDENTITY
    assert Scalar(L - 1) * GENERATOR + GENERATOR == IDENTITY


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("00" * 32, InvalidEncoding),  # identity where forbidden
        ("ff" * 32, InvalidEncoding),  # not a point
        (GENERATOR.hex().upper(), InvalidEncoding),
        (GENERATOR.hex()[:62], InvalidEncoding),
        (GENERATOR.hex() + "00", InvalidEncoding),
        ("zz" + GENERATOR.hex()[2:], InvalidEncoding),
        ("E2" + GENERATOR.hex()[2:], InvalidEncoding),  # one uppercase digit
        ("e2 " + GENERATOR.hex()[3:], InvalidEncoding),  # bytes.fromhex skips spaces
        (" " + GENERATOR.hex()[:63], InvalidEncoding),
        ("\u0660" * 64, InvalidEncoding),  # non-ASCII digits
        (12, InvalidEncoding),
    ],
)
def test_it_rejects_bad_element_encodings(text: object, error: type[Exception]) -> None:
    with pytest.raises(error) as exc:
        Element.from_hex(text)
    assert exc.value.code == ErrorCode.INVALID_ENCODING


def test_it_allows_the_identity_only_when_asked() -> None:
    assert Element.from_hex("00" * 32, allow_identity=True).is_identity


def test_it_rejects_unreduced_scalars() -> None:
    with pytest.raises(NonCanonical):
        Scalar.from_hex(L.to_bytes(32, "little").hex())
    with pytest.raises(NonCanonical):
        Scalar(L)
    assert Scalar.from_hex((L - 1).to_bytes(32, "little").hex()).value == L - 1


def test_it_never_prints_a_scalar_value() -> None:
    assert "5" not in repr(Scalar(5))
