"""Per-ballot verification, honestly: fresh processes, alternating contestants, distinct ballots.

Each round starts one fresh process per contestant, in an order that rotates from round to
round, so the shared machine's load falls on all of them alike:

- ``decaf``, ``sodium``: this tree's ``check_ballot`` on each group backend (``PHIEUKIN_GROUP``);
- ``main@REF`` (``--baseline-ref REF``): the same worker on a detached git worktree of REF (what
  the code did before), so "× today's" is measured, not remembered;
- ``electionguard``: ElectionGuard 1.4.0's ``is_valid_encryption`` in ``.bench-venv-eg``
  (``bench/baselines/electionguard_bench.py --verify-ballots``);
- ``belenios``: Debian's belenios-tool 2.0 (BELENIOS-2048), ``election verify`` of elections of
  ``small`` and ``large`` ballots prepared once; the CPU-time slope is the cost of one ballot.

In a worker every timed ballot is a different ballot (its own credential and choices), verified
once, and nothing is cached between ballots beyond what the verifier itself keeps for an
election (the joint key's table). Each ballot's CPU time (``time.process_time``) and wall time
are recorded; the report gives the median CPU time and the minimum wall time. The same process
counts the group-library operations of one more ballot and times each operation on distinct
inputs (``bench/floor.py``): the floor printed beside each figure is counts × costs, and
"outside" is the share of the CPU time spent outside the group library.

usage: python bench/verify_ballot.py [--rounds 3] [--ballots 200] [--shape one_of_4]
           [--baseline-ref REF] [--no-peers] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))


def question(k: int, kind: str, options: int) -> dict[str, Any]:
    labels = [f"Mức {o + 1}" for o in range(options)]
    return {"id": f"q{k}", "kind": kind, "label": f"Câu {k}", "options": labels, "min": 1, "max": 1}


SHAPES: dict[str, list[dict[str, Any]]] = {
    "one_of_4": [question(0, "choose", 4)],
    "rating_5": [question(0, "rating", 5)],
    "sixteen": [question(k, "choose", 4) for k in range(16)],
}


def one_trustee_election(questions: list[dict[str, Any]]) -> tuple[Any, Any]:
    """A 1-of-1 election (the ElectionGuard baseline has one guardian); returns ctx, share."""
    from phieukin.crypto.election import ElectionContext, parse_setup
    from phieukin.crypto.group import Element
    from phieukin.crypto.threshold import dkg_commit, dkg_receive, dkg_reveal, joint_keys

    setup = {
        "version": "PHIEUKIN-v1",
        "group": "ristretto255",
        "election_id": "bench",
        "manifest": {"title": "bench", "questions": questions},
        "threshold": 1,
        "trustees": [{"index": 1, "name": "T1"}],
        "policy": "first",
    }
    secret, commit = dkg_commit("bench", 1, 1)
    reveal = dkg_reveal(secret, "bench", {1: Element.from_hex(commit["public_key"])})
    share, _ = dkg_receive(secret, "bench", {1: reveal})
    public, _ = joint_keys({1: reveal}, [1])
    return ElectionContext.create(parse_setup(setup), public), share


def choices_of(questions: list[dict[str, Any]], i: int) -> list[list[int]]:
    return [
        [int(o == (i + k) % len(q["options"])) for o in range(len(q["options"]))]
        for k, q in enumerate(questions)
    ]


# -- one fresh process -------------------------------------------------------------------------


def worker(shape: str, ballots: int) -> dict[str, Any]:
    """Encrypt ``ballots`` + 1 distinct ballots, verify each once (timed), count and cost ops."""
    import floor

    from phieukin.crypto.ballot import check_ballot, encrypt_ballot
    from phieukin.crypto.credentials import derive_credential, generate_code

    questions = SHAPES[shape]
    ctx, _ = one_trustee_election(questions)
    creds = [derive_credential("bench", generate_code()) for _ in range(ballots + 1)]
    listed = {c.public.hex() for c in creds}
    enc_cpu, datas = [], []
    for i, cred in enumerate(creds):
        start = time.process_time()
        datas.append(encrypt_ballot(ctx, cred, choices_of(questions, i))[0])
        enc_cpu.append((time.process_time() - start) * 1000)
    spare = datas.pop()  # counted, never timed
    counts = floor.count_ops(lambda: check_ballot(spare, ctx, listed))
    load_before = floor.load_average()
    cpu, wall = [], []
    for data in datas:
        c0, w0 = time.process_time(), time.perf_counter()
        check_ballot(data, ctx, listed)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    load_after = floor.load_average()
    costs = floor.op_costs()
    return {
        "backend": floor.backend_name(),
        "shape": shape,
        "ballots": len(datas),
        "verify_cpu_ms": cpu,
        "verify_wall_ms": wall,
        "encrypt_cpu_ms": enc_cpu[:-1],
        "op_counts": counts,
        "op_costs_us": costs,
        "floor_ms": floor.floor_us(counts, costs) / 1000,
        "load": [load_before, load_after],
    }


# -- the driver --------------------------------------------------------------------------------


def _run(cmd: list[str], env: dict[str, str], timeout: float = 1800) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        cmd, env=env, capture_output=True, text=True, check=False, timeout=timeout, cwd=REPO
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        return {"skipped": f"{cmd[1]} failed: {(done.stdout + done.stderr).strip()[-600:]}"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"skipped": f"{cmd[1]} printed no JSON: {done.stderr.strip()[-300:]}"}
    out: dict[str, Any] = json.loads(lines[-1])
    out["process_wall_s"] = wall
    out["process_cpu_s"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return out


class Contestants:
    """Who runs in a round, and how each is started."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.names = ["decaf", "sodium"]
        self.skipped: dict[str, str] = {}
        self.baseline: Path | None = None
        self.baseline_commit = ""
        self.belenios_dirs: tuple[Path, Path] | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="phieukin-verify-bench-")
        try:
            from phieukin.crypto import group_decaf  # noqa: F401
        except ImportError:
            self.names.remove("decaf")
            self.skipped["decaf"] = "libdecaf0 is not installed"
        if args.baseline_ref:
            self._add_baseline(args.baseline_ref)
        if not args.no_peers:
            self._add_peers()

    def _add_baseline(self, ref: str) -> None:
        path = Path(self._tmp.name) / "baseline"
        done = subprocess.run(
            ["git", "worktree", "add", "--detach", str(path), ref],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            self.skipped[f"main@{ref}"] = f"git worktree add failed: {done.stderr.strip()}"
            return
        self.baseline = path
        self.baseline_commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=path,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        self.names.append(f"main@{self.baseline_commit}")

    def _add_peers(self) -> None:
        from baselines import runners

        python = runners._ensure_eg_venv()
        if isinstance(python, str):
            self.skipped["electionguard"] = python
        else:
            self.eg_python = str(python)
            self.names.append("electionguard")
        if shutil.which("belenios-tool") is None:
            self.skipped["belenios"] = (
                "belenios-tool is not installed (apt-get install belenios-tool)"
            )
        else:
            print("  preparing the Belenios elections (once) ...", flush=True)
            base = Path(self._tmp.name)
            prepared = _run(
                [
                    sys.executable,
                    str(HERE / "baselines" / "belenios_bench.py"),
                    "--prepare",
                    str(base / "belenios"),
                    "--small",
                    str(self.args.belenios_small),
                    "--large",
                    str(self.args.belenios_large),
                ],
                dict(os.environ),
            )
            if "skipped" in prepared:
                self.skipped["belenios"] = prepared["skipped"]
            else:
                self.belenios_dirs = (Path(prepared["small_dir"]), Path(prepared["large_dir"]))
                self.belenios_prepared = prepared
                self.names.append("belenios")
        self.skipped.setdefault(
            "belenios 2.1 (Ed25519)",
            "not installable here: Debian 12 carries belenios-tool 2.0 only (BELENIOS-2048)",
        )

    def run(self, name: str) -> dict[str, Any]:
        args = self.args
        env = dict(os.environ)
        me = [sys.executable, str(Path(__file__).resolve())]
        worker_args = ["--worker", "--shape", args.shape, "--ballots", str(args.ballots)]
        if name in ("decaf", "sodium"):
            env["PHIEUKIN_GROUP"] = name
            env["PYTHONPATH"] = str(REPO / "src")
            return _run([*me, *worker_args], env)
        if name.startswith("main@") and self.baseline is not None:
            env.pop("PHIEUKIN_GROUP", None)
            env["PYTHONPATH"] = str(self.baseline / "src")
            return _run([*me, *worker_args], env)
        if name == "electionguard":
            script = str(HERE / "baselines" / "electionguard_bench.py")
            count = str(args.eg_ballots)
            return _run([self.eg_python, script, "--verify-ballots", count], env)
        if name == "belenios" and self.belenios_dirs is not None:
            small, large = self.belenios_dirs
            script = str(HERE / "baselines" / "belenios_bench.py")
            return _run([sys.executable, script, "--time", str(small), str(large)], env)
        return {"skipped": f"unknown contestant {name}"}

    def close(self) -> None:
        if self.baseline is not None:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(self.baseline)],
                cwd=REPO,
                capture_output=True,
                check=False,
            )
        self._tmp.cleanup()


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median CPU, minimum wall, floor and the outside-library share over every round's ballots."""
    good = [r for r in runs if "skipped" not in r]
    if not good:
        return {"skipped": runs[0]["skipped"] if runs else "no run"}
    if "verify_cpu_ms_per_ballot" in good[0]:  # a peer: its own per-ballot figures
        cpu = [r["verify_cpu_ms_per_ballot"] for r in good]
        wall = [r["verify_wall_ms_per_ballot"] for r in good]
        return {
            "cpu_ms_median": statistics.median(cpu),
            "cpu_ms_rounds": cpu,
            "wall_ms_min": min(wall),
            "note": good[0].get("note", ""),
        }
    cpu = [x for r in good for x in r["verify_cpu_ms"]]
    wall = [x for r in good for x in r["verify_wall_ms"]]
    floors = [r["floor_ms"] for r in good]
    median_cpu = statistics.median(cpu)
    return {
        "backend": good[0]["backend"],
        "ballots_timed": len(cpu),
        "cpu_ms_median": median_cpu,
        "cpu_ms_rounds": [statistics.median(r["verify_cpu_ms"]) for r in good],
        "wall_ms_min": min(wall),
        "floor_ms": statistics.median(floors),
        "outside_library": 1 - statistics.median(floors) / median_cpu,
        "encrypt_cpu_ms_median": statistics.median([x for r in good for x in r["encrypt_cpu_ms"]]),
        "op_counts": good[0]["op_counts"],
        "op_costs_us": good[-1]["op_costs_us"],
    }


def report(result: dict[str, Any]) -> None:
    summary = result["summary"]
    ref = summary.get("decaf") or summary.get("sodium") or {}
    base = ref.get("cpu_ms_median")
    print(f"\n{result['shape']} ballot verification, {result['rounds']} rounds, {result['when']}")
    print(f"machine: {result['machine']['cpu']} ({result['machine']['cpus']} CPUs)")
    print(f"load average (1 min) during the runs: {result['load_range']}")
    header = "contestant", "CPU ms (median)", "min wall ms", "floor ms", "outside", "× phieukin"
    print("  {:24} {:>15} {:>12} {:>9} {:>8} {:>11}".format(*header))
    for name, s in summary.items():
        if "skipped" in s:
            print(f"  {name:24} skipped: {s['skipped']}")
            continue
        floor_ms = f"{s['floor_ms']:.3f}" if "floor_ms" in s else "—"
        outside = f"{s['outside_library']:.0%}" if "outside_library" in s else "—"
        times = f"{s['cpu_ms_median'] / base:.2f}" if base else "—"
        print(
            f"  {name:24} {s['cpu_ms_median']:15.3f} {s['wall_ms_min']:12.3f} {floor_ms:>9}"
            f" {outside:>8} {times:>11}"
        )
    for name, reason in result["skipped"].items():
        print(f"  {name:24} not measured: {reason}")
    if ref:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(ref["op_counts"].items()))
        costs = ", ".join(f"{k} {v:.2f}" for k, v in sorted(ref["op_costs_us"].items()))
        print(f"  {ref['backend']}: operations per ballot: {counts}")
        print(f"  {ref['backend']}: µs per operation (CPU, this run): {costs}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--shape", default="one_of_4", choices=sorted(SHAPES))
    parser.add_argument("--ballots", type=int, default=200, help="timed ballots per process")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline-ref", help="also measure this git ref (a worktree of it)")
    parser.add_argument("--no-peers", action="store_true", help="skip ElectionGuard and Belenios")
    parser.add_argument("--eg-ballots", type=int, default=4)
    parser.add_argument("--belenios-small", type=int, default=50)
    parser.add_argument("--belenios-large", type=int, default=300)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.shape, args.ballots)))
        return 0
    result = run(args)
    report(result)
    path = save(result, args.out, "verify_ballot")
    print(f"\nwrote {path}")
    return 0


def run(args: argparse.Namespace) -> dict[str, Any]:
    contestants = Contestants(args)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in contestants.names}
    loads: list[float] = []
    try:
        for r in range(args.rounds):
            k = r % len(contestants.names)
            order = contestants.names[k:] + contestants.names[:k]
            for name in order:
                print(f"  round {r + 1}/{args.rounds}: {name} ...", flush=True)
                loads.append(os.getloadavg()[0])
                runs[name].append(contestants.run(name))
                loads.append(os.getloadavg()[0])
    finally:
        contestants.close()
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "shape": args.shape,
        "rounds": args.rounds,
        "ballots_per_process": args.ballots,
        "machine": machine(),
        "load_range": [min(loads), max(loads)] if loads else [],
        "summary": {name: summarize(rs) for name, rs in runs.items()},
        "skipped": contestants.skipped,
        "runs": runs,
    }


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def save(result: dict[str, Any], out: Path, name: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stamp = result["when"].replace(":", "").replace("-", "")[:15]
    path = out / f"{name}-{stamp}Z.json"
    path.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    sys.exit(main())
