"""The independent verifier: ``verify_record(lines) -> VerificationReport`` (protocol.md §2.3).

One sequential pass (``RecordState``) checks links, order, schemas, the DKG, policy, tally and
result; the ballot proofs, ≈ 85% of the work, are checked in chunks on ``jobs`` processes, which
also add up the counted ballots for the encrypted-tally check. The first failing event (lowest
``seq``) is reported, whichever kind of check found it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from phieukin.crypto.ballot import Ballot, verify_ballot_proofs
from phieukin.crypto.election import ElectionContext
from phieukin.crypto.elgamal import Ciphertext
from phieukin.crypto.errors import CryptoError, ErrorCode
from phieukin.crypto.group import Element
from phieukin.crypto.tally import Tally, add_ballot, empty_tally
from phieukin.record.events import Event, line_body_hash, parse_event
from phieukin.record.state import RecordState
from phieukin.record.tally_checks import TALLY_DIFFERS

Progress = Callable[[str, int, int], None]
CHUNK = 64

CHECKED = (
    "canonical encoding of every event",
    "hash chain (seq, prev, hash)",
    "phase order and payload schemas",
    "DKG: key proofs, commit-then-reveal, secret proofs, signatures, joint key, fingerprint",
    "credential list",
    "every ballot: election, credential, 0/1 proofs, sum proofs, signature, policy",
    "audited ballots open to their revealed choices",
    "encrypted tally = sum of counted ballots",
    "partial decryption proofs",
    "result = Lagrange combination of partial decryptions",
    "invariants: credentials ≤ present, counted ≤ present, result trustees decrypted",
)
CHECKED_V2 = (
    *CHECKED,
    "v2: chair key and chair-signed attendance (quorum met)",
    "v2: DKG complaint round, qualified trustees, key possession proofs",
    "v2: credential list signed by its issuer and endorsed by t trustees",
    "v2: close carries the hash of the counted ballots; partial decryptions sign that close",
    (
        "v2 hybrid poll (if the record has a paper_count): sheets reconciled, cards + sheets ≤"
        " present, signed by ≥ 2 trustees, result totals = electronic + paper"
    ),
)


@dataclass(frozen=True)
class Failure:
    seq: int
    type: str
    code: str
    reason: str


@dataclass
class VerificationReport:
    ok: bool
    head: str
    events: int
    stats: dict[str, int] = field(default_factory=dict)
    result: list[list[int]] | None = None  # the poll's result (with paper: the totals)
    failure: Failure | None = None
    electronic: list[list[int]] | None = None  # a hybrid poll's decrypted part
    paper: dict[str, Any] | None = None  # a hybrid poll's paper_count payload
    checked: tuple[str, ...] = CHECKED
    labels: list[tuple[str, list[str]]] = field(default_factory=list)
    version: str = ""
    state: RecordState | None = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        """The record reaches its ``result`` (a record still being written stops earlier)."""
        return self.result is not None


# Set in the parent just before the pool forks: workers inherit both copy-on-write, so a task
# is only a (start, end) range and no ballot is ever pickled (pickling cost ≈ 0.25 ms/ballot).
_WORKER_CTX: ElectionContext | None = None
_WORKER_JOBS: list[tuple[int, Ballot]] = []
_WORKER_COUNTED: frozenset[int] = frozenset()  # seqs of the counted ballots (after the policy)

Found = tuple[int, str, str]  # (seq, code, reason) of the first failing ballot
Sums = list[list[tuple[bytes, bytes]]]  # a partial tally as raw (alpha, beta): cheap to pickle


def _check_range(bounds: tuple[int, int]) -> tuple[Found | None, Sums | None]:
    """The first failing ballot in ``_WORKER_JOBS[start:end]``, else the sum of its counted ones.

    The worker already holds the decoded ciphertexts, so adding them up here takes the
    homomorphic sum (≈ 5% of the work) off the sequential pass and spreads it over the jobs.
    """
    assert _WORKER_CTX is not None
    start, end = bounds
    total: Tally | None = None
    for seq, ballot in _WORKER_JOBS[start:end]:
        result = verify_ballot_proofs(ballot, _WORKER_CTX)
        if not result.ok:
            signature = result.failed == ("signature",)
            code = ErrorCode.INVALID_SIGNATURE if signature else ErrorCode.INVALID_PROOF
            return (seq, str(code), f"{result.name} failed ({', '.join(result.failed)})"), None
        if seq in _WORKER_COUNTED:
            choices = [list(answer.choices) for answer in ballot.answers]
            total = choices if total is None else add_ballot(total, ballot)
    if total is None:
        return None, None
    return None, [[(ct.alpha.data, ct.beta.data) for ct in row] for row in total]


def _check_ballots(
    jobs_list: list[tuple[int, Ballot]],
    ctx: ElectionContext,
    counted: frozenset[int],
    jobs: int,
    progress: Progress | None,
) -> tuple[Found | None, Tally]:
    """Proofs of every queued ballot on ``jobs`` processes, and the sum of the counted ones."""
    global _WORKER_CTX, _WORKER_JOBS, _WORKER_COUNTED  # inherited by the forked workers
    _WORKER_CTX, _WORKER_JOBS, _WORKER_COUNTED = ctx, jobs_list, counted
    total = len(jobs_list)
    ranges = [(k, min(k + CHUNK, total)) for k in range(0, total, CHUNK)]
    try:
        if jobs <= 1 or len(ranges) <= 1:
            return _first(map(_check_range, ranges), ranges, ctx, progress)
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            found = _first(pool.imap(_check_range, ranges), ranges, ctx, progress)
            pool.terminate()
        return found
    finally:
        _WORKER_CTX, _WORKER_JOBS, _WORKER_COUNTED = None, [], frozenset()


def _first(
    results: Iterable[tuple[Found | None, Sums | None]],
    ranges: list[tuple[int, int]],
    ctx: ElectionContext,
    progress: Progress | None,
) -> tuple[Found | None, Tally]:
    tally = empty_tally(ctx.manifest)
    total = ranges[-1][1] if ranges else 0
    for (_, done), (found, sums) in zip(ranges, results, strict=False):
        if progress:
            progress("ballot proofs", done, total)
        if found is not None:
            return found, tally  # chunks come back in order: this is the earliest failing ballot
        if sums is not None:
            part = [[Ciphertext(Element(a), Element(b)) for a, b in row] for row in sums]
            tally = [
                [x + y for x, y in zip(r, p, strict=True)] for r, p in zip(tally, part, strict=True)
            ]
    return None, tally


def _sequential_pass(
    items: Iterable[Event | bytes], state: RecordState, progress: Progress | None, total: int
) -> Failure | None:
    seq, type_ = 0, "?"
    for seq, item in enumerate(items):
        type_ = "?"
        try:
            line = item.line()[:-1] if isinstance(item, Event) else item
            event = parse_event(line)
            type_ = event.type
            state.apply(event, computed_hash=line_body_hash(line), line=line)
        except CryptoError as exc:
            return Failure(seq, type_, str(exc.code), exc.message)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"malformed payload ({type(exc).__name__})"
            return Failure(seq, type_, str(ErrorCode.INVALID_SCHEMA), reason)
        if progress and seq % 256 == 0:
            progress("events", seq + 1, total)
    return None


def verify_record(
    items: Sequence[Event | bytes],
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    final_newline: bool = True,
) -> VerificationReport:
    """Verify a whole record (``Event`` objects or canonical lines without their newline).

    ``final_newline=False`` says the file's last line had no ``\\n`` (row E1: that line fails
    with ``non_canonical`` unless an earlier event already failed). An empty record fails.
    """
    if not items:
        empty = Failure(0, "?", str(ErrorCode.EMPTY_RECORD), "the record has no event")
        return VerificationReport(ok=False, head="", events=0, failure=empty)
    state = RecordState()
    failure: Failure | None = _sequential_pass(items, state, progress, len(items))
    if failure is None and not final_newline:
        last = len(items) - 1
        reason = "the record's last line has no final newline"
        failure = Failure(last, _type_of(items[last]), str(ErrorCode.NON_CANONICAL), reason)
    jobs_list = state.ballot_jobs
    if failure is not None:
        jobs_list = [(s, b) for s, b in jobs_list if s < failure.seq]
    if state.ctx is not None:
        counted = frozenset(state.counted.values())
        found, summed = _check_ballots(jobs_list, state.ctx, counted, jobs, progress)
        if found is not None:
            seq, code, reason = found
            failure = Failure(seq, _type_of(items[seq]), code, reason)
        elif _tally_differs(state, failure, summed):
            assert state.tally_seq is not None
            code = str(ErrorCode.TALLY_MISMATCH)
            failure = Failure(state.tally_seq, "encrypted_tally", code, TALLY_DIFFERS)
    report = VerificationReport(
        ok=failure is None,
        head=state.head,
        events=state.seq + 1,
        stats={**state.stats, "counted": len(state.counted)},
        result=state.result,
        failure=failure,
        electronic=state.electronic if state.paper is not None else None,
        paper=state.paper,
    )
    if state.setup is not None:
        report.labels = [(q.label, list(q.options)) for q in state.setup.manifest.questions]
        report.version = state.setup.version
        report.checked = CHECKED_V2 if state.setup.v2 else CHECKED
    report.state = state
    return report


def _tally_differs(state: RecordState, failure: Failure | None, summed: Tally) -> bool:
    """The published tally (checked before any later failure) is not the counted ballots' sum."""
    if state.tally_seq is None or (failure is not None and failure.seq < state.tally_seq):
        return False
    return state.tally != summed


def _type_of(item: Event | bytes) -> str:
    if isinstance(item, Event):
        return item.type
    try:
        return parse_event(item).type
    except CryptoError:
        return "?"


def report_to_json(report: VerificationReport) -> dict[str, Any]:
    failure = report.failure
    return {
        "ok": report.ok,
        "head": report.head,
        "events": report.events,
        "stats": report.stats,
        "result": report.result,
        "electronic": report.electronic,
        "paper": None
        if report.paper is None
        else {k: report.paper[k] for k in ("sheets", "counts")},
        "complete": report.complete,
        "version": report.version,
        "failure": None if failure is None else failure.__dict__,
    }
