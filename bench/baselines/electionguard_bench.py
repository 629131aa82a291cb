"""ElectionGuard 1.4.0 baseline for ``bench/crypto.py``, run inside its own Python 3.9/3.10 venv.

ElectionGuard 1.4.0 does not import on Python 3.11 (a dataclass mutable-default error), so
``bench/crypto.py`` runs this script in ``.bench-venv-eg`` and reads the single JSON object it
prints. The workload mirrors ours: a rating ballot (one contest, 1 of 4) and a 16-subject ballot
(16 such contests); one guardian; encrypt, ``is_valid_encryption``, tally by ``batch_append``
(``append`` pays ≈ 24 ms of process-pool start per call), decryption share and ``decrypt_tally``.
Times are milliseconds, the minimum of the repetitions (the machine is shared: load only
ever adds time, so the fastest run estimates the work best).

``--verify-ballots N`` (what ``bench/verify_ballot.py`` runs, one fresh process per round):
encrypt N distinct one-of-4 ballots, then verify each exactly once; prints the median CPU time
and the minimum wall time per ballot (no ballot verified twice, so no cache can help).

usage: python electionguard_bench.py [--reps N] [--tally-ballots N] [--verify-ballots N]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from electionguard.ballot import (
    BallotBoxState,
    PlaintextBallot,
    PlaintextBallotContest,
    PlaintextBallotSelection,
)
from electionguard.ballot_box import submit_ballot
from electionguard.constants import get_small_prime
from electionguard.decrypt_with_shares import decrypt_tally
from electionguard.decryption import compute_decryption_share
from electionguard.election import make_ciphertext_election_context
from electionguard.encrypt import encrypt_ballot
from electionguard.group import TWO_MOD_Q
from electionguard.key_ceremony import generate_election_key_pair
from electionguard.manifest import (
    BallotStyle,
    Candidate,
    CandidateContestDescription,
    ElectionType,
    GeopoliticalUnit,
    InternalManifest,
    Manifest,
    ReportingUnitType,
    SelectionDescription,
    SpecVersion,
    VoteVariationType,
)
from electionguard.scheduler import Scheduler
from electionguard.tally import CiphertextTally

LEVELS = ["A", "B", "C", "D"]


def build_manifest(contests: int) -> Manifest:
    """A manifest with ``contests`` one-of-4 contests, like our rating questions."""
    candidates = [Candidate(f"c{k}") for k in LEVELS]
    descriptions = [
        CandidateContestDescription(
            object_id=f"q{i}",
            sequence_order=i,
            electoral_district_id="unit",
            vote_variation=VoteVariationType.one_of_m,
            number_elected=1,
            votes_allowed=1,
            name=f"question {i}",
            ballot_selections=[
                SelectionDescription(f"q{i}-{k}", j, f"c{k}") for j, k in enumerate(LEVELS)
            ],
        )
        for i in range(contests)
    ]
    now = datetime.now(timezone.utc)  # noqa: UP017 - this script runs on Python 3.9/3.10
    return Manifest(
        election_scope_id="bench",
        spec_version=SpecVersion.EG0_95,
        type=ElectionType.other,
        start_date=now,
        end_date=now,
        geopolitical_units=[GeopoliticalUnit("unit", "unit", ReportingUnitType.unknown)],
        parties=[],
        candidates=candidates,
        contests=descriptions,
        ballot_styles=[BallotStyle("style", ["unit"])],
    )


def plaintext(contests: int, index: int) -> PlaintextBallot:
    """A ballot choosing level ``(index + i) % 4`` in contest ``i``."""
    chosen = [
        PlaintextBallotContest(
            f"q{i}", [PlaintextBallotSelection(f"q{i}-{LEVELS[(index + i) % 4]}", 1)]
        )
        for i in range(contests)
    ]
    return PlaintextBallot(f"b{index}", "style", chosen)


def best_ms(fn: Callable[[], Any], reps: int) -> tuple[float, Any]:
    """Minimum wall time of ``fn`` in ms over ``reps`` calls, and the last result."""
    times, result = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), result


def run_workload(contests: int, reps: int, tally_ballots: int) -> dict[str, float]:
    """Encrypt, verify, tally and decrypt for one ballot shape; returns timings in ms."""
    manifest = build_manifest(contests)
    internal = InternalManifest(manifest)
    keys = generate_election_key_pair("g1", 1, 1)
    context = make_ciphertext_election_context(
        1, 1, keys.key_pair.public_key, TWO_MOD_Q, manifest.crypto_hash()
    )
    seed = manifest.crypto_hash()

    def encrypt_one(i: int = 0) -> Any:
        ballot = encrypt_ballot(plaintext(contests, i), internal, context, seed)
        if ballot is None:
            raise RuntimeError("electionguard refused to encrypt the ballot")
        return ballot

    encrypt_ms, ballot = best_ms(encrypt_one, reps)

    def verify_one() -> bool:
        return ballot.is_valid_encryption(
            seed, keys.key_pair.public_key, context.crypto_extended_base_hash
        )

    verify_ms, valid = best_ms(verify_one, reps)
    if not valid:
        raise RuntimeError("electionguard rejected its own ballot")
    submitted = [submit_ballot(encrypt_one(i), BallotBoxState.CAST) for i in range(tally_ballots)]
    with Scheduler() as scheduler:
        tally = CiphertextTally("tally", internal, context)
        start = time.perf_counter()
        tally.batch_append([(b.object_id, b) for b in submitted], False, scheduler)
        tally_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        share = compute_decryption_share(keys, tally, context, scheduler)
        result = decrypt_tally(tally, {"g1": share}, context.crypto_extended_base_hash, manifest)
        decrypt_ms = (time.perf_counter() - start) * 1000
    if result is None:
        raise RuntimeError("electionguard could not decrypt the tally")
    return {
        "encrypt_ms": encrypt_ms,
        "verify_ms": verify_ms,
        "tally_per_ballot_ms": tally_ms / tally_ballots,
        "decrypt_ms": decrypt_ms,
    }


def verify_distinct(count: int) -> dict[str, object]:
    """CPU and wall ms of ``is_valid_encryption`` on ``count`` distinct ballots, each once."""
    manifest = build_manifest(1)
    internal = InternalManifest(manifest)
    keys = generate_election_key_pair("g1", 1, 1)
    context = make_ciphertext_election_context(
        1, 1, keys.key_pair.public_key, TWO_MOD_Q, manifest.crypto_hash()
    )
    seed = manifest.crypto_hash()
    ballots = [encrypt_ballot(plaintext(1, i), internal, context, seed) for i in range(count)]
    cpu, wall = [], []
    for ballot in ballots:
        c0, w0 = time.process_time(), time.perf_counter()
        valid = ballot.is_valid_encryption(
            seed, keys.key_pair.public_key, context.crypto_extended_base_hash
        )
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if not valid:
            raise RuntimeError("electionguard rejected its own ballot")
    cpu.sort()
    return {
        "ballots": count,
        "verify_cpu_ms_per_ballot": cpu[len(cpu) // 2],
        "verify_wall_ms_per_ballot": min(wall),
        "cpu_ms_each": cpu,
        "note": "is_valid_encryption, one-of-4 contest, distinct ballots",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--tally-ballots", type=int, default=20)
    parser.add_argument("--verify-ballots", type=int, default=0)
    args = parser.parse_args()
    # ElectionGuard logs every encryption at INFO (4096-bit numbers): silence it, it is not crypto.
    logging.disable(logging.CRITICAL)
    get_small_prime()  # warm the constants before timing anything
    if args.verify_ballots:
        print(json.dumps(verify_distinct(args.verify_ballots)))
        return 0
    out = {
        "python": sys.version.split()[0],
        "one_of_4": run_workload(1, args.reps, args.tally_ballots),
        "sixteen": run_workload(16, max(1, args.reps // 2), max(2, args.tally_ballots // 4)),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
