"""The PHIEUKIN-v2 vectors (``make vectors`` writes them with the v1 ones).

``record-v2-small.jsonl``: an honest v2 record (chair key, complaint-free DKG with checks, key
possession, chair-signed attendance, signed and endorsed credentials, one audit, six ballots,
close with the ballot-set hash, signed partial decryptions). ``record-v2.json``: its head,
result, the voters' receipts (valid, forged, foreign, dropped) and one tampered variant per new
check with the failing ``seq`` and code. ``dkg-v2.json``: two honest records whose ceremony had
a complaint, answered (QUAL = all) and unanswered (the dealer disqualified).
``record-hybrid.json``: a hybrid poll (electronic + a signed paper count) with tampered variants.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

from phieukin.crypto.credential_list import credential_list
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.manifest import Manifest
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.signing import sign_as_chair
from phieukin.crypto.threshold import sign_payload
from phieukin.record.events import rebuild_chain
from phieukin.record.paper_checks import paper_payload, paper_signature
from phieukin.record.receipts import check_receipt
from phieukin.record.simulate import SimulatedElection, simulate_election
from phieukin.record.verify import verify_record

HERE = Path(__file__).resolve().parent
Pairs = list[tuple[str, dict[str, Any]]]


def _at(pairs: Pairs, type_: str, nth: int = 0) -> int:
    return [k for k, (t, _) in enumerate(pairs) if t == type_][nth]


def _resigned(sim: SimulatedElection, payload: dict[str, Any], index: int) -> dict[str, Any]:
    unsigned = {k: v for k, v in payload.items() if k != "signature"}
    key, eid = sim.secrets[index].key, sim.ctx.setup.election_id
    return sign_payload(unsigned, key, eid, index, SeededRandom("v2-resign"))


def _changes(sim: SimulatedElection) -> dict[str, Callable[[Pairs], None]]:
    """One tampering per v2 check (the operator re-links the chain after each)."""
    stranger = derive_credential("x", generate_code(SeededRandom("stuffer"))).public.hex()
    rng = SeededRandom("v2-tamper")

    def stuffed(p: Pairs) -> None:
        k = _at(p, "credentials")
        creds = sorted([*p[k][1]["credentials"], stranger])
        p[k] = ("credentials", {**p[k][1], "credentials": creds, "count": len(creds)})

    def over_present(p: Pairs) -> None:
        k = _at(p, "credentials")
        issuer = p[k][1]["issuer"]
        p[k] = (
            "credentials",
            credential_list(
                [*p[k][1]["credentials"], stranger],
                fingerprint=sim.ctx.fingerprint,
                issuer=issuer,
                key=sim.secrets[issuer].key,
                election_id=sim.ctx.setup.election_id,
                rng=rng,
            ),
        )

    def attendance(p: Pairs) -> None:
        k = _at(p, "attendance")
        p[k] = ("attendance", {**p[k][1], "convened": 9, "quorum_required": 6})

    def below_quorum(p: Pairs) -> None:
        k = _at(p, "attendance")
        counts = {key: v for key, v in p[k][1].items() if key != "signature"}
        counts["quorum_required"] = counts["present"] + 1
        assert sim.chair_key is not None
        p[k] = ("attendance", sign_as_chair(counts, sim.chair_key, sim.ctx.fingerprint, rng))

    def recomputed(p: Pairs) -> None:
        del p[_at(p, "audited_ballot")]

    def absent(p: Pairs) -> None:
        del p[_at(p, "partial_decryption", 2)]
        p[-1] = ("result", {**p[-1][1], "trustees": [1, 3]})

    def no_endorsement(p: Pairs) -> None:
        del p[_at(p, "credentials_endorsement")]

    def no_possession(p: Pairs) -> None:
        del p[_at(p, "key_possession", 1)]

    def close_hash(p: Pairs) -> None:
        k = _at(p, "close")
        p[k] = ("close", {**p[k][1], "ballots": "00" * 32})

    def partial_resigned(p: Pairs) -> None:
        k = _at(p, "partial_decryption")
        p[k] = ("partial_decryption", _resigned(sim, {**p[k][1], "close": "11" * 32}, 1))

    def chair_late(p: Pairs) -> None:
        chair = p.pop(_at(p, "chair_key"))
        p.insert(_at(p, "joint_key") + 1, chair)

    return {
        "stuffed credential (list re-linked)": stuffed,
        "credential list longer than attendance, re-signed by its issuer": over_present,
        "attendance rewritten": attendance,
        "attendance below its own quorum, re-signed by the chair": below_quorum,
        "audited ballot removed, chain recomputed": recomputed,
        "result names a trustee who did not decrypt": absent,
        "credential list without enough endorsements": no_endorsement,
        "a trustee's key possession proof missing": no_possession,
        "close with a wrong ballot-set hash": close_hash,
        "partial decryption of another close, re-signed": partial_resigned,
        "chair key after the joint key": chair_late,
    }


def _tampered(sim: SimulatedElection) -> list[dict[str, Any]]:
    out = []
    for why, change in _changes(sim).items():
        pairs = [(e.type, e.payload) for e in sim.events]
        change(pairs)
        lines = [e.line()[:-1] for e in rebuild_chain(pairs)]
        failure = verify_record(lines).failure
        assert failure is not None, why
        out.append(
            {
                "why": why,
                "lines": [line.decode() for line in lines],
                "fails_at_seq": failure.seq,
                "type": failure.type,
                "code": failure.code,
            }
        )
    return out


def _receipts(sim: SimulatedElection) -> list[dict[str, Any]]:
    lines = [e.line()[:-1] for e in sim.events]
    report = verify_record(lines)
    assert report.ok and report.state is not None
    good = sim.receipts[1]
    dropped = simulate_election(5, sim.ctx.manifest, seed="vectors-v2-drop", drop_after_receipt=2)
    cases = [
        ("honest receipt", good, None),
        ("seq changed after signing", {**good, "seq": good["seq"] + 1}, None),
        ("receipt from another election", simulate_election(1, seed="v2-other").receipts[0], None),
        ("receipt of a dropped ballot", dropped.receipts[2], dropped),
    ]
    out = []
    for why, receipt, other in cases:
        record = lines if other is None else [e.line()[:-1] for e in other.events]
        state = report.state if other is None else verify_record(record).state
        assert state is not None
        failure = check_receipt(receipt, record, state)
        entry: dict[str, Any] = {"why": why, "receipt": receipt, "code": None}
        if failure is not None:
            entry["code"] = failure.code
        if other is not None:
            entry["record"] = [line.decode() for line in record]
        out.append(entry)
    return out


def v2_record_vectors(manifest: Manifest) -> dict[str, Any]:
    sim = simulate_election(6, manifest, trustees=(2, 3), seed="vectors-record-v2", audits=1)
    (HERE / "record-v2-small.jsonl").write_bytes(b"".join(e.line() for e in sim.events))
    return {
        "file": "record-v2-small.jsonl",
        "head": sim.events[-1].hash,
        "result": sim.expected,
        "test_only_secrets": {
            "server_key": sim.server_key.hex() if sim.server_key else None,
            "chair_key": sim.chair_key.hex() if sim.chair_key else None,
            "trustee_keys": {str(i): s.key.hex() for i, s in sim.secrets.items()},
            "shares": {str(i): s.hex() for i, s in sim.shares.items()},
        },
        "receipts": _receipts(sim),
        "tampered": _tampered(sim),
    }


def v2_dkg_vectors() -> dict[str, Any]:
    out = {}
    for name, answered in (("answered", True), ("unanswered", False)):
        sim = simulate_election(2, seed=f"vectors-dkg-v2-{name}", bad_share=(2, 1, answered))
        assert verify_record(sim.events).ok
        out[name] = {
            "qualified": sim.qualified,
            "lines": [e.line()[:-1].decode() for e in sim.events],
        }
    return {"note": "dealer 2 sends trustee 1 a bad share; trustee 1 complains", "records": out}


# -- a hybrid poll (protocol.md §4.11) ---------------------------------------------------------

HYBRID_SHEETS = {"issued": 6, "returned": 4, "spoiled": 1, "unused": 1, "valid": 3, "invalid": 1}


def _hybrid_counts(manifest: Manifest) -> list[list[int]]:
    """Paper marks that respect each question's rule on 3 valid sheets."""
    rows = []
    for q in manifest.questions:
        row = [0] * len(q.options)
        row[0] = 2 if q.max >= 1 else 0
        if len(row) > 1:
            row[1] = 1
        rows.append(row)
    return rows


def _repaper(sim: SimulatedElection, p: Pairs, edit: Callable[[dict[str, Any]], None]) -> None:
    """Edit the paper count, then have trustees 1 and 2 sign it again (a colluding board)."""
    k = _at(p, "paper_count")
    body = {key: v for key, v in p[k][1].items() if key != "signatures"}
    edit(body)
    eid, rng = sim.ctx.setup.election_id, SeededRandom("hybrid-resign")
    sigs = [paper_signature(body, sim.secrets[i].key, eid, i, rng) for i in (1, 2)]
    p[k] = ("paper_count", paper_payload(body["close"], body["sheets"], body["counts"], sigs))


def _hybrid_changes(sim: SimulatedElection) -> dict[str, Callable[[Pairs], None]]:
    def missing_sheet(p: Pairs) -> None:
        _repaper(sim, p, lambda b: b["sheets"].update(issued=7))

    def marks_above_valid(p: Pairs) -> None:
        _repaper(sim, p, lambda b: b["counts"][0].__setitem__(2, 1))

    def over_present(p: Pairs) -> None:
        _repaper(sim, p, lambda b: b["sheets"].update(issued=8, returned=6, valid=5))

    def edited(p: Pairs) -> None:
        k = _at(p, "paper_count")
        p[k][1]["counts"][0][0] -= 1

    def one_signer(p: Pairs) -> None:
        k = _at(p, "paper_count")
        p[k][1]["signatures"] = p[k][1]["signatures"][:1]

    def wrong_totals(p: Pairs) -> None:
        p[_at(p, "result")][1]["totals"][0][0] += 1

    def before_close(p: Pairs) -> None:
        paper = p.pop(_at(p, "paper_count"))
        p.insert(_at(p, "close"), paper)

    return {
        "a numbered sheet missing (issued ≠ returned + spoiled + unused), re-signed": missing_sheet,
        "more marks for a question than valid sheets, re-signed": marks_above_valid,
        "cards + sheets handed out exceed the members present, re-signed": over_present,
        "paper count edited after the board signed it": edited,
        "paper count signed by one trustee only": one_signer,
        "result totals are not electronic + paper": wrong_totals,
        "paper count before close": before_close,
    }


def hybrid_record_vectors(manifest: Manifest) -> dict[str, Any]:
    """``record-hybrid.json``: a complete hybrid v2 record, its parts and tampered variants."""
    paper = (HYBRID_SHEETS, _hybrid_counts(manifest))
    sim = simulate_election(4, manifest, trustees=(2, 3), seed="vectors-hybrid", paper=paper)
    report = verify_record(sim.events)
    assert report.ok and report.result == sim.totals
    tampered = []
    for why, change in _hybrid_changes(sim).items():
        pairs = [(e.type, copy.deepcopy(e.payload)) for e in sim.events]
        change(pairs)
        lines = [e.line()[:-1] for e in rebuild_chain(pairs)]
        failure = verify_record(lines).failure
        assert failure is not None, why
        tampered.append(
            {
                "why": why,
                "lines": [line.decode() for line in lines],
                "fails_at_seq": failure.seq,
                "type": failure.type,
                "code": failure.code,
            }
        )
    return {
        "lines": [e.line()[:-1].decode() for e in sim.events],
        "head": sim.events[-1].hash,
        "electronic": sim.expected,
        "paper": {"sheets": HYBRID_SHEETS, "counts": paper[1]},
        "totals": sim.totals,
        "test_only_trustee_keys": {str(i): s.key.hex() for i, s in sim.secrets.items()},
        "tampered": tampered,
    }
