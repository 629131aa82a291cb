"""The committed PHIEUKIN-v2 vectors (tests/vectors/record-v2.json, dkg-v2.json) say what our
verifier does: a second implementation reproduces them from docs/protocol.md alone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from phieukin.record.events import split_record
from phieukin.record.receipts import check_receipt
from phieukin.record.verify import verify_record

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def _load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def test_the_v2_record_verifies_and_each_tampering_fails_where_the_vector_says() -> None:
    data = _load("record-v2.json")
    lines, newline = split_record((VECTORS / data["file"]).read_bytes())
    report = verify_record(lines, final_newline=newline)
    assert report.ok and report.version == "PHIEUKIN-v2"
    assert report.head == data["head"] and report.result == data["result"]
    assert len(data["tampered"]) >= 10
    for case in data["tampered"]:
        failure = verify_record([line.encode() for line in case["lines"]]).failure
        assert failure is not None, case["why"]
        got = (failure.seq, failure.type, failure.code)
        assert got == (case["fails_at_seq"], case["type"], case["code"]), case["why"]


def test_the_receipt_vectors() -> None:
    data = _load("record-v2.json")
    lines, _ = split_record((VECTORS / data["file"]).read_bytes())
    codes = []
    for case in data["receipts"]:
        record = [line.encode() for line in case.get("record", [])] or lines
        state = verify_record(record).state
        assert state is not None
        failure = check_receipt(case["receipt"], record, state)
        codes.append(None if failure is None else failure.code)
    assert codes == [case["code"] for case in data["receipts"]]
    assert codes[0] is None and "missing_ballot" in codes


def test_the_complaint_round_vectors() -> None:
    data = _load("dkg-v2.json")["records"]
    for name, qualified in (("answered", [1, 2, 3]), ("unanswered", [1, 3])):
        report = verify_record([line.encode() for line in data[name]["lines"]])
        assert report.ok, (name, report.failure)
        assert data[name]["qualified"] == qualified


def test_the_hybrid_poll_vectors() -> None:
    data = _load("record-hybrid.json")
    report = verify_record([line.encode() for line in data["lines"]])
    assert report.ok and report.head == data["head"]
    assert report.electronic == data["electronic"] and report.result == data["totals"]
    paper = data["paper"]["counts"]
    assert data["totals"] == [
        [e + p for e, p in zip(er, pr, strict=True)]
        for er, pr in zip(data["electronic"], paper, strict=True)
    ]
    codes = set()
    for case in data["tampered"]:
        failure = verify_record([line.encode() for line in case["lines"]]).failure
        assert failure is not None, case["why"]
        got = (failure.seq, failure.type, failure.code)
        assert got == (case["fails_at_seq"], case["type"], case["code"]), case["why"]
        codes.add(failure.code)
    assert {"paper_unreconciled", "paper_exceeds_present", "result_mismatch"} <= codes
