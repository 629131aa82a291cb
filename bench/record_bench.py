"""Full-record verification timing for ``bench/crypto.py``: simulate an honest record of N
ballots with the record package's simulator, then time ``phieukin verify`` on one and two cores.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _simulate(path: Path, ballots: int) -> str | None:
    """Write an honest record of rating ballots (the simulator's default manifest: 4 levels and
    a blank, 2-of-3 trustees); returns a skip reason when the simulator is not available."""
    try:
        from phieukin.record.events import write_record
        from phieukin.record.simulate import simulate_election
    except ImportError as exc:
        return f"the record simulator is not available ({exc})"
    election = simulate_election(ballots, seed="bench", jobs=2)
    write_record(election.events, path)
    return None


def _verify_s(path: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (the child and its workers: rusage) of one ``phieukin verify`` run.

    CPU time is reported too because the bench machine is shared: wall time depends on the load.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "phieukin.cli", "verify", str(path), "--jobs", str(jobs), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"phieukin verify failed: {(done.stdout + done.stderr)[-500:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, cpu


def run_record(ballots: int) -> dict[str, Any]:
    """Seconds to verify an N-ballot record with 1 and 2 jobs (and the 2-job time scaled to 10k)."""
    with tempfile.TemporaryDirectory(prefix="phieukin-bench-") as tmp:
        path = Path(tmp) / "record.jsonl"
        start = time.perf_counter()
        reason = _simulate(path, ballots)
        if reason:
            return {"skipped": reason}
        made = time.perf_counter() - start
        load = (
            Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
        )
        (one, one_cpu), (two, two_cpu) = _verify_s(path, 1), _verify_s(path, 2)
        return {
            "ballots": ballots,
            "simulate_s": made,
            "record_bytes": path.stat().st_size,
            "load_average_1min": load,
            "one_core_s": one,
            "two_cores_s": two,
            "cpu_ms_per_ballot_one_core": one_cpu * 1000 / ballots,
            "cpu_ms_per_ballot_two_cores": two_cpu * 1000 / ballots,
            "two_cores_s_10k": two * 10000 / ballots,
            "extrapolated_to_10k": ballots != 10000,
        }
