"""Crypto benchmark: our ballot crypto against ElectionGuard 1.4 and Belenios 2.0, in one run.

Run with ``phieukin bench crypto`` (or ``python bench/crypto.py``); ``--quick`` for a short run,
``--no-baselines`` to skip the peers. Measures, per ballot shape (one-of-4, a 5-option rating,
16 one-of-4 questions): encrypt+prove, verify, tally and decrypt; full-record verification of
10,000 ballots on one core and on both; the JS booth under node; and the same workload with
ElectionGuard 1.4.0 (its own Python 3.10 venv) and Belenios 2.0 (``belenios-tool``). Prints a
table with ratios and the targets, and writes everything as JSON to ``bench/results/``.

The machine is shared: absolute numbers are noisy, ratios measured in the same run hold better.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baselines import runners  # noqa: E402
from record_bench import run_record  # noqa: E402

from phieukin.crypto.ballot import check_ballot, encrypt_ballot  # noqa: E402
from phieukin.crypto.credentials import derive_credential, generate_code  # noqa: E402
from phieukin.crypto.election import ElectionContext, parse_setup  # noqa: E402
from phieukin.crypto.group import Element  # noqa: E402
from phieukin.crypto.tally import (  # noqa: E402
    add_ballot,
    combine,
    empty_tally,
    partial_decrypt,
    verify_partial_decryption,
)
from phieukin.crypto.threshold import dkg_commit, dkg_receive, dkg_reveal, joint_keys  # noqa: E402

TARGETS = {
    "verify_one_of_4_ms": 2.5,
    "record_10k_two_cores_s": 20.0,
    "electionguard_verify_ratio": 50.0,
    "js_one_of_4_node_ms": 50.0,
    "js_one_of_4_chromium_ms": 100.0,
}


def question(k: int, kind: str, options: int) -> dict[str, Any]:
    labels = [f"Mức {o + 1}" for o in range(options)]
    return {"id": f"q{k}", "kind": kind, "label": f"Câu {k}", "options": labels, "min": 1, "max": 1}


SHAPES: dict[str, list[dict[str, Any]]] = {
    "one_of_4": [question(0, "choose", 4)],
    "rating_5": [question(0, "rating", 5)],
    "sixteen": [question(k, "choose", 4) for k in range(16)],
}


def one_trustee_election(questions: list[dict[str, Any]]) -> tuple[ElectionContext, Any]:
    """A 1-of-1 election (as the ElectionGuard baseline uses one guardian); returns ctx, share."""
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


def best_ms(fn: Callable[[int], Any], reps: int) -> tuple[float, Any]:
    """Minimum wall time of ``fn(i)`` over ``reps`` calls (ms), and the last result.

    The minimum, not the median: on a shared machine the other engineers' load only ever adds
    time, so the fastest run is the best estimate of the work itself (as ``timeit`` advises).
    """
    times, last = [], None
    for i in range(reps):
        start = time.perf_counter()
        last = fn(i)
        times.append((time.perf_counter() - start) * 1000)
    return min(times), last


def ours(questions: list[dict[str, Any]], reps: int, tally_ballots: int) -> dict[str, float]:
    """Encrypt+prove, verify, tally (per ballot) and decrypt (prove + verify + combine), in ms."""
    ctx, share = one_trustee_election(questions)
    creds = [derive_credential("bench", generate_code()) for _ in range(max(reps, tally_ballots))]
    allowed = {c.public.hex() for c in creds}

    def choices(i: int) -> list[list[int]]:
        return [
            [int(o == (i + k) % len(q["options"])) for o in range(len(q["options"]))]
            for k, q in enumerate(questions)
        ]

    enc_ms, _ = best_ms(lambda i: encrypt_ballot(ctx, creds[i], choices(i))[0], reps)
    datas = [encrypt_ballot(ctx, creds[i], choices(i))[0] for i in range(tally_ballots)]
    ver_ms, _ = best_ms(lambda i: check_ballot(datas[i % len(datas)], ctx, allowed), reps)
    ballots = [check_ballot(d, ctx, allowed) for d in datas]
    start = time.perf_counter()
    tally = empty_tally(ctx.manifest)
    for b in ballots:
        tally = add_ballot(tally, b)
    tally_ms = (time.perf_counter() - start) * 1000 / len(ballots)
    vk = Element.from_hex(ctx.public_key.hex())

    def decrypt(_: int) -> Any:
        pd = partial_decrypt(
            share, tally, verification_key=vk, trustee=1, fingerprint=ctx.fingerprint
        )
        verify_partial_decryption(pd, tally, vk, ctx.fingerprint).require()
        return combine(tally, {1: pd}, 1, len(ballots))

    dec_ms, (_, counts) = best_ms(decrypt, max(1, reps // 4))
    assert sum(counts[0]) == len(ballots), "decrypted tally does not add up"
    size = len(json.dumps(datas[0], separators=(",", ":")))
    return {
        "encrypt_ms": enc_ms,
        "verify_ms": ver_ms,
        "tally_per_ballot_ms": tally_ms,
        "decrypt_ms": dec_ms,
        "ballot_bytes": size,
    }


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:8.1f}x" if a and b else "       —"


def fmt(v: float | None, unit: str = "ms") -> str:
    return f"{v:10.2f} {unit}" if isinstance(v, int | float) else f"{'—':>10}   "


def get(d: dict[str, Any], *path: str) -> float | None:
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d if isinstance(d, int | float) else None


def report(res: dict[str, Any]) -> None:
    """Print the comparison table, the targets and every skip reason."""
    eg, bel, js, rec = res["electionguard"], res["belenios"], res["js"], res["record"]
    print("\nper ballot (best of N)         phieukin    ElectionGuard 1.4    ratio")
    for shape, eg_key in (("one_of_4", "one_of_4"), ("rating_5", None), ("sixteen", "sixteen")):
        for metric in ("encrypt_ms", "verify_ms", "tally_per_ballot_ms", "decrypt_ms"):
            mine = get(res["ours"], shape, metric)
            peer = get(eg, eg_key, metric) if eg_key else None
            print(f"  {shape:9} {metric:19} {fmt(mine)} {fmt(peer)} {ratio(peer, mine)}")
    slope = get(bel, "verify_slope_ms")
    mine = get(res["ours"], "one_of_4", "verify_ms")
    print(
        f"\nBelenios 2.0 ({bel.get('group', '-')}) verify slope per ballot {fmt(slope)}"
        f"  phieukin {fmt(mine)} {ratio(slope, mine)}"
    )
    print(f"Belenios generate-ballot (incl. process start) {fmt(get(bel, 'generate_ballot_ms'))}")
    for where, runs in (("under node", js), ("in Chromium", res["chromium"])):
        for shape in ("one_of_4", "rating_5", "sixteen"):
            enc, ver = get(runs, shape, "encrypt_ms"), get(runs, shape, "verify_ms")
            print(f"JS {where:11} {shape:9} encrypt {fmt(enc)}  verify {fmt(ver)}")
    for key, label in (("one_core_s", "one core"), ("two_cores_s", "two cores")):
        n = rec.get("ballots", "?")
        print(f"record of {n} ballots verified, {label:9} {fmt(get(rec, key), 's')}")
    lib = res["js_libraries_us"]
    if "skipped" not in lib:
        print(
            f"JS scalar mult (µs): noble fixed {lib['noble_fixed_base_us']:.0f}, variable "
            f"{lib['noble_variable_base_us']:.0f} "
            f"(precomputed {lib['noble_precomputed_var_base_us']:.0f});"
            f" libsodium wasm fixed {lib['sodium_fixed_base_us']:.0f}, "
            f"variable {lib['sodium_variable_base_us']:.0f}"
        )
    print("\ntargets:")
    checks = [
        ("verify one-of-4 on one core ≤ 2.5 ms", mine, "≤", TARGETS["verify_one_of_4_ms"]),
        (
            "10,000-ballot record on 2 cores < 20 s"
            + (f" (scaled from {rec['ballots']})" if rec.get("extrapolated_to_10k") else ""),
            get(rec, "two_cores_s_10k"),
            "<",
            TARGETS["record_10k_two_cores_s"],
        ),
        (
            "≥ 50x faster verify than ElectionGuard",
            (get(eg, "one_of_4", "verify_ms") or 0) / (mine or 1) or None,
            "≥",
            TARGETS["electionguard_verify_ratio"],
        ),
        (
            "JS one-of-4 encryption under node < 50 ms",
            get(js, "one_of_4", "encrypt_ms"),
            "<",
            TARGETS["js_one_of_4_node_ms"],
        ),
        (
            "JS one-of-4 encryption in headless Chromium < 100 ms",
            get(res["chromium"], "one_of_4", "encrypt_ms"),
            "<",
            TARGETS["js_one_of_4_chromium_ms"],
        ),
    ]
    for label, value, op, bound in checks:
        if value is None:
            print(f"  [skip] {label}")
            continue
        met = value <= bound if op == "≤" else value < bound if op == "<" else value >= bound
        print(f"  [{'ok' if met else 'MISS'}] {label}: {value:.2f}")
    for name in ("electionguard", "belenios", "js", "chromium", "record"):
        if "skipped" in res[name]:
            print(f"  note: {name} skipped — {res[name]['skipped']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and ballots")
    parser.add_argument("--no-baselines", action="store_true", help="skip ElectionGuard/Belenios")
    parser.add_argument("--ballots", type=int, help="record size (default 10000, quick 1000)")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args()
    reps = 10 if args.quick else 60
    ballots = args.ballots or (1000 if args.quick else 10000)
    res: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "note": "shared machine; numbers are noisy",
        },
        "quick": args.quick,
    }
    print(f"phieukin crypto bench ({'quick' if args.quick else 'full'}); shared machine: noisy")
    print("  ours (Python, rbcl/libsodium) ...", flush=True)
    tally_n = 20 if args.quick else 100
    res["ours"] = {
        name: ours(qs, reps if name != "sixteen" else max(3, reps // 6), tally_n)
        for name, qs in SHAPES.items()
    }
    print(f"  record of {ballots} ballots ...", flush=True)
    res["record"] = run_record(ballots)
    print("  JS under node ...", flush=True)
    res["js"] = runners.run_js(args.quick)
    res["js_libraries_us"] = runners.run_libchoice()
    print("  JS in headless Chromium ...", flush=True)
    res["chromium"] = runners.run_chromium(args.quick)
    if args.no_baselines:
        res["electionguard"] = res["belenios"] = {"skipped": "--no-baselines"}
    else:
        print("  ElectionGuard 1.4.0 (Python 3.10 venv) ...", flush=True)
        res["electionguard"] = runners.run_electionguard(args.quick)
        print("  Belenios 2.0 (belenios-tool) ...", flush=True)
        res["belenios"] = runners.run_belenios(args.quick)
    report(res)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = res["when"].replace(":", "").replace("-", "")[:15]
    path = args.out / f"crypto-{stamp}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n")
    print(f"\nwrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
