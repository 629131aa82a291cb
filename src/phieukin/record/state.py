"""Sequential checks of a record, event by event (protocol.md §2.3, items 1–10).

``RecordState.apply(event)`` checks the chain link, the phase order, the payload schema and every
cheap or stateful rule; the expensive ballot proofs are queued in ``ballot_jobs`` so the driver
(``verify.py``) can check them on several processes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from phieukin.crypto.audit import verify_opening
from phieukin.crypto.ballot import Ballot, parse_ballot
from phieukin.crypto.election import ElectionContext, Setup, parse_setup
from phieukin.crypto.errors import ErrorCode, InvalidBallot, InvalidSchema, UnknownCredential
from phieukin.crypto.errors import WrongElection as WrongElectionError
from phieukin.crypto.group import Element
from phieukin.crypto.tally import Tally
from phieukin.record import dkg_checks, tally_checks
from phieukin.record.events import GENESIS, Event, RecordError, event_hash
from phieukin.record.state_helpers import require_keys

PHASE = {
    "setup": 0,
    "dkg_commit": 1,
    "dkg_reveal": 2,
    "dkg_ack": 3,
    "joint_key": 4,
    "credentials": 5,
    "ballot": 6,
    "audited_ballot": 6,
    "close": 7,
    "encrypted_tally": 8,
    "partial_decryption": 9,
    "result": 10,
}


@dataclass
class RecordState:
    head: str = GENESIS
    seq: int = -1
    phase: int = -1
    phase_count: int = 0
    setup: Setup | None = None
    commits: dict[int, dict[str, Any]] = field(default_factory=dict)
    reveals: dict[int, dict[str, Any]] = field(default_factory=dict)
    acks: dict[int, dict[str, Any]] = field(default_factory=dict)
    ctx: ElectionContext | None = None
    verification_keys: dict[int, Element] = field(default_factory=dict)
    credentials: frozenset[str] = frozenset()
    counted: dict[str, int] = field(default_factory=dict)  # credential -> seq of its ballot
    alphas: set[bytes] = field(default_factory=set)
    ballot_jobs: list[tuple[int, Ballot]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    tally: Tally | None = None  # as published; the driver checks it is the ballots' sum
    tally_seq: int | None = None
    partials: dict[int, dict[str, Any]] = field(default_factory=dict)
    result: list[list[int]] | None = None

    def apply(self, event: Event, *, computed_hash: str | None = None) -> None:
        """Check and absorb the next event (``computed_hash``: its hash if already known)."""
        if event.seq != self.seq + 1:
            raise RecordError(f"expected seq {self.seq + 1}", code=ErrorCode.OUT_OF_ORDER)
        if event.prev != self.head:
            raise RecordError("prev is not the previous event's hash", code=ErrorCode.BROKEN_CHAIN)
        if computed_hash is None:
            computed_hash = event_hash(event.seq, event.type, event.prev, event.payload)
        if event.hash != computed_hash:
            raise RecordError(
                "hash does not match the event's content", code=ErrorCode.BROKEN_CHAIN
            )
        self._check_phase(event.type)
        getattr(self, f"_on_{event.type}")(event.payload, event.seq)
        self.seq, self.head = event.seq, event.hash
        self.stats[event.type] = self.stats.get(event.type, 0) + 1

    # -- phase order ---------------------------------------------------------------------------

    def _limit(self, phase: int) -> int:
        n = len(self.setup.trustees) if self.setup else 0
        return {1: n, 2: n, 3: n, 6: 1 << 62, 9: n}.get(phase, 1)

    def _complete(self, phase: int) -> bool:
        if phase == 6:
            return True
        if phase == 9:
            return self.setup is not None and self.phase_count >= self.setup.threshold
        return self.phase_count >= self._limit(phase)

    def _check_phase(self, type_: str) -> None:
        if type_ == "attendance":
            if self.setup is None or self.phase >= PHASE["close"]:
                raise RecordError("attendance must come after setup and before close", code=_ORDER)
            return
        target = PHASE[type_]
        if target == self.phase and self.phase_count < self._limit(target):
            self.phase_count += 1
        elif target > self.phase and (self.phase < 0 or self._complete(self.phase)):
            if target != self.phase + 1 and not (self.phase == 5 and target == 7):
                raise RecordError(f"{type_} is out of phase order", code=_ORDER)
            self.phase, self.phase_count = target, 1
        else:
            raise RecordError(f"{type_} is not allowed here", code=_ORDER)

    # -- handlers ------------------------------------------------------------------------------

    def _on_setup(self, payload: dict[str, Any], seq: int) -> None:
        self.setup = parse_setup(payload)

    def _on_attendance(self, payload: dict[str, Any], seq: int) -> None:
        require_keys(payload, {"convened", "present", "quorum_required"}, "attendance")
        values = [payload[k] for k in ("convened", "present", "quorum_required")]
        if any(type(v) is not int or v < 0 for v in values) or values[1] > values[0]:
            raise InvalidSchema("attendance counts must be integers ≥ 0 with present ≤ convened")

    def _on_dkg_commit(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        dkg_checks.check_commit(payload, self.setup, self.commits)

    def _on_dkg_reveal(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        dkg_checks.check_reveal(payload, self.setup, self.commits, self.reveals)

    def _on_dkg_ack(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        keys = dkg_checks.check_ack(payload, self.setup, self.commits, self.reveals, self.acks)
        self.verification_keys = keys

    def _on_joint_key(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        self.ctx = dkg_checks.check_joint_key(payload, self.setup, self.reveals)

    def _on_credentials(self, payload: dict[str, Any], seq: int) -> None:
        require_keys(payload, {"credentials"}, "credentials")
        creds = payload["credentials"]
        if not isinstance(creds, list) or not creds:
            raise InvalidSchema("credentials must be a non-empty list")
        for k, cred in enumerate(creds):
            Element.from_hex(cred, f"credentials[{k}]")
        if any(a >= b for a, b in itertools.pairwise(creds)):
            raise InvalidSchema("credentials must be strictly ascending (no duplicates)")
        self.credentials = frozenset(creds)

    def _parse(self, data: Any) -> Ballot:
        assert self.ctx is not None
        ballot = parse_ballot(data, self.ctx.manifest)
        if ballot.election != self.ctx.fingerprint:
            raise WrongElectionError("ballot is for another election (fingerprint differs)")
        if data["credential"] not in self.credentials:
            raise UnknownCredential("ballot credential is not on the credential list")
        fresh = {ct.alpha.data for answer in ballot.answers for ct in answer.choices}
        if len(fresh) != sum(len(a.choices) for a in ballot.answers) or fresh & self.alphas:
            # An honest booth never repeats a nonce: a repeat copies another (or an audited,
            # hence public) ballot's ciphertext.
            raise InvalidBallot("ballot reuses a ciphertext already on the board")
        self.alphas |= fresh
        return ballot

    def _on_ballot(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        ballot = self._parse(payload)
        cred = payload["credential"]
        if cred in self.counted and self.setup.policy == "first":
            raise RecordError("credential already voted (policy: first)", code=_DUP)
        if cred in self.counted:
            self.stats["replaced"] = self.stats.get("replaced", 0) + 1
        self.counted[cred] = seq
        self.ballot_jobs.append((seq, ballot))

    def _on_audited_ballot(self, payload: dict[str, Any], seq: int) -> None:
        require_keys(payload, {"ballot", "choices", "randomness"}, "audited_ballot")
        ballot = self._parse(payload["ballot"])
        assert self.ctx is not None
        try:
            verify_opening(ballot, payload, self.ctx).require(InvalidBallot, "audited ballot")
        except (TypeError, ValueError) as exc:
            raise InvalidSchema("audited ballot reveal is malformed") from exc
        self.ballot_jobs.append((seq, ballot))

    def _on_close(self, payload: dict[str, Any], seq: int) -> None:
        require_keys(payload, {"counted"}, "close")
        if payload["counted"] != len(self.counted):
            raise RecordError(
                f"close says {payload['counted']} counted, record has {len(self.counted)}",
                code=ErrorCode.TALLY_MISMATCH,
            )

    def _on_encrypted_tally(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None
        self.tally = tally_checks.parse_encrypted_tally(payload, self.ctx, len(self.counted))
        self.tally_seq = seq

    def _on_partial_decryption(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None and self.tally is not None
        tally_checks.check_partial(
            payload, self.ctx, self.tally, self.verification_keys, self.partials
        )
        self.partials[payload["trustee"]] = payload

    def _on_result(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None and self.tally is not None and self.setup is not None
        self.result = tally_checks.check_result(
            payload, self.setup, self.tally, self.partials, len(self.counted)
        )


_ORDER = ErrorCode.OUT_OF_ORDER
_DUP = ErrorCode.DUPLICATE_CREDENTIAL
