"""Record checks of the paper part of a hybrid poll (protocol.md §4.11, §6.8 rows P1 and R2).

``paper_count`` (v2, optional, once, after ``close`` and before ``result``) carries the counting
board's paper count: the close it follows, what became of the numbered sheets, the valid marks
per question and option, and the signatures of at least two qualified trustees. When it is on
the record, ``result`` also carries ``totals`` = the decrypted ``counts`` + the paper counts.

The arithmetic repeats ``phieukin.rules.paper`` on purpose: the record package imports no
rules, and an independent verifier reads protocol.md, not the app.
"""

from __future__ import annotations

from typing import Any, Final

from phieukin.crypto.election import ElectionContext
from phieukin.crypto.errors import ErrorCode, InvalidSchema, InvalidSignature
from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.randomness import SYSTEM, RandomSource
from phieukin.crypto.threshold import sign_payload, verify_payload_signature
from phieukin.record.events import RecordError
from phieukin.record.state_helpers import require_keys

SHEET_FIELDS: Final = ("issued", "returned", "spoiled", "unused", "valid", "invalid")
PAPER_KEYS: Final = {"close", "sheets", "counts", "signatures"}
MIN_SIGNERS: Final = 2


def unsigned_paper(payload: dict[str, Any]) -> dict[str, Any]:
    """What each counting-board member signs: the payload without ``signatures``."""
    return {k: v for k, v in payload.items() if k != "signatures"}


def _nat(value: Any) -> bool:
    return type(value) is int and value >= 0


def check_paper_count(
    payload: dict[str, Any],
    ctx: ElectionContext,
    *,
    close_hash: str,
    commits: dict[int, dict[str, Any]],
    qualified: list[int],
    present: int,
    cards: int,
) -> dict[str, Any]:
    """P1: keys; the close; sheets and counts shaped; reconciled; within the attendance; signed
    by ≥ 2 qualified trustees. Returns the payload (the result's totals need it)."""
    require_keys(payload, set(PAPER_KEYS), "paper_count")
    if payload["close"] != close_hash:
        raise RecordError("paper_count names another close", code=ErrorCode.EVENT_MISMATCH)
    sheets = payload["sheets"]
    if not isinstance(sheets, dict):
        raise InvalidSchema("paper_count.sheets must be an object")
    require_keys(sheets, set(SHEET_FIELDS), "paper_count.sheets")
    if not all(_nat(sheets[k]) for k in SHEET_FIELDS):
        raise InvalidSchema("paper_count.sheets values must be integers ≥ 0")
    counts = payload["counts"]
    shape = [len(q.options) for q in ctx.manifest.questions]
    if (
        not isinstance(counts, list)
        or len(counts) != len(shape)
        or any(
            not isinstance(row, list) or len(row) != n
            for row, n in zip(counts, shape, strict=False)
        )
        or not all(_nat(v) for row in counts for v in row)
    ):
        raise InvalidSchema("paper_count.counts must have one integer ≥ 0 per option per question")
    _reconcile(sheets, counts)
    handed_out = sheets["issued"] - sheets["spoiled"] - sheets["unused"]
    if cards + handed_out > present:
        raise RecordError(
            f"{cards} cards + {handed_out} sheets for {present} members present",
            code=ErrorCode.PAPER_EXCEEDS_PRESENT,
        )
    _check_signatures(payload, ctx, commits, qualified)
    return payload


def _reconcile(sheets: dict[str, int], counts: list[list[int]]) -> None:
    accounted = sheets["returned"] + sheets["spoiled"] + sheets["unused"]
    if sheets["issued"] != accounted:
        raise RecordError(
            f"{sheets['issued']} sheets issued, {accounted} returned + spoiled + unused",
            code=ErrorCode.PAPER_UNRECONCILED,
        )
    if sheets["returned"] != sheets["valid"] + sheets["invalid"]:
        raise RecordError(
            f"{sheets['returned']} sheets returned ≠ valid + invalid",
            code=ErrorCode.PAPER_UNRECONCILED,
        )
    for q, row in enumerate(counts):
        if sum(row) > sheets["valid"]:
            raise RecordError(
                f"question {q}: {sum(row)} marks for {sheets['valid']} valid sheets",
                code=ErrorCode.PAPER_UNRECONCILED,
            )


def _check_signatures(
    payload: dict[str, Any],
    ctx: ElectionContext,
    commits: dict[int, dict[str, Any]],
    qualified: list[int],
) -> None:
    signatures = payload["signatures"]
    if not isinstance(signatures, list) or len(signatures) < MIN_SIGNERS:
        raise InvalidSchema(f"paper_count needs ≥ {MIN_SIGNERS} signatures")
    indices = []
    for entry in signatures:
        if not isinstance(entry, dict):
            raise InvalidSchema("paper_count.signatures entries must be objects")
        require_keys(entry, {"trustee", "signature"}, "paper_count.signatures[]")
        index = entry["trustee"]
        if type(index) is not int or index not in qualified:
            raise InvalidSchema("paper_count signer must be a qualified trustee")
        indices.append(index)
    if indices != sorted(set(indices)):
        raise InvalidSchema("paper_count signers must be strictly ascending")
    body = unsigned_paper(payload)
    for entry in signatures:
        index = entry["trustee"]
        key = Element.from_hex(commits[index]["public_key"], "public_key")
        signed = {**body, "signature": entry["signature"]}
        verify_payload_signature(signed, key, ctx.setup.election_id, index).require(
            InvalidSignature, f"trustee {index} paper count"
        )


def check_totals(
    payload: dict[str, Any], counts: list[list[int]], paper: dict[str, Any]
) -> list[list[int]]:
    """R2: ``totals[q][o] = counts[q][o] + paper.counts[q][o]`` (the poll's result)."""
    totals = payload["totals"]
    if (
        not isinstance(totals, list)
        or len(totals) != len(counts)
        or any(
            not isinstance(t, list) or len(t) != len(c)
            for t, c in zip(totals, counts, strict=False)
        )
        or not all(type(v) is int for row in totals for v in row)
    ):
        raise InvalidSchema("result.totals must be shaped like result.counts")
    for q, (trow, erow, prow) in enumerate(zip(totals, counts, paper["counts"], strict=True)):
        for o, (t, e, p) in enumerate(zip(trow, erow, prow, strict=True)):
            if t != e + p:
                raise RecordError(
                    f"totals[{q}][{o}] = {t}, electronic {e} + paper {p}",
                    code=ErrorCode.RESULT_MISMATCH,
                )
    return totals


def paper_signature(
    body: dict[str, Any], key: Scalar, election_id: str, index: int, rng: RandomSource = SYSTEM
) -> dict[str, Any]:
    """Trustee ``index``'s entry in ``signatures``: its trustee signature (§4.1) of ``body``
    (the payload without ``signatures``), as the browser's ``signAsTrustee`` makes it."""
    signed = sign_payload(unsigned_paper(body), key, election_id, index, rng)
    return {"trustee": index, "signature": signed["signature"]}


def paper_payload(
    close_hash: str,
    sheets: dict[str, int],
    counts: list[list[int]],
    signatures: list[dict[str, Any]],
) -> dict[str, Any]:
    """The ``paper_count`` payload, its signatures in ascending trustee order."""
    ordered = sorted(signatures, key=lambda s: int(s["trustee"]))
    return {"close": close_hash, "sheets": sheets, "counts": counts, "signatures": ordered}
