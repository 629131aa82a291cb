"""The shared vectors (tests/vectors/*.json): our code agrees with what they state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phieukin.crypto.ballot import ballot_hash, check_ballot, tracking_code
from phieukin.crypto.credentials import derive_credential
from phieukin.crypto.election import ElectionContext, parse_setup
from phieukin.crypto.errors import CryptoError
from phieukin.crypto.group import Element, Scalar, base_mul
from phieukin.crypto.hashing import digest32, hash_parts, hash_to_scalar
from phieukin.crypto.sharebox import open_share

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def _context(data: dict[str, Any]) -> tuple[ElectionContext, set[str]]:
    ctx = ElectionContext.create(parse_setup(data["setup"]), Element.from_hex(data["public_key"]))
    assert ctx.fingerprint.hex() == data["fingerprint"]
    return ctx, set(data["credentials"])


def test_it_matches_the_hash_vectors() -> None:
    for case in _load("hashing.json")["cases"]:
        parts = [
            bytes.fromhex(p) if k == "bytes" else Element.from_hex(p) if k == "element" else p
            for p, k in zip(case["parts"], case["kinds"], strict=True)
        ]
        assert hash_parts(case["dst"], *parts).hex() == case["H"]
        assert hash_to_scalar(case["dst"], *parts).hex() == case["H2S"]
        assert digest32(case["dst"], *parts).hex() == case["D32"]


def test_it_matches_the_group_vectors() -> None:
    data = _load("group.json")
    for m in data["multiples"]:
        assert base_mul(Scalar(m["m"])).hex() == m["mG"]
    for p in data["products"]:
        assert (Scalar.from_hex(p["s"]) * Element.from_hex(p["P"])).hex() == p["sP"]
    for bad in data["invalid_elements"]:
        with pytest.raises(CryptoError) as exc:
            Element.from_hex(bad["hex"])
        assert exc.value.code == bad["code"]
    for bad in data["invalid_scalars"]:
        with pytest.raises(CryptoError) as exc:
            Scalar.from_hex(bad["hex"])
        assert exc.value.code == bad["code"]


def test_it_matches_the_credential_vectors() -> None:
    data = _load("credentials.json")
    for case in data["valid"]:
        cred = derive_credential(data["election_id"], case["printed"])
        assert (cred.code, cred.secret.hex(), cred.public.hex()) == (
            case["code"],
            case["secret"],
            case["public"],
        )
    for case in data["equivalent_inputs"]:
        assert derive_credential(data["election_id"], case["input"]).code == case["code"]
    for case in data["invalid"]:
        with pytest.raises(CryptoError) as exc:
            derive_credential(data["election_id"], case["input"])
        assert exc.value.code == case["code"]


@pytest.mark.parametrize("suite", _load("ballots.json")["suites"], ids=lambda s: s["name"])
def test_it_accepts_and_rejects_the_ballot_vectors(suite: dict[str, Any]) -> None:
    ctx, listed = _context(suite["context"])
    for case in suite["accepted"]:
        check_ballot(case["ballot"], ctx, listed)
        assert ballot_hash(case["ballot"]) == case["ballot_hash"]
        assert tracking_code(case["ballot"]) == case["tracking_code"]
        cred = derive_credential(ctx.setup.election_id, case["credential_code"])
        assert cred.public.hex() == case["ballot"]["credential"]
    for case in suite["rejected"]:
        case_ctx, case_listed = _context(case["context"]) if "context" in case else (ctx, listed)
        case_listed = set(case.get("credentials", case_listed))
        with pytest.raises(CryptoError) as exc:
            check_ballot(case["ballot"], case_ctx, case_listed)
        assert exc.value.code == case["code"], case["why"]


def test_it_opens_the_sealed_share_vector() -> None:
    box = _load("dkg.json")["sharebox"]
    share = open_share(
        box["box"],
        Scalar.from_hex(box["recipient_secret"]),
        election_id=box["election_id"],
        sender=box["sender"],
        recipient=box["recipient"],
    )
    assert share.hex() == box["share"]


def test_it_verifies_the_small_record_and_names_each_tampering() -> None:
    from phieukin.record.events import iter_lines
    from phieukin.record.verify import verify_record

    data = _load("record.json")
    report = verify_record(list(iter_lines(VECTORS / data["file"])))
    assert report.ok and report.head == data["head"] and report.result == data["result"]
    for case in data["tampered"]:
        failure = verify_record([line.encode() for line in case["lines"]]).failure
        assert failure is not None and (failure.seq, failure.code) == (
            case["fails_at_seq"],
            case["code"],
        )
