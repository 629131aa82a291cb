"""Small schema helpers shared by the record checks."""

from __future__ import annotations

from typing import Any

from phieukin.crypto.election import Setup
from phieukin.crypto.errors import InvalidSchema


def require_keys(payload: dict[str, Any], keys: set[str], what: str) -> None:
    if set(payload) != keys:
        raise InvalidSchema(f"{what} payload must have exactly {', '.join(sorted(keys))}")


def trustee_index(payload: dict[str, Any], setup: Setup, seen: dict[int, Any]) -> int:
    """The payload's ``trustee`` index: an integer in 1..n not seen before in this phase."""
    index = payload["trustee"]
    if type(index) is not int or not 1 <= index <= len(setup.trustees):
        raise InvalidSchema(f"trustee must be an index in 1..{len(setup.trustees)}")
    if index in seen:
        raise InvalidSchema(f"trustee {index} already published this message")
    return index
