"""Record checks of the tally, partial decryptions and result (audit checklist items 8–10)."""

from __future__ import annotations

from typing import Any

from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.errors import ErrorCode, InvalidProof, InvalidSchema
from phieukin.crypto.group import Element, small_multiple
from phieukin.crypto.tally import (
    Tally,
    parse_factors,
    shape_of,
    tally_from_json,
    verify_partial_decryption,
)
from phieukin.crypto.threshold import lagrange_at_zero
from phieukin.record.events import RecordError
from phieukin.record.state_helpers import require_keys, trustee_index


def parse_encrypted_tally(payload: dict[str, Any], ctx: ElectionContext, counted: int) -> Tally:
    """The published tally, decoded, once its ``counted`` matches the record.

    Whether it equals the sum of the counted ballots is checked by the driver (``verify.py``):
    the proof workers add up the ballots they already hold, so the sum costs no sequential time.
    """
    require_keys(payload, {"counted", "ciphertexts"}, "encrypted_tally")
    published = tally_from_json(payload["ciphertexts"], ctx.manifest)
    if payload["counted"] != counted:
        raise RecordError(TALLY_DIFFERS, code=ErrorCode.TALLY_MISMATCH)
    return published


TALLY_DIFFERS = "encrypted tally differs from the sum of the counted ballots"


def check_partial(
    payload: dict[str, Any],
    ctx: ElectionContext,
    tally: Tally,
    keys: dict[int, Element],
    seen: dict[int, Any],
) -> None:
    """One trustee's factors and proofs; a trustee in ``seen`` already published one."""
    index = trustee_index(payload, ctx.setup, seen)
    check = verify_partial_decryption(payload, tally, keys[index], ctx.fingerprint)
    check.require(InvalidProof, f"trustee {index} partial decryption")


def check_result(
    payload: dict[str, Any],
    setup: Setup,
    tally: Tally,
    partials: dict[int, dict[str, Any]],
    counted: int,
) -> list[list[int]]:
    require_keys(payload, {"trustees", "counts"}, "result")
    used = payload["trustees"]
    if (
        not isinstance(used, list)
        or len(used) < setup.threshold
        or any(type(i) is not int for i in used)
        or used != sorted(set(used))
    ):
        raise InvalidSchema(f"result must name ≥ {setup.threshold} trustees, ascending")
    absent = [i for i in used if i not in partials]
    if absent:
        raise RecordError(
            f"result names trustee(s) {absent} who published no partial decryption",
            code=ErrorCode.ABSENT_TRUSTEE,
        )
    counts: list[list[int]] = payload["counts"]  # its shape and values are checked below
    shape = [len(row) for row in tally]
    if shape_of(counts) != shape:
        raise InvalidSchema("result counts must have one integer per option per question")
    factors = {i: parse_factors(partials[i], tally) for i in used}
    lambdas = {i: lagrange_at_zero(i, used) for i in used}
    for k, row in enumerate(tally):
        for o, ct in enumerate(row):
            m = counts[k][o]
            if type(m) is not int or not 0 <= m <= counted:
                raise InvalidSchema(f"counts[{k}][{o}] must be an integer in 0..{counted}")
            m_g = ct.beta
            for i in used:
                m_g = m_g - lambdas[i] * factors[i][k][o]
            if m_g != small_multiple(m):
                raise RecordError(
                    f"counts[{k}][{o}] does not match the decryption",
                    code=ErrorCode.RESULT_MISMATCH,
                )
    return counts
