"""Canonical JSON (protocol.md §3.1): the one byte encoding that is hashed and signed.

A subset of RFC 8785 (JCS): sorted ASCII keys, no whitespace, integers only (|n| ≤ 2^53 − 1),
UTF-8, minimal escapes. For this subset Python's ``json.dumps(..., sort_keys=True,
separators=(",", ":"), ensure_ascii=False)`` produces exactly the JCS bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from phieukin.crypto.errors import InvalidEncoding, NonCanonical, TooLarge

MAX_INT: Final = 2**53 - 1
MAX_DEPTH: Final = 32
MAX_BYTES: Final = 1 << 20
_KEY = re.compile(r"[a-z0-9_]+")
_GOOD_KEYS: set[str] = set()


def _check(value: Any, depth: int) -> None:
    """Raise unless ``value`` is in the canonical subset (hot: every record line passes here).

    Exact built-in types take the fast path (``type(x) is str`` and friends, strings checked
    inline without a call); anything else (subclasses, tuples, floats) goes to ``_check_slow``.
    """
    kind = type(value)
    if kind is dict:
        if depth >= MAX_DEPTH and (value or depth > MAX_DEPTH):  # a member would be too deep
            raise TooLarge(f"JSON nested deeper than {MAX_DEPTH}")
        good = _GOOD_KEYS
        for key, item in value.items():
            if key not in good:
                _check_key(key)
            if type(item) is not str:
                _check(item, depth + 1)
    elif kind is list:
        if depth >= MAX_DEPTH and (value or depth > MAX_DEPTH):
            raise TooLarge(f"JSON nested deeper than {MAX_DEPTH}")
        for item in value:
            if type(item) is not str:
                _check(item, depth + 1)
    elif kind is int:
        if not -MAX_INT <= value <= MAX_INT:
            raise InvalidEncoding("integer out of the canonical range")
    elif kind is not str and kind is not bool and value is not None:
        _check_slow(value, depth)


def _check_key(key: Any) -> None:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise InvalidEncoding("object keys must match [a-z0-9_]+")
    if len(_GOOD_KEYS) < 4096:  # a small cache of the protocol's vocabulary
        _GOOD_KEYS.add(key)


def _check_slow(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise TooLarge(f"JSON nested deeper than {MAX_DEPTH}")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise InvalidEncoding("integer out of the canonical range")
        return
    if isinstance(value, float):
        raise InvalidEncoding("floats are not allowed")
    if isinstance(value, list | tuple | dict) and value and depth >= MAX_DEPTH:
        raise TooLarge(f"JSON nested deeper than {MAX_DEPTH}")
    if isinstance(value, list | tuple):
        for item in value:
            _check(item, depth + 1)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in _GOOD_KEYS:
                _check_key(key)
            _check(item, depth + 1)
        return
    raise InvalidEncoding(f"type {type(value).__name__} is not JSON")


def canonical_bytes(value: Any) -> bytes:
    """Serialize ``value`` canonically (raises ``InvalidEncoding`` for what JSON cannot hold)."""
    _check(value, 0)
    try:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8")
    except (UnicodeEncodeError, ValueError) as exc:
        raise InvalidEncoding("string is not valid Unicode") from exc


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidEncoding("duplicate object key")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise InvalidEncoding(f"{name} is not allowed")


def _reject_float(text: str) -> Any:
    raise InvalidEncoding("floats are not allowed")


def loads(data: bytes | str, *, canonical: bool = False, max_bytes: int = MAX_BYTES) -> Any:
    """Parse JSON strictly: size limit, no duplicate keys, no floats/NaN, depth, key shape.

    With ``canonical=True`` the input must also be byte-identical to its canonical form
    (record lines; anything else could hide a second meaning behind the same hash).
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > max_bytes:
        raise TooLarge(f"JSON larger than {max_bytes} bytes")
    try:
        text = raw.decode("utf-8")
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_reject_constant,
            parse_float=_reject_float,
        )
    except UnicodeDecodeError as exc:
        raise InvalidEncoding("JSON is not valid UTF-8") from exc
    except RecursionError as exc:
        raise TooLarge("JSON nested too deeply") from exc
    except json.JSONDecodeError as exc:
        raise InvalidEncoding(f"malformed JSON at offset {exc.pos}") from exc
    encoded = canonical_bytes(value)
    if canonical and encoded != raw:
        raise NonCanonical("JSON is not in canonical form")
    return value
