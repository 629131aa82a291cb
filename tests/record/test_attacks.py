"""The operator's attacks PHIEUKIN-v2 exists for, each rejected by ``phieukin verify`` with a
named code (issue "nothing the server appends goes unsigned").

An operator with database access can rewrite any event and re-link the whole hash chain; in v1
that passed. Here each attack is built on an honest record, the chain is rebuilt after it, and
the verifier must name the event and the code: a stuffed credential, an acknowledged ballot
dropped before close (caught by the voter's receipt), rewritten attendance, a chain recomputed
after an edit, and a result naming a trustee who did not decrypt. v1's invariants catch what
they can on v1 records too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from phieukin.crypto.credential_list import credential_list
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.randomness import SeededRandom
from phieukin.record.cli import verify_main
from phieukin.record.events import Event, rebuild_chain, write_record
from phieukin.record.simulate import SimulatedElection, simulate_election
from phieukin.record.verify import verify_record

Pairs = list[tuple[str, dict[str, Any]]]


def _pairs(sim: SimulatedElection) -> Pairs:
    return [(e.type, e.payload) for e in sim.events]


def _seq(sim: SimulatedElection, type_: str, nth: int = 0) -> int:
    return [e.seq for e in sim.events if e.type == type_][nth]


def _failure(pairs: Pairs) -> tuple[int, str, str]:
    failure = verify_record([e.line()[:-1] for e in rebuild_chain(pairs)]).failure
    assert failure is not None, "the attack went unnoticed"
    return failure.seq, failure.type, failure.code


def _stranger() -> str:
    return derive_credential("elsewhere", generate_code(SeededRandom("stuffer"))).public.hex()


def test_a_stuffed_credential_breaks_the_issuers_signature(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _seq(v2, "credentials")
    creds = sorted([*pairs[k][1]["credentials"], _stranger()])
    pairs[k] = ("credentials", {**pairs[k][1], "credentials": creds, "count": len(creds)})
    assert _failure(pairs) == (k, "credentials", "invalid_signature")


def test_a_list_longer_than_attendance_is_refused_even_when_its_issuer_signs_it(
    v2: SimulatedElection,
) -> None:
    pairs = _pairs(v2)
    k = _seq(v2, "credentials")
    issuer = pairs[k][1]["issuer"]
    payload = credential_list(
        [*pairs[k][1]["credentials"], _stranger()],
        fingerprint=v2.ctx.fingerprint,
        issuer=issuer,
        key=v2.secrets[issuer].key,
        election_id=v2.ctx.setup.election_id,
    )
    pairs[k] = ("credentials", payload)
    assert _failure(pairs) == (k, "credentials", "credentials_exceed_present")


def test_a_stuffed_v1_record_shows_more_counted_than_present(small_v1: SimulatedElection) -> None:
    """v1: the operator lowers ``present`` below the cards it issued and used (no signature
    protects v1's attendance, but the invariant does)."""
    pairs = _pairs(small_v1)
    k = _seq(small_v1, "attendance")
    pairs[k] = ("attendance", {**pairs[k][1], "present": 11})
    close = _seq(small_v1, "close")
    assert _failure(pairs) == (close, "close", "counted_exceeds_present")


def test_unused_stuffed_v1_credentials_exceed_present(small_v1: SimulatedElection) -> None:
    pairs = _pairs(small_v1)
    k = _seq(small_v1, "credentials")
    creds = sorted([*pairs[k][1]["credentials"], _stranger()])
    pairs[k] = ("credentials", {"credentials": creds})
    close = _seq(small_v1, "close")
    assert _failure(pairs) == (close, "close", "credentials_exceed_present")


def test_rewritten_attendance_breaks_the_chairs_signature(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    k = _seq(v2, "attendance")
    pairs[k] = ("attendance", {**pairs[k][1], "convened": 9, "quorum_required": 6})
    assert _failure(pairs) == (k, "attendance", "invalid_signature")


def test_a_chain_recomputed_after_an_edit_no_longer_matches_the_decrypted_close(
    v2: SimulatedElection,
) -> None:
    """Removing the audited ballot changes neither the count nor the tally; only the close the
    trustees signed shows that the record before it is not the one they decrypted."""
    pairs = _pairs(v2)
    del pairs[_seq(v2, "audited_ballot")]
    first_partial = _seq(v2, "partial_decryption") - 1
    assert _failure(pairs) == (first_partial, "partial_decryption", "event_mismatch")


def test_a_result_naming_a_trustee_who_did_not_decrypt_is_refused(v2: SimulatedElection) -> None:
    pairs = _pairs(v2)
    last_partial = _seq(v2, "partial_decryption", 2)
    del pairs[last_partial]  # trustee 3's part
    result = {**pairs[-1][1], "trustees": [1, 3]}
    pairs[-1] = ("result", result)
    assert _failure(pairs) == (len(pairs) - 1, "result", "absent_trustee")


def _write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_dropped_ballot_is_proven_by_the_voters_receipt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The server acknowledged ballot 2, then closed without it: the record verifies on its own
    (trustees decrypted what they were shown); the voter's receipt does not."""
    sim = simulate_election(5, seed="dropper", drop_after_receipt=2)
    record = tmp_path / "record.jsonl"
    write_record(sim.events, record)
    assert verify_main([str(record), "--quiet"]) == 0
    capsys.readouterr()
    receipts = [_write(tmp_path, f"r{k}.json", r) for k, r in enumerate(sim.receipts)]
    assert verify_main([str(record), "--quiet", "--receipt", str(receipts[0])]) == 0
    capsys.readouterr()
    assert verify_main([str(record), "--quiet", "--receipt", str(receipts[2])]) == 1
    out = capsys.readouterr().out
    assert f"seq={sim.receipts[2]['seq']} type=ballot: [missing_ballot]" in out


def test_a_receipt_of_a_moved_ballot_shows_the_rewrite(
    v2: SimulatedElection, tmp_path: Path
) -> None:
    from phieukin.record.receipts import check_receipt

    pairs = _pairs(v2)
    first, second = _seq(v2, "ballot"), _seq(v2, "ballot", 1)
    pairs[first], pairs[second] = pairs[second], pairs[first]
    lines = [e.line()[:-1] for e in rebuild_chain(pairs)]
    report = verify_record(lines)
    assert report.state is not None
    moved = next(r for r in v2.receipts if r["seq"] == first)
    failure = check_receipt(moved, lines, report.state)
    assert failure is not None and failure.code == "missing_ballot"
    assert "not where the server signed it" in failure.reason


def test_a_forged_or_foreign_receipt_is_refused(v2: SimulatedElection) -> None:
    from phieukin.record.receipts import check_receipt

    lines = [e.line()[:-1] for e in v2.events]
    report = verify_record(lines)
    assert report.ok and report.state is not None
    good = v2.receipts[1]
    assert check_receipt(good, lines, report.state) is None
    forged = {**good, "seq": good["seq"] + 1}
    failure = check_receipt(forged, lines, report.state)
    assert failure is not None and failure.code == "invalid_signature"
    other = simulate_election(1, seed="elsewhere").receipts[0]
    failure = check_receipt(other, lines, report.state)
    assert failure is not None and failure.code in {"invalid_signature", "wrong_election"}


def test_an_honest_v2_record_keeps_every_receipt(v2: SimulatedElection) -> None:
    from phieukin.record.receipts import check_receipt

    lines = [e.line()[:-1] for e in v2.events]
    report = verify_record(lines)
    assert report.ok and report.version == "PHIEUKIN-v2"
    assert [check_receipt(r, lines, report.state) for r in v2.receipts] == [None] * 7


def test_events_are_named_as_the_first_failure(v2: SimulatedElection) -> None:
    """Two attacks in one record: the lower ``seq`` is reported."""
    pairs = _pairs(v2)
    k = _seq(v2, "attendance")
    pairs[k] = ("attendance", {**pairs[k][1], "present": 5})
    c = _seq(v2, "credentials")
    pairs[c] = ("credentials", {**pairs[c][1], "count": 7})
    assert _failure(pairs)[:2] == (k, "attendance")
    assert isinstance(v2.events[0], Event)
