"""The canonical JSON decoder and the credential code parser: typed errors only.

The import parsers are fuzzed by tests/organizations/test_import_fuzz.py (same marker and
budget), so they are not repeated here.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.crypto.canonical import MAX_INT, canonical_bytes, loads
from phieukin.crypto.credentials import derive_credential, normalize_code
from phieukin.crypto.errors import CryptoError, InvalidCredentialCode

from .mutations import FUZZ

pytestmark = pytest.mark.fuzz

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-MAX_INT, MAX_INT) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.from_regex(r"[a-z0-9_]{1,8}", fullmatch=True), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(st.binary(max_size=512) | st.text(max_size=256).map(str.encode), st.booleans())
def test_it_decodes_any_bytes_to_a_value_or_a_typed_error(raw: bytes, canonical: bool) -> None:
    try:
        value = loads(raw, canonical=canonical)
    except CryptoError:
        return
    if canonical:  # what the strict decoder accepts is exactly its own canonical form
        assert canonical_bytes(value) == raw


@FUZZ
@given(JSON)
def test_it_round_trips_every_canonical_value(value: object) -> None:
    assert loads(canonical_bytes(value), canonical=True) == value


@FUZZ
@given(
    st.text(max_size=80)
    | st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZOIL- abcxyz", max_size=30)
)
def test_it_parses_credential_codes_to_a_code_or_a_typed_error(text: str) -> None:
    try:
        code = normalize_code(text)
    except InvalidCredentialCode:
        return
    assert normalize_code(code) == code
    derive_credential("fuzz", text)
