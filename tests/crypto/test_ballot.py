"""Building, checking, tracking and auditing ballots."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings

from phieukin.crypto.audit import audit_payload, check_audited_ballot
from phieukin.crypto.ballot import ballot_hash, check_ballot, encrypt_ballot, tracking_code
from phieukin.crypto.canonical import canonical_bytes, loads
from phieukin.crypto.errors import (
    CryptoError,
    ErrorCode,
    InvalidBallot,
    InvalidSignature,
    UnknownCredential,
    WrongElection,
)
from phieukin.crypto.randomness import SeededRandom
from tests.strategies import bit_positions, flip_bit


def test_it_accepts_an_honest_ballot(ctx: Any, listed: set[str], cast: Any) -> None:
    ballot, _ = cast
    parsed = check_ballot(ballot, ctx, listed)
    assert parsed.credential.hex() == ballot["credential"]


def test_it_accepts_a_multi_question_ballot(multi_ctx: Any, voters: list) -> None:
    listed = {v.public.hex() for v in voters}
    choices = [[0, 0, 0, 0, 1], [0, 1, 0], [1, 0, 0, 1]]
    ballot, _ = encrypt_ballot(multi_ctx, voters[1], choices, SeededRandom("m"))
    check_ballot(ballot, multi_ctx, listed)


@pytest.mark.parametrize(
    "choices",
    [
        [[1, 1, 0, 0, 0]],
        [[0, 0, 0, 0, 0]],
        [[2, 0, 0, 0, 0]],
        [[1, 0, 0, 0]],
        [],
        [[True, 0, 0, 0, 0]],
    ],
)
def test_it_refuses_to_encrypt_invalid_choices(ctx: Any, voters: list, choices: list) -> None:
    with pytest.raises(InvalidBallot):
        encrypt_ballot(ctx, voters[0], choices)


def test_it_rejects_a_ballot_replayed_in_another_election(
    multi_ctx: Any, ctx: Any, voters: list
) -> None:
    from phieukin.crypto.election import ElectionContext

    other = ElectionContext.create(
        ctx.setup.__class__("other-e", ctx.manifest, 1, ("T",), "last"), ctx.public_key
    )
    ballot, _ = encrypt_ballot(ctx, voters[0], [[1, 0, 0, 0, 0]])
    with pytest.raises(WrongElection):
        check_ballot(ballot, other, {voters[0].public.hex()})


def test_it_rejects_unknown_credentials(ctx: Any, cast: Any, voters: list) -> None:
    with pytest.raises(UnknownCredential) as exc:
        check_ballot(cast[0], ctx, {voters[1].public.hex()})
    assert exc.value.code == ErrorCode.UNKNOWN_CREDENTIAL


def test_it_rejects_a_ballot_signed_by_someone_else(
    ctx: Any, listed: set[str], cast: Any, voters: list
) -> None:
    stolen = {**cast[0], "credential": voters[1].public.hex()}
    with pytest.raises(InvalidSignature):
        check_ballot(stolen, ctx, listed)


@settings(max_examples=40)
@given(bit_positions(4000))
def test_it_rejects_every_single_bit_flip(
    ctx: Any, listed: set[str], cast: Any, position: int
) -> None:
    raw = canonical_bytes(cast[0])
    position %= len(raw) * 8
    flipped = flip_bit(raw, position)
    with pytest.raises(CryptoError):
        check_ballot(loads(flipped), ctx, listed)


def test_it_gives_a_stable_tracking_code(cast: Any) -> None:
    code = tracking_code(cast[0])
    assert len(code) == 19 and code.count("-") == 3
    assert tracking_code(copy.deepcopy(cast[0])) == code
    assert ballot_hash(cast[0]) != ballot_hash(
        {**cast[0], "signature": cast[0]["answers"][0]["proofs"][0][0]}
    )


def test_it_audits_a_ballot_by_revealing_its_randomness(
    ctx: Any, listed: set[str], cast: Any
) -> None:
    ballot, secrets = cast
    payload = audit_payload(ballot, secrets)
    check_audited_ballot(payload, ctx, listed)
    lie = {**payload, "choices": [[1, 0, 0, 0, 0]]}
    with pytest.raises(InvalidBallot, match="opens"):
        check_audited_ballot(lie, ctx, listed)
    with pytest.raises(InvalidBallot, match="choices_in_bounds"):
        check_audited_ballot({**payload, "choices": [[1, 1, 0, 0, 0]]}, ctx, listed)
    assert str(secrets.nonces[0][0].value) not in repr(secrets)


def test_it_lists_ciphertext_ids_for_the_board(cast: Any) -> None:
    from phieukin.crypto.ballot import ciphertext_ids

    ids = ciphertext_ids(cast[0])
    assert len(ids) == 5 == len(set(ids))
    assert ids[0] == cast[0]["answers"][0]["choices"][0]["alpha"]


def test_the_signed_bytes_cut_from_the_canonical_line_are_the_serialized_ones(
    ctx: Any, cast: Any
) -> None:
    from phieukin.crypto.ballot import _unsigned_bytes, parse_ballot, verify_ballot_proofs

    data, _ = cast
    unsigned = canonical_bytes({k: v for k, v in data.items() if k != "signature"})
    from_raw = parse_ballot(data, ctx.manifest, raw=canonical_bytes(data))
    assert _unsigned_bytes(from_raw) == unsigned
    assert _unsigned_bytes(parse_ballot(data, ctx.manifest)) == unsigned
    assert verify_ballot_proofs(from_raw, ctx).ok
