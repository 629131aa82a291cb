"""`phieukin verify` accepts honest records and reports what it checked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phieukin.record.cli import verify_main
from phieukin.record.events import write_record
from phieukin.record.simulate import SimulatedElection
from phieukin.record.verify import verify_record


def test_it_accepts_an_honest_record_of_1000_ballots(
    big: SimulatedElection, big_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify_main([str(big_file), "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "OK: the record verifies" in out
    assert f"head: {big.events[-1].hash}" in out
    assert "ballot=1000" in out and "counted=1000" in out
    assert "Phiếu trắng" in out


def test_it_reports_json_with_the_result(
    big: SimulatedElection, big_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify_main([str(big_file), "--json", "--jobs", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["result"] == big.expected and report["failure"] is None


def test_it_counts_revotes_audits_and_policy_last(small: SimulatedElection) -> None:
    report = verify_record(small.events)
    assert report.ok, report.failure
    assert report.stats["replaced"] == 2 and report.stats["audited_ballot"] == 2
    assert report.stats["counted"] == 12 and report.result == small.expected


def test_it_reports_progress(small: SimulatedElection) -> None:
    seen: list[tuple[str, int, int]] = []
    verify_record(small.events, progress=lambda *a: seen.append(a))
    assert seen[-1] == ("ballot proofs", 16, 16)


def test_it_accepts_an_incomplete_record(small: SimulatedElection) -> None:
    report = verify_record(small.events[:20])
    assert report.ok and report.result is None and report.events == 20


def test_it_fails_on_an_unreadable_file_or_wrong_head(
    tmp_path: Path, small: SimulatedElection, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "small.jsonl"
    write_record(small.events, path)
    assert verify_main([str(tmp_path / "missing.jsonl")]) == 2
    assert verify_main([str(path), "--head", "00" * 32]) == 1
    assert "differs from the expected" in capsys.readouterr().out
    assert verify_main([str(path), "--head", small.events[-1].hash]) == 0
    path.write_bytes(path.read_bytes()[:-1])
    assert verify_main([str(path)]) == 1


def test_a_record_streamed_from_a_generator_verifies_alike() -> None:
    """verify_record reads any iterable once (the CLI streams the file): same report."""
    from pathlib import Path

    from phieukin.record.events import split_record
    from phieukin.record.verify import verify_record

    path = Path(__file__).resolve().parents[1] / "vectors" / "record-v2-small.jsonl"
    lines, _ = split_record(path.read_bytes())
    whole = verify_record(lines, jobs=1)
    for jobs in (1, 2):
        streamed = verify_record((line for line in lines), jobs=jobs)
        assert streamed.ok and whole.ok
        assert (streamed.head, streamed.result, streamed.stats) == (
            whole.head,
            whole.result,
            whole.stats,
        )
