"""A hybrid poll's record: the counting board's signed ``paper_count`` (protocol.md §4.11) and a
result whose totals are the electronic part plus the paper part."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from phieukin.crypto.randomness import SeededRandom
from phieukin.record.cli import verify_main
from phieukin.record.events import rebuild_chain, write_record
from phieukin.record.paper_checks import paper_payload, paper_signature
from phieukin.record.simulate import SimulatedElection, simulate_election
from phieukin.record.verify import verify_record

SHEETS = {"issued": 6, "returned": 4, "spoiled": 1, "unused": 1, "valid": 3, "invalid": 1}
COUNTS = [[2, 1, 0, 0, 0]]
Pairs = list[tuple[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def hybrid() -> SimulatedElection:
    return simulate_election(5, seed="record-hybrid", paper=(SHEETS, COUNTS))


def _pairs(sim: SimulatedElection) -> Pairs:
    return [(e.type, copy.deepcopy(e.payload)) for e in sim.events]


def _failure(pairs: Pairs) -> tuple[int, str, str] | None:
    failure = verify_record([e.line()[:-1] for e in rebuild_chain(pairs)]).failure
    return None if failure is None else (failure.seq, failure.type, failure.code)


def _index(pairs: Pairs, type_: str) -> int:
    return next(k for k, (t, _) in enumerate(pairs) if t == type_)


def _resign(sim: SimulatedElection, pairs: Pairs, signers: list[int] | None = None) -> None:
    """Re-sign the (edited) paper count with the trustees' keys, as a colluding board would."""
    k = _index(pairs, "paper_count")
    body = {key: v for key, v in pairs[k][1].items() if key != "signatures"}
    eid = sim.ctx.setup.election_id
    rng = SeededRandom("resign")
    chosen = signers if signers is not None else [1, 2]
    sigs = [paper_signature(body, sim.secrets[i].key, eid, i, rng) for i in chosen]
    pairs[k] = ("paper_count", paper_payload(body["close"], body["sheets"], body["counts"], sigs))


def test_a_hybrid_record_verifies_and_its_total_is_electronic_plus_paper(
    hybrid: SimulatedElection,
) -> None:
    report = verify_record(hybrid.events)
    assert report.ok and report.complete, report.failure
    assert hybrid.totals is not None
    assert report.electronic == hybrid.expected
    assert report.result == hybrid.totals
    assert report.result[0] == [e + p for e, p in zip(hybrid.expected[0], COUNTS[0], strict=True)]
    assert sum(report.result[0]) == 5 + sum(COUNTS[0])
    assert report.paper is not None and report.paper["sheets"] == SHEETS


def test_the_command_line_prints_both_parts_and_the_total(
    hybrid: SimulatedElection, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hybrid.jsonl"
    write_record(hybrid.events, path)
    assert verify_main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "total = electronic + paper" in out and "paper sheets: issued=6" in out


def test_an_electronic_only_record_still_verifies(v2: SimulatedElection) -> None:
    report = verify_record(v2.events)
    assert report.ok and report.paper is None and report.electronic is None


@pytest.mark.parametrize(
    ("field", "value"),
    [("issued", 7), ("returned", 5), ("valid", 4), ("unused", 0)],
)
def test_an_unreconciled_count_fails_even_when_the_board_signs_it(
    hybrid: SimulatedElection, field: str, value: int
) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "paper_count")
    pairs[k][1]["sheets"][field] = value
    _resign(hybrid, pairs)
    assert _failure(pairs) == (k, "paper_count", "paper_unreconciled")


def test_option_totals_above_the_valid_sheets_fail(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "paper_count")
    pairs[k][1]["counts"] = [[2, 1, 1, 0, 0]]
    _resign(hybrid, pairs)
    assert _failure(pairs) == (k, "paper_count", "paper_unreconciled")


def test_more_cards_and_sheets_than_members_present_fail(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "paper_count")
    sheets = pairs[k][1]["sheets"]
    sheets.update(issued=8, returned=6, valid=5)  # 6 handed out + 5 cards > 9 present
    _resign(hybrid, pairs)
    assert _failure(pairs) == (k, "paper_count", "paper_exceeds_present")


def test_an_edited_paper_count_breaks_the_boards_signatures(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "paper_count")
    pairs[k][1]["counts"] = [[1, 2, 0, 0, 0]]
    assert _failure(pairs) == (k, "paper_count", "invalid_signature")


def test_one_signer_is_not_enough(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    _resign(hybrid, pairs, signers=[1])
    assert _failure(pairs) == (_index(pairs, "paper_count"), "paper_count", "invalid_schema")


def test_a_paper_count_of_another_close_fails(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "paper_count")
    pairs[k][1]["close"] = "ab" * 32
    _resign(hybrid, pairs)
    assert _failure(pairs) == (k, "paper_count", "event_mismatch")


def test_totals_that_are_not_the_sum_fail(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "result")
    pairs[k][1]["totals"][0][0] += 1
    assert _failure(pairs) == (k, "result", "result_mismatch")


def test_a_result_without_totals_after_a_paper_count_fails(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "result")
    del pairs[k][1]["totals"]
    assert _failure(pairs) == (k, "result", "invalid_schema")


def test_a_paper_count_before_close_or_twice_is_out_of_order(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    k = _index(pairs, "paper_count")
    paper = pairs.pop(k)
    close = _index(pairs, "close")
    early = [*pairs[:close], paper, *pairs[close:]]
    assert _failure(early) == (close, "paper_count", "out_of_order")
    twice = _pairs(hybrid)
    twice.insert(k + 1, twice[k])
    assert _failure(twice) == (k + 1, "paper_count", "out_of_order")


def test_the_paper_count_may_come_right_after_close(hybrid: SimulatedElection) -> None:
    pairs = _pairs(hybrid)
    paper = pairs.pop(_index(pairs, "paper_count"))
    close = _index(pairs, "close")
    assert _failure([*pairs[: close + 1], paper, *pairs[close + 1 :]]) is None
