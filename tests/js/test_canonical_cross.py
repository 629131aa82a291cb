"""Canonical JSON: the JS twin serializes (or refuses) exactly as phieukin.crypto.canonical."""

from __future__ import annotations

from typing import Any

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.errors import CryptoError

from .conftest import RunJs


def nested(depth: int) -> Any:
    """A string inside ``depth`` lists (the limit is checked on the string's depth)."""
    value: Any = "deep"
    for _ in range(depth):
        value = [value]
    return value


VALUES: list[Any] = [
    nested(32),
    nested(33),
    {"b": 1, "a": [True, False, None, -0, 0, -(2**53) + 1, 2**53 - 1]},
    {"label": 'Đồng chí "A"\\ \b\t\n\f\r\x00\x1f\x7f\u2028\u2029 😀 \ufeff'},
    {"z": {"y": {"x": []}}, "a_1": "", "0": "số"},
    {"Upper": 1},
    {"bad-key": 1},
    {"n": 2**53},
    {"n": -(2**53)},
    {"f": 1.5},
    {"s": "lone \ud800 surrogate"},
]


def python_side(value: Any) -> dict[str, Any]:
    try:
        return {"ok": canonical_bytes(value).decode("utf-8")}
    except CryptoError as exc:
        return {"error": str(exc.code)}


def test_it_serializes_like_python(run_js: RunJs) -> None:
    results = run_js([("canonical", {"value": v}) for v in VALUES])
    for value, result in zip(VALUES, results, strict=True):
        want = python_side(value)
        got = {"ok": result["ok"]} if "ok" in result else {"error": result["error"]["code"]}
        assert got == want, value
