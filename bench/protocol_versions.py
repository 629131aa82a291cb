"""PHIEUKIN-v2 against v1: CPU time to verify one-of-4 records, in the same run (issue 11 item 9).

``phieukin bench protocol_versions [--ballots N] [--rounds R]``: simulates one honest record per
version (same ballots' shape: one question, choose 1 of 4; 2-of-3 trustees), then verifies each
``R`` times on one core, alternating v1 and v2 so the shared machine's load hits both alike, and
reports the median CPU milliseconds per ballot (``time.process_time``, in-process, ``jobs=1``)
with the load average. The target: v2 costs at most 15% more than v1.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from phieukin.crypto.manifest import Manifest, Question
from phieukin.record.simulate import simulate_election
from phieukin.record.verify import verify_record

ONE_OF_4 = Manifest("bench", (Question("q1", "choose", "Câu 1", ("A", "B", "C", "D"), 1, 1),))
RESULTS = Path(__file__).resolve().parent / "results"


def _lines(version: str, ballots: int) -> list[bytes]:
    sim = simulate_election(ballots, ONE_OF_4, seed=f"bench-{version}", version=version, jobs=2)
    return [e.line()[:-1] for e in sim.events]


def _cpu_ms_per_ballot(lines: list[bytes], ballots: int) -> float:
    start = time.process_time()
    report = verify_record(lines, jobs=1)
    spent = time.process_time() - start
    assert report.ok and report.complete, report.failure
    return spent * 1000 / ballots


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    records = {v: _lines(v, args.ballots) for v in ("PHIEUKIN-v1", "PHIEUKIN-v2")}
    samples: dict[str, list[float]] = {v: [] for v in records}
    loads = []
    for _ in range(args.rounds):
        for version, lines in records.items():
            loads.append(os.getloadavg()[0])
            samples[version].append(_cpu_ms_per_ballot(lines, args.ballots))
    v1, v2 = (statistics.median(samples[v]) for v in records)
    result = {
        "when": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "ballots": args.ballots,
        "rounds": args.rounds,
        "cpu_ms_per_ballot": {"v1": v1, "v2": v2},
        "samples": samples,
        "v2_over_v1": v2 / v1,
        "target_max_ratio": 1.15,
        "load_average_1min": {"min": min(loads), "max": max(loads)},
        "cpus": os.cpu_count(),
    }
    print(
        f"one-of-4 verification, CPU per ballot (median of {args.rounds}): v1 {v1:.2f} ms, "
        f"v2 {v2:.2f} ms, v2/v1 = {v2 / v1:.3f} (target ≤ 1.15); load {min(loads):.1f}–"
        f"{max(loads):.1f}"
    )
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"protocol_versions-{stamp}.json").write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
