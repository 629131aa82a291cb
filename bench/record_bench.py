"""Whole-record verification, honestly: one simulated record, fresh ``phieukin verify`` processes.

The record (``simulate_election``: rating ballots of 4 levels and a blank, 2-of-3 trustees) is
written once (kept with ``--keep-record DIR``). Each round then runs, in an order rotating from
round to round, one fresh process per (backend, jobs): ``phieukin verify RECORD --jobs N`` with
``PHIEUKIN_GROUP`` set. Each run reports its wall time, its CPU time (its own and its workers'),
its peak memory (largest resident set of the process and of any worker) and the load average.
The same process then counts the group-library operations of one of the record's ballots (its
proofs and its share of the homomorphic tally) and times each operation: the floor is
ballots × that count × those costs (the per-record work, DKG and decryption, is left out: it is
under 0.1% at 10,000 ballots), and "outside" is the share of CPU time spent elsewhere.

usage: python bench/record_bench.py [--ballots 10000] [--rounds 2] [--jobs 1 2]
           [--keep-record DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def simulate(path: Path, ballots: int) -> dict[str, Any]:
    from phieukin.record.events import write_record
    from phieukin.record.simulate import simulate_election

    start = time.perf_counter()
    election = simulate_election(ballots, seed="bench", jobs=2)
    write_record(election.events, path)
    return {"simulate_s": time.perf_counter() - start, "record_bytes": path.stat().st_size}


# -- one fresh process -------------------------------------------------------------------------


def worker(path: Path, jobs: int) -> dict[str, Any]:
    """``phieukin verify`` in this process, then its floor (counts × costs, measured here)."""
    import floor

    from phieukin.record.cli import verify_main

    load_before = floor.load_average()
    c0, w0 = time.process_time(), time.perf_counter()
    code = verify_main([str(path), "--jobs", str(jobs), "--quiet", "--json"])
    wall = time.perf_counter() - w0
    own_cpu = time.process_time() - c0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_after = floor.load_average()
    if code != 0:
        raise SystemExit(f"phieukin verify exited {code}")
    counts, ballots = ballot_ops(path)
    costs = floor.op_costs()
    per_ballot = floor.floor_us(counts, costs)
    return {
        "backend": floor.backend_name(),
        "jobs": jobs,
        "verify_wall_s": wall,
        "cpu_s": own_cpu + children.ru_utime + children.ru_stime,
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a worker started by a
        # large parent would report the parent's size. Pool workers: their ru_maxrss.
        "peak_rss_mb": _vm_hwm_kb() / 1024,
        "workers_peak_rss_mb": children.ru_maxrss / 1024 if jobs > 1 else 0.0,
        "ballots": ballots,
        "op_counts_per_ballot": counts,
        "op_costs_us": costs,
        "floor_s": per_ballot * ballots / 1e6,
        "load": [load_before, load_after],
    }


def _vm_hwm_kb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return float(line.split()[1])
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def ballot_ops(path: Path) -> tuple[dict[str, int], int]:
    """Group operations of verifying one of the record's ballots and adding it to a tally."""
    import floor

    from phieukin.crypto.ballot import parse_ballot, verify_ballot_proofs
    from phieukin.crypto.canonical import loads
    from phieukin.crypto.tally import add_ballot, empty_tally
    from phieukin.record.events import split_record
    from phieukin.record.verify import verify_record

    lines, _ = split_record(path.read_bytes())
    kinds = [b'"type":"ballot"' in line for line in lines]
    if True not in kinds:
        return {}, 0
    first = kinds.index(True)
    state = verify_record(lines[:first], jobs=1).state  # the context, as the verifier builds it
    ctx = state.ctx if state is not None else None
    if ctx is None:
        return {}, 0
    ballot = loads(lines[first])["payload"]
    ballots = sum(kinds)

    def one() -> None:
        parsed = parse_ballot(ballot, ctx.manifest)
        verify_ballot_proofs(parsed, ctx)
        add_ballot(empty_tally(ctx.manifest), parsed)

    one()  # the joint key's table, built once per record, is not part of a ballot's cost
    return floor.count_ops(one), ballots


# -- the driver --------------------------------------------------------------------------------


def run_record(
    ballots: int,
    *,
    rounds: int = 2,
    jobs: tuple[int, ...] = (1, 2),
    backends: tuple[str, ...] = ("decaf", "sodium"),
    keep_record: Path | None = None,
) -> dict[str, Any]:
    """Simulate once, verify in fresh processes, alternating; a JSON-ready result."""
    with tempfile.TemporaryDirectory(prefix="phieukin-record-bench-") as tmp:
        folder = keep_record or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"record-{ballots}.jsonl"
        made = simulate(path, ballots)
        cases = [(b, j) for b in backends for j in jobs]
        runs: dict[str, list[dict[str, Any]]] = {f"{b} --jobs {j}": [] for b, j in cases}
        for r in range(rounds):
            k = r % len(cases)
            for backend, n in cases[k:] + cases[:k]:
                print(f"  record round {r + 1}/{rounds}: {backend} --jobs {n} ...", flush=True)
                runs[f"{backend} --jobs {n}"].append(_one(path, backend, n))
        return {
            "ballots": ballots,
            **made,
            "record": str(path) if keep_record else None,
            "summary": {name: summarize(rs) for name, rs in runs.items()},
            "runs": runs,
        }


def _one(path: Path, backend: str, jobs: int) -> dict[str, Any]:
    env = {**os.environ, "PHIEUKIN_GROUP": backend, "PYTHONPATH": str(REPO / "src")}
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        str(path),
        "--jobs",
        str(jobs),
    ]
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False, cwd=REPO)
    process_wall = time.perf_counter() - start
    lines = [line for line in done.stdout.splitlines() if line.startswith('{"backend"')]
    if done.returncode != 0 or not lines:
        return {"skipped": f"verify failed: {(done.stdout + done.stderr).strip()[-600:]}"}
    out: dict[str, Any] = json.loads(lines[-1])
    out["process_wall_s"] = process_wall
    return out


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    good = [r for r in runs if "skipped" not in r]
    if not good:
        return {"skipped": runs[0]["skipped"] if runs else "no run"}
    cpu = statistics.median(r["cpu_s"] for r in good)
    floor_s = statistics.median(r["floor_s"] for r in good)
    return {
        "backend": good[0]["backend"],
        "jobs": good[0]["jobs"],
        "wall_s_min": min(r["verify_wall_s"] for r in good),
        "process_wall_s_min": min(r["process_wall_s"] for r in good),
        "cpu_s_median": cpu,
        "floor_s": floor_s,
        "outside_library": 1 - floor_s / cpu if cpu else None,
        "peak_rss_mb_max": max(r["peak_rss_mb"] for r in good),
        "load_1min": [r["load"][0][0] for r in good if r["load"] and r["load"][0]],
    }


def report(result: dict[str, Any]) -> None:
    print(f"\nrecord of {result['ballots']} ballots ({result['record_bytes'] / 1e6:.1f} MB)")
    header = "run", "min wall s", "CPU s (median)", "floor s", "outside", "peak MB", "load"
    print("  {:18} {:>10} {:>14} {:>8} {:>8} {:>8}  {}".format(*header))
    for name, s in result["summary"].items():
        if "skipped" in s:
            print(f"  {name:18} skipped: {s['skipped']}")
            continue
        load = ", ".join(f"{x:.2f}" for x in s["load_1min"])
        print(
            f"  {name:18} {s['wall_s_min']:10.2f} {s['cpu_s_median']:14.2f} {s['floor_s']:8.2f}"
            f" {s['outside_library']:8.0%} {s['peak_rss_mb_max']:8.0f}  {load}"
        )
    if result.get("record"):
        print(f"  record kept: {result['record']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--ballots", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--backends", nargs="+", default=["decaf", "sodium"])
    parser.add_argument("--keep-record", type=Path, help="write the record here and keep it")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    if args.worker:
        result = worker(args.worker, args.jobs[0])
        print(json.dumps(result))
        return 0
    from datetime import UTC, datetime

    from verify_ballot import machine, save

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        **run_record(
            args.ballots,
            rounds=args.rounds,
            jobs=tuple(args.jobs),
            backends=tuple(args.backends),
            keep_record=args.keep_record,
        ),
    }
    report(result)
    print(f"\nwrote {save(result, args.out, 'record')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
