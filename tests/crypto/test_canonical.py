from __future__ import annotations

import pytest

from phieukin.crypto.canonical import canonical_bytes, loads
from phieukin.crypto.errors import CryptoError, ErrorCode, InvalidEncoding, NonCanonical, TooLarge


def test_it_sorts_keys_and_drops_whitespace() -> None:
    data = {"b": [1, "Phiếu trắng", True, None], "a": {"z": -3, "c": 'x\n"\\'}}
    assert canonical_bytes(data) == (
        '{"a":{"c":"x\\n\\"\\\\","z":-3},"b":[1,"Phiếu trắng",true,null]}'.encode()
    )


def test_it_escapes_control_characters_in_lowercase() -> None:
    assert canonical_bytes("\x01\x1f") == b'"\\u0001\\u001f"'


@pytest.mark.parametrize(
    "value", [1.5, {"A": 1}, {"a b": 1}, 2**53, float("nan"), "\ud800", {1: 2}, object()]
)
def test_it_refuses_what_canonical_json_cannot_hold(value: object) -> None:
    with pytest.raises(InvalidEncoding):
        canonical_bytes(value)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b'{"a":1,"a":2}', ErrorCode.INVALID_ENCODING),
        (b'{"a":1.0}', ErrorCode.INVALID_ENCODING),
        (b'{"a":NaN}', ErrorCode.INVALID_ENCODING),
        (b"\xff", ErrorCode.INVALID_ENCODING),
        (b'{"a":', ErrorCode.INVALID_ENCODING),
        (b"[" * 40 + b"]" * 40, ErrorCode.TOO_LARGE),
    ],
)
def test_it_rejects_malformed_json_with_a_code(raw: bytes, code: ErrorCode) -> None:
    with pytest.raises(CryptoError) as exc:
        loads(raw)
    assert exc.value.code == code


def test_it_rejects_huge_input_before_parsing() -> None:
    with pytest.raises(TooLarge):
        loads(b"[" + b"1," * 600_000 + b"1]")


def test_it_requires_canonical_bytes_when_asked() -> None:
    assert loads(b'{"a":1,"b":2}', canonical=True) == {"a": 1, "b": 2}
    for raw in (b'{"b":2,"a":1}', b'{"a": 1}', b'{"a":1}\n', b'"\\u0041"'):
        with pytest.raises(NonCanonical):
            loads(raw, canonical=True)
