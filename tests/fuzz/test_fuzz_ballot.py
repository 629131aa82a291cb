"""The ballot parser: any mutation of a valid ballot is refused with a typed CryptoError.

Stronger than "does not crash": a mutated ballot that differs from the original must never be
accepted (every field is covered by the signature or a proof, or checked by the schema).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from phieukin.crypto.audit import audit_payload, check_audited_ballot
from phieukin.crypto.ballot import check_ballot, encrypt_ballot
from phieukin.crypto.canonical import canonical_bytes, loads
from phieukin.crypto.errors import CryptoError
from phieukin.record.simulate import SimulatedElection

from .mutations import FUZZ, mutated

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def valid(election: SimulatedElection) -> tuple[dict[str, Any], dict[str, Any]]:
    ballot, secrets = encrypt_ballot(election.ctx, election.credentials[0], [[0, 0, 1, 0, 0]])
    return ballot, audit_payload(ballot, secrets)


def _keys(election: SimulatedElection) -> set[str]:
    return {c.public.hex() for c in election.credentials}


@FUZZ
@given(st.data())
def test_it_refuses_every_mutated_ballot_with_a_typed_error(election, valid, data) -> None:
    ballot, _audit = valid
    bad = data.draw(mutated(ballot))
    assume(bad != ballot)
    with pytest.raises(CryptoError):
        check_ballot(bad, election.ctx, _keys(election))


@FUZZ
@given(st.data())
def test_it_refuses_every_mutated_audited_ballot_with_a_typed_error(election, valid, data) -> None:
    _ballot, audit = valid
    bad = data.draw(mutated(audit))
    assume(bad != audit)
    with pytest.raises(CryptoError):
        check_audited_ballot(bad, election.ctx, _keys(election))


@FUZZ
@given(st.binary(max_size=2048) | st.text(max_size=512).map(str.encode))
def test_it_refuses_random_bytes_as_a_ballot(election, raw: bytes) -> None:
    with pytest.raises(CryptoError):
        check_ballot(loads(raw), election.ctx, _keys(election))


@FUZZ
@given(st.data())
def test_it_refuses_a_mutated_ballot_after_a_json_round_trip(election, valid, data) -> None:
    """The server's path: bytes -> strict JSON -> check (floats, huge ints never get through)."""
    ballot, _audit = valid
    bad = data.draw(mutated(ballot))
    assume(bad != ballot)
    with pytest.raises(CryptoError):
        check_ballot(loads(canonical_bytes(bad)), election.ctx, _keys(election))
