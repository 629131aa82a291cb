"""Error codes of a Benaloh reveal (protocol.md §4.5 "Audit", row B6 of the §6.8 table)."""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.crypto.audit import audit_payload, check_audited_ballot
from phieukin.crypto.errors import CryptoError


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"choices": "10000"}, "invalid_schema"),  # not an array of arrays
        ({"choices": {"q1": [1, 0, 0, 0, 0]}}, "invalid_schema"),
        ({"choices": ["10000"]}, "invalid_schema"),
        (
            {"choices": [[1, 0, 0, 0, 0], [1, 0, 0, 0, 0]]},
            "invalid_ballot",
        ),  # two rows, one question
        ({"choices": [[1, 0, 0, 0]]}, "invalid_ballot"),  # a row of the wrong length
        ({"choices": [[True, 0, 0, 0, 0]]}, "invalid_ballot"),  # a boolean is not 0/1
        ({"choices": [[1, 1, 0, 0, 0]]}, "invalid_ballot"),  # out of the question's bounds
        ({"randomness": [[]]}, "invalid_schema"),  # not the shape of choices
        ({"randomness": "00"}, "invalid_schema"),
    ],
)
def test_it_gives_the_specified_code(
    ctx: Any, listed: set[str], cast: Any, change: dict[str, Any], code: str
) -> None:
    payload = {**audit_payload(*cast), **change}
    with pytest.raises(CryptoError) as exc:
        check_audited_ballot(payload, ctx, listed)
    assert exc.value.code == code


def test_it_decodes_the_randomness_strictly(ctx: Any, listed: set[str], cast: Any) -> None:
    payload = audit_payload(*cast)
    upper = [[payload["randomness"][0][0].upper(), *payload["randomness"][0][1:]]]
    with pytest.raises(CryptoError) as exc:
        check_audited_ballot({**payload, "randomness": upper}, ctx, listed)
    assert exc.value.code == "invalid_encoding"
    big = [["ff" * 32, *payload["randomness"][0][1:]]]
    with pytest.raises(CryptoError) as exc:
        check_audited_ballot({**payload, "randomness": big}, ctx, listed)
    assert exc.value.code == "non_canonical"
