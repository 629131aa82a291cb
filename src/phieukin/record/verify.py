"""The independent verifier: ``verify_record(lines) -> VerificationReport`` (protocol.md §2.3).

One sequential pass (``RecordState``) checks links, order, schemas, the DKG, policy, tally and
result; the ballot proofs, ≈ 85% of the work, are checked in chunks on ``jobs`` processes, which
also add up the counted ballots for the encrypted-tally check. The first failing event (lowest
``seq``) is reported, whichever kind of check found it.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Sized
from dataclasses import dataclass, field
from typing import Any

from phieukin.crypto.ballot import Ballot, parse_ballot, verify_ballot_proofs
from phieukin.crypto.canonical import canonical_bytes, loads
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


# Set in the parent just before the pool forks (at the record's first ballot): workers inherit
# the election context copy-on-write; a task carries only its ballots' canonical bytes.
_WORKER: dict[str, ElectionContext] = {}  # "ctx"

Found = tuple[int, str, str]  # (seq, code, reason) of the first failing ballot
Sums = list[list[tuple[bytes, bytes]]]  # a partial tally as raw (alpha, beta): cheap to pickle
Job = tuple[int, bool, bytes]  # (seq, counted when cast, the ballot's canonical bytes)


def _failed(seq: int, result: Any) -> Found:
    signature = result.failed == ("signature",)
    code = ErrorCode.INVALID_SIGNATURE if signature else ErrorCode.INVALID_PROOF
    return seq, str(code), f"{result.name} failed ({', '.join(result.failed)})"


def _check_chunk(
    chunk: list[tuple[int, bool, Ballot]], ctx: ElectionContext
) -> tuple[Found | None, Tally | None]:
    """The first failing ballot of ``chunk``, else the sum of its cast ballots."""
    total: Tally | None = None
    for seq, cast, ballot in chunk:
        result = verify_ballot_proofs(ballot, ctx)
        if not result.ok:
            return _failed(seq, result), None
        if cast:
            total = (
                [list(a.choices) for a in ballot.answers]
                if total is None
                else add_ballot(total, ballot)
            )
    return None, total


def _check_jobs(jobs: list[Job]) -> tuple[Found | None, Sums | None]:
    """In a worker: decode the ballots again (they arrive as bytes) and check them."""
    ctx = _WORKER["ctx"]
    chunk = [
        (seq, cast, parse_ballot(loads(raw), ctx.manifest, raw=raw)) for seq, cast, raw in jobs
    ]
    found, total = _check_chunk(chunk, ctx)
    if total is None:
        return found, None
    return found, [[(ct.alpha.data, ct.beta.data) for ct in row] for row in total]


class _BallotChecker:
    """Ballot proofs checked while the record streams by, in chunks of ``CHUNK`` ballots.

    ``jobs == 1``: each chunk is checked in this process as soon as it is full. ``jobs > 1``: a
    pool forks at the first ballot (inheriting the context) and gets each chunk as the ballots'
    canonical bytes; at most ``2 × jobs`` chunks are in flight, so memory stays bounded whatever
    the record's size. Results are read in order: the first failure found is the earliest.
    The sum of every cast ballot is kept; ballots replaced later (policy ``last``) are taken
    out at the end, from the ciphertexts kept for them (policy ``last`` only).
    """

    def __init__(self, jobs: int, progress: Progress | None) -> None:
        self.jobs, self.progress = jobs, progress
        self.chunk: list[tuple[int, bool, Ballot]] = []
        self.pending: deque[Any] = deque()
        self.pool: Any = None
        self.ctx: ElectionContext | None = None
        self.found: Found | None = None
        self.sums: Tally | None = None
        self.kept: dict[int, Sums] = {}  # policy last: seq -> its ciphertexts' encodings
        self.keep = False
        self.done = 0

    def add(self, state: RecordState) -> None:
        for seq, ballot, cast in state.ballot_jobs:
            if cast and self.keep:
                # encodings (parsed elements hold them), not decoded points: 10× smaller
                self.kept[seq] = [
                    [(c.alpha.data, c.beta.data) for c in a.choices] for a in ballot.answers
                ]
            self.chunk.append((seq, cast, ballot))
        state.ballot_jobs.clear()
        if len(self.chunk) >= CHUNK:
            self._flush()

    def start(self, ctx: ElectionContext, policy: str) -> None:
        self.ctx, self.keep = ctx, policy == "last"
        self.sums = empty_tally(ctx.manifest)

    def _flush(self) -> None:
        chunk, self.chunk = self.chunk, []
        if not chunk or self.found is not None or self.ctx is None:
            return
        if self.jobs <= 1:
            self._absorb(_check_chunk(chunk, self.ctx), len(chunk))
            return
        if self.pool is None:
            _WORKER["ctx"] = self.ctx  # inherited by the forked workers
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)
        jobs = [(seq, cast, _raw(ballot)) for seq, cast, ballot in chunk]
        self.pending.append((self.pool.apply_async(_check_jobs, (jobs,)), len(chunk)))
        while len(self.pending) > 2 * self.jobs:
            self._collect()

    def _collect(self) -> None:
        result, size = self.pending.popleft()
        found, sums = result.get()
        part = (
            None
            if sums is None
            else [[Ciphertext(Element(a), Element(b)) for a, b in row] for row in sums]
        )
        self._absorb((found, part), size)

    def _absorb(self, outcome: tuple[Found | None, Tally | None], size: int) -> None:
        found, part = outcome
        self.done += size
        if self.progress:
            self.progress("ballot proofs", self.done, self.done)
        if self.found is not None:
            return
        if found is not None:
            self.found = found
            return
        if part is not None and self.sums is not None:
            self.sums = [
                [x + y for x, y in zip(r, p, strict=True)]
                for r, p in zip(self.sums, part, strict=True)
            ]

    def finish(self, state: RecordState, limit: int | None) -> tuple[Found | None, Tally]:
        """Check what is left; the first failure before ``limit`` and the counted ballots' sum."""
        try:
            self._flush()
            while self.pending:
                self._collect()
        finally:
            if self.pool is not None:
                self.pool.terminate()
                self.pool.join()
            _WORKER.clear()
        found = self.found if self.found is None or limit is None or self.found[0] < limit else None
        sums = self.sums if self.sums is not None else []
        counted = set(state.counted.values())
        for seq, raw in self.kept.items():
            if seq not in counted:  # replaced by a later ballot of the same credential
                cts = [[Ciphertext(Element(a), Element(b)) for a, b in row] for row in raw]
                sums = [
                    [x - y for x, y in zip(r, p, strict=True)]
                    for r, p in zip(sums, cts, strict=True)
                ]
        return found, sums


def _raw(ballot: Ballot) -> bytes:
    return ballot.raw if ballot.raw is not None else canonical_bytes(ballot.data)


def _sequential_pass(
    items: Iterable[Event | bytes],
    state: RecordState,
    checker: _BallotChecker,
    progress: Progress | None,
    total: int,
) -> tuple[Failure | None, int, str]:
    """Every event in order; returns the first failure, the number of events and the last type."""
    seq, type_, count = -1, "?", 0
    for seq, item in enumerate(items):
        count, type_ = seq + 1, "?"
        try:
            line = item.line()[:-1] if isinstance(item, Event) else item
            event = parse_event(line)
            type_ = event.type
            state.apply(event, computed_hash=line_body_hash(line), line=line)
        except CryptoError as exc:
            return Failure(seq, type_, str(exc.code), exc.message), count, type_
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            reason = f"malformed payload ({type(exc).__name__})"
            return Failure(seq, type_, str(ErrorCode.INVALID_SCHEMA), reason), count, type_
        if checker.ctx is None and state.ctx is not None and state.setup is not None:
            checker.start(state.ctx, state.setup.policy)
        if state.ballot_jobs:
            checker.add(state)
        if progress and seq % 256 == 0:
            progress("events", seq + 1, total)
    return None, count, type_


def verify_record(
    items: Iterable[Event | bytes],
    *,
    jobs: int = 1,
    progress: Progress | None = None,
    final_newline: bool = True,
) -> VerificationReport:
    """Verify a whole record (``Event`` objects or canonical lines without their newline).

    ``items`` may be any iterable, read once (a file's lines: ``iter_record``): the record is
    verified as a stream, its ballots checked in chunks while it is read, so memory does not
    grow with its ballots' size. ``final_newline=False`` says the file's last line had no
    ``\\n`` (row E1: that line fails with ``non_canonical`` unless an earlier event already
    failed). An empty record fails.
    """
    total = len(items) if isinstance(items, Sized) else 0
    state = RecordState()
    checker = _BallotChecker(jobs, progress)
    try:
        failure, count, last_type = _sequential_pass(items, state, checker, progress, total)
    except BaseException:
        checker.finish(state, None)
        raise
    if count == 0:
        checker.finish(state, None)
        empty = Failure(0, "?", str(ErrorCode.EMPTY_RECORD), "the record has no event")
        return VerificationReport(ok=False, head="", events=0, failure=empty)
    if failure is None and not final_newline:
        reason = "the record's last line has no final newline"
        failure = Failure(count - 1, last_type, str(ErrorCode.NON_CANONICAL), reason)
    found, summed = checker.finish(state, failure.seq if failure is not None else None)
    if state.ctx is not None:
        if found is not None:
            seq, code, reason = found
            failure = Failure(seq, checker_type(state, seq), code, reason)
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


def checker_type(state: RecordState, seq: int) -> str:
    """The type of the ballot event at ``seq`` (a cast or an audited ballot)."""
    return "audited_ballot" if seq in state.audited else "ballot"


def _tally_differs(state: RecordState, failure: Failure | None, summed: Tally) -> bool:
    """The published tally (checked before any later failure) is not the counted ballots' sum."""
    if state.tally_seq is None or (failure is not None and failure.seq < state.tally_seq):
        return False
    return state.tally != summed


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
