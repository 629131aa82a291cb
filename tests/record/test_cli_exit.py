"""``phieukin verify`` exit statuses: incomplete records, empty files, the final newline."""

from __future__ import annotations

from pathlib import Path

import pytest

from phieukin.record.cli import verify_main
from phieukin.record.simulate import SimulatedElection


def _write(tmp_path: Path, sim: SimulatedElection, upto: int | None = None) -> Path:
    path = tmp_path / "record.jsonl"
    path.write_bytes(b"".join(e.line() for e in sim.events[:upto]))
    return path


def test_an_incomplete_record_fails_unless_allowed(
    v2: SimulatedElection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = [e.seq for e in v2.events if e.type == "ballot"]
    path = _write(tmp_path, v2, ballots[2] + 1)  # voting still open
    assert verify_main([str(path), "--quiet"]) == 1
    assert "[incomplete_record]" in capsys.readouterr().out
    assert verify_main([str(path), "--quiet", "--allow-incomplete"]) == 0
    assert "OK: the record verifies" in capsys.readouterr().out


def test_an_empty_file_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    assert verify_main([str(path), "--allow-incomplete"]) == 1
    assert "FAILED at event seq=0 type=?: [empty_record]" in capsys.readouterr().out


def test_a_missing_final_newline_fails_at_the_last_line(
    v2: SimulatedElection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, v2)
    path.write_bytes(path.read_bytes()[:-1])
    assert verify_main([str(path), "--quiet"]) == 1
    last = len(v2.events) - 1
    assert f"FAILED at event seq={last} type=result: [non_canonical]" in capsys.readouterr().out


def test_an_unreadable_receipt_is_a_usage_error(
    v2: SimulatedElection, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, v2)
    assert verify_main([str(path), "--receipt", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
