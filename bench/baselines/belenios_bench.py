"""Belenios 2.0 baseline for ``bench/crypto.py``: per-ballot ``election verify`` slope.

Debian's ``belenios-tool`` 2.0 offers the BELENIOS-2048 group (Ed25519 came in 2.1). The setup
follows the peers' common set-up: one trustee, one question with answers A-D (min 1, max 1), one
credential per voter. We add ``small`` ballots, time ``election verify``, add ballots up to
``large`` and time it again; the slope (t_large - t_small) / (large - small) is the verification
cost of one ballot, free of the process start and the fixed election checks. ``election
generate-ballot`` is timed per call (it includes the process start, ≈ 4 ms). Times are in ms,
the best of the runs (the machine is shared: load only adds time).

For ``bench/verify_ballot.py``: ``--prepare DIR`` builds the two elections once (``DIR/small``,
``DIR/large``, the second holding the first's ballots and more, each ballot distinct), and
``--time SMALL LARGE`` runs ``election verify`` once on each in a fresh process and prints the
per-ballot slope in CPU time (rusage of the child) and in wall time.

usage: python belenios_bench.py [--small N] [--large N] [--group G] [--keep DIR]
       python belenios_bench.py --prepare DIR [--small N] [--large N]
       python belenios_bench.py --time SMALL_DIR LARGE_DIR
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOL = "belenios-tool"
TEMPLATE = {
    "description": "phieukin bench",
    "name": "phieukin bench",
    "questions": [{"answers": ["A", "B", "C", "D"], "min": 1, "max": 1, "question": "Level?"}],
}


def tool(folder: Path, *args: str, stdin: str | None = None, err: bool = False) -> str:
    """Run ``belenios-tool`` in ``folder``; return its stdout (or stderr, where it reports)."""
    done = subprocess.run(
        [TOOL, *args], cwd=folder, input=stdin, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"belenios-tool {' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done.stderr if err else done.stdout


def set_up(folder: Path, group: str, voters: int) -> list[str]:
    """Create a one-of-4 election with ``voters`` credentials; return the private credentials."""
    uuid = tool(folder, "setup", "generate-token").strip()
    tool(
        folder,
        "setup",
        "generate-credentials",
        "--uuid",
        uuid,
        "--group",
        group,
        "--count",
        str(voters),
    )
    tool(folder, "setup", "generate-trustee-key", "--group", group)
    (folder / "public_keys.jsons").write_text(
        "".join(p.read_text() for p in sorted(folder.glob("*.pubkey")))
    )
    shutil.copy(next(folder.glob("*.pubcreds")), folder / "public_creds.json")
    tool(folder, "setup", "make-trustees")
    (folder / "template.json").write_text(json.dumps(TEMPLATE))
    tool(
        folder,
        "setup",
        "make-election",
        "--uuid",
        uuid,
        "--group",
        group,
        "--template",
        "template.json",
    )
    tool(folder, "archive", "init")
    lines = next(folder.glob("*.privcreds")).read_text().split("\n")
    return [line.split()[-1] for line in lines if line.strip()]


def cast(folder: Path, credentials: list[str]) -> list[float]:
    """Create and add one ballot per credential; return each ``generate-ballot`` time in ms."""
    times = []
    for i, credential in enumerate(credentials):
        cred_file, ballot_file = folder / "cred.txt", folder / "choice.json"
        cred_file.write_text(credential + "\n")
        choice = [0, 0, 0, 0]
        choice[i % 4] = 1
        ballot_file.write_text(json.dumps([choice]))
        start = time.perf_counter()
        ballot = tool(
            folder,
            "election",
            "generate-ballot",
            "--dir",
            ".",
            "--privcred",
            "cred.txt",
            "--ballot",
            "choice.json",
        )
        times.append((time.perf_counter() - start) * 1000)
        tool(folder, "archive", "add-event", "--type=Ballot", stdin=ballot)
    return times


def verify_ms(folder: Path, runs: int = 2) -> float:
    """Best wall time of ``runs`` full ``election verify`` runs in ms (load only adds time)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        out = tool(folder, "election", "verify", "--dir", ".", err=True)
        best = min(best, (time.perf_counter() - start) * 1000)
        if "all checks passed" not in out:
            raise RuntimeError(f"belenios-tool election verify did not pass: {out.strip()}")
    return best


def run(folder: Path, group: str, small: int, large: int) -> dict[str, object]:
    """The whole measurement in ``folder``; returns the JSON-ready result."""
    credentials = set_up(folder, group, large)
    gen = cast(folder, credentials[:small])
    t_small = verify_ms(folder)
    gen += cast(folder, credentials[small:])
    t_large = verify_ms(folder)
    ballot_bytes = len(
        tool(
            folder,
            "election",
            "generate-ballot",
            "--dir",
            ".",
            "--privcred",
            "cred.txt",
            "--ballot",
            "choice.json",
        ).encode()
    )
    gen.sort()
    return {
        "version": tool(folder, "--version").strip(),
        "group": group,
        "small": small,
        "large": large,
        "generate_ballot_ms": gen[0],
        "generate_ballot_median_ms": gen[len(gen) // 2],
        "verify_small_ms": t_small,
        "verify_large_ms": t_large,
        "verify_slope_ms": (t_large - t_small) / (large - small),
        "ballot_bytes": ballot_bytes,
    }


def prepare(folder: Path, group: str, small: int, large: int) -> dict[str, object]:
    """Two elections in ``folder``: ``small`` ballots, and the same plus ``large - small``."""
    work = folder / "large"
    work.mkdir(parents=True, exist_ok=True)
    credentials = set_up(work, group, large)
    cast(work, credentials[:small])
    (work / "ballots.count").write_text(str(small))
    shutil.copytree(work, folder / "small")
    cast(work, credentials[small:])
    (work / "ballots.count").write_text(str(large))
    return {
        "version": tool(work, "--version").strip(),
        "group": group,
        "small": small,
        "large": large,
        "small_dir": str(folder / "small"),
        "large_dir": str(work),
    }


def verify_cpu(folder: Path) -> tuple[float, float]:
    """CPU and wall ms of one ``election verify`` (a fresh process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = tool(folder, "election", "verify", "--dir", ".", err=True)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if "all checks passed" not in out:
        raise RuntimeError(f"belenios-tool election verify did not pass: {out.strip()}")
    return ((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)) * 1000, wall


def time_slope(small_dir: Path, large_dir: Path) -> dict[str, object]:
    small = int((small_dir / "ballots.count").read_text())
    large = int((large_dir / "ballots.count").read_text())
    cpu_small, wall_small = verify_cpu(small_dir)
    cpu_large, wall_large = verify_cpu(large_dir)
    return {
        "small": small,
        "large": large,
        "verify_cpu_ms_per_ballot": (cpu_large - cpu_small) / (large - small),
        "verify_wall_ms_per_ballot": (wall_large - wall_small) / (large - small),
        "note": "BELENIOS-2048, election verify slope between two elections",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--group", default="BELENIOS-2048")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--prepare", type=Path, help="build the small and large elections here")
    parser.add_argument("--time", type=Path, nargs=2, help="time verify on SMALL and LARGE")
    args = parser.parse_args()
    if args.time:
        print(json.dumps(time_slope(*args.time)))
        return 0
    if args.prepare:
        print(json.dumps(prepare(args.prepare, args.group, args.small, args.large)))
        return 0
    if shutil.which(TOOL) is None:
        missing = "belenios-tool is not installed (apt-get install belenios-tool)"
        print(json.dumps({"skipped": missing}))
        return 0
    if args.large <= args.small:
        parser.error("--large must exceed --small")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.keep, args.group, args.small, args.large)
    else:
        with tempfile.TemporaryDirectory(prefix="belenios-bench-") as tmp:
            result = run(Path(tmp), args.group, args.small, args.large)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
