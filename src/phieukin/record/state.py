"""Sequential checks of a record, event by event (protocol.md §2.3, items 1–12).

``RecordState.apply(event)`` checks the chain link, the phase order of the record's version, the
payload schema and every cheap or stateful rule; the expensive ballot proofs are queued in
``ballot_jobs`` so the driver (``verify.py``) can check them on several processes. The handlers
are one small method per event type (``_on_<type>``) calling the named checks of
``dkg_checks``, ``tally_checks`` and ``v2_checks``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from phieukin.crypto.audit import verify_opening
from phieukin.crypto.ballot import Ballot, ballot_set_hash, parse_ballot
from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.election import ElectionContext, Setup, parse_setup
from phieukin.crypto.errors import ErrorCode, InvalidBallot, InvalidSchema, UnknownCredential
from phieukin.crypto.errors import WrongElection as WrongElectionError
from phieukin.crypto.group import Element
from phieukin.crypto.hashing import digest32
from phieukin.crypto.tally import Tally
from phieukin.crypto.threshold import qualified_dealers
from phieukin.record import dkg_checks, paper_checks, tally_checks, v2_checks
from phieukin.record.events import GENESIS, Event, RecordError, event_hash, payload_bytes
from phieukin.record.phases import PLANS, Phase, floating_allowed, floating_types
from phieukin.record.state_helpers import require_keys


@dataclass
class RecordState:
    head: str = GENESIS
    seq: int = -1
    phase: int = -1
    phase_count: int = 0
    plan: tuple[Phase, ...] = PLANS["PHIEUKIN-v1"]
    setup: Setup | None = None
    commits: dict[int, dict[str, Any]] = field(default_factory=dict)
    reveals: dict[int, dict[str, Any]] = field(default_factory=dict)
    checks: dict[int, dict[str, Any]] = field(default_factory=dict)  # v2 dkg_check
    answers: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # (dealer, to)
    acks: dict[int, dict[str, Any]] = field(default_factory=dict)
    qualified: list[int] = field(default_factory=list)
    chair_key: Element | None = None
    ctx: ElectionContext | None = None
    verification_keys: dict[int, Element] = field(default_factory=dict)
    possessions: dict[int, dict[str, Any]] = field(default_factory=dict)
    attendance: dict[str, int] | None = None
    credentials: frozenset[str] = frozenset()
    issuer: int = 0
    credentials_hash: str = ""
    endorsements: dict[int, dict[str, Any]] = field(default_factory=dict)
    counted: dict[str, int] = field(default_factory=dict)  # credential -> seq of its ballot
    ballot_hashes: dict[int, bytes] = field(default_factory=dict)  # v2: seq -> ballot hash
    alphas: set[bytes] = field(default_factory=set)
    # ballots whose proofs are still to check: (seq, ballot, cast); the driver drains it
    ballot_jobs: list[tuple[int, Ballot, bool]] = field(default_factory=list)
    audited: set[int] = field(default_factory=set)  # seqs of the audited ballots
    stats: dict[str, int] = field(default_factory=dict)
    close_hash: str = ""
    tally: Tally | None = None  # as published; the driver checks it is the ballots' sum
    tally_seq: int | None = None
    partials: dict[int, dict[str, Any]] = field(default_factory=dict)
    paper: dict[str, Any] | None = None  # a hybrid poll's paper_count payload
    electronic: list[list[int]] | None = None  # the decrypted counts (result.counts)
    result: list[list[int]] | None = None  # the poll's result: with paper, result.totals
    _line_payload: bytes | None = None

    @property
    def v2(self) -> bool:
        return self.setup is not None and self.setup.v2

    def apply(
        self, event: Event, *, computed_hash: str | None = None, line: bytes | None = None
    ) -> None:
        """Check and absorb the next event (``computed_hash``: its hash if already known;
        ``line``: its canonical bytes, so a payload need not be serialized again)."""
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
        self._line_payload = payload_bytes(line) if line is not None else None
        getattr(self, f"_on_{event.type}")(event.payload, event.seq)
        if event.type == "credentials":
            self.credentials_hash = event.hash
        elif event.type == "close":
            self.close_hash = event.hash
        self.seq, self.head = event.seq, event.hash
        self.stats[event.type] = self.stats.get(event.type, 0) + 1

    # -- phase order ---------------------------------------------------------------------------

    def _check_phase(self, type_: str) -> None:
        if type_ in floating_types(self):
            if floating_allowed(self, type_):
                return
            raise RecordError(f"{type_} is not allowed here", code=_ORDER)
        plan = self.plan
        current = plan[self.phase] if self.phase >= 0 else None
        if current and type_ in current.types and self.phase_count < current.at_most(self):
            self.phase_count += 1
            return
        if current and self.phase_count < current.at_least(self):
            raise RecordError(f"{type_} is not allowed here", code=_ORDER)
        for k in range(self.phase + 1, len(plan)):
            if type_ in plan[k].types:
                if plan[k].at_most(self) < 1:
                    break
                self.phase, self.phase_count = k, 1
                return
            if plan[k].at_least(self) > 0:
                break
        raise RecordError(f"{type_} is out of phase order", code=_ORDER)

    # -- setup and key generation --------------------------------------------------------------

    def _on_setup(self, payload: dict[str, Any], seq: int) -> None:
        self.setup = parse_setup(payload)
        self.plan = PLANS[self.setup.version]

    def _on_chair_key(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        self.chair_key = v2_checks.check_chair_key(payload, self.setup)

    def _on_dkg_commit(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        dkg_checks.check_commit(payload, self.setup, self.commits)

    def _on_dkg_reveal(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        dkg_checks.check_reveal(payload, self.setup, self.commits, self.reveals)

    def _on_dkg_check(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        dkg_checks.check_dkg_check(payload, self.setup, self.commits, self.checks)

    def _on_dkg_answer(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        dkg_checks.check_answer(
            payload,
            self.setup,
            commits=self.commits,
            reveals=self.reveals,
            checks=self.checks,
            answers=self.answers,
        )

    def _on_dkg_ack(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        if not self.v2:
            keys = dkg_checks.check_ack(payload, self.setup, self.commits, self.reveals, self.acks)
            self.verification_keys = keys
            self.qualified = list(self.setup.trustee_indices)
            return
        if not self.acks:  # the first ack closes the complaint round: QUAL is fixed
            self.qualified = qualified_dealers(
                self.setup.trustee_indices, self.checks, self.answers
            )
        self.verification_keys = dkg_checks.check_ack_v2(
            payload,
            self.setup,
            commits=self.commits,
            reveals=self.reveals,
            acks=self.acks,
            qualified=self.qualified,
        )

    def _on_joint_key(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        if not self.v2:
            self.ctx = dkg_checks.check_joint_key(payload, self.setup, self.reveals)
            return
        if self.chair_key is None:
            raise RecordError("joint_key needs the chair_key event before it", code=_ORDER)
        self.ctx = dkg_checks.check_joint_key_v2(
            payload, self.setup, self.reveals, self.qualified, self.chair_key
        )

    def _on_key_possession(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None
        v2_checks.check_key_possession(
            payload,
            self.ctx,
            commits=self.commits,
            verification_keys=self.verification_keys,
            qualified=self.qualified,
            seen=self.possessions,
        )

    # -- attendance and credentials ------------------------------------------------------------

    def _on_attendance(self, payload: dict[str, Any], seq: int) -> None:
        if self.v2:
            assert self.ctx is not None
            self.attendance = v2_checks.check_attendance_v2(payload, self.ctx)
            return
        require_keys(payload, {"convened", "present", "quorum_required"}, "attendance")
        values = [payload[k] for k in ("convened", "present", "quorum_required")]
        if any(type(v) is not int or v < 0 for v in values) or values[1] > values[0]:
            raise InvalidSchema("attendance counts must be integers ≥ 0 with present ≤ convened")
        self.attendance = dict(payload)

    def _on_credentials(self, payload: dict[str, Any], seq: int) -> None:
        if not self.v2:
            require_keys(payload, {"credentials"}, "credentials")
            self.credentials = v2_checks.check_credential_keys(payload["credentials"])
            return
        assert self.ctx is not None and self.attendance is not None
        self.credentials = v2_checks.check_credentials_v2(
            payload, self.ctx, self.commits, self.qualified, self.attendance["present"]
        )
        self.issuer = payload["issuer"]

    def _on_credentials_endorsement(self, payload: dict[str, Any], seq: int) -> None:
        assert self.setup is not None
        v2_checks.check_endorsement(
            payload,
            self.setup,
            commits=self.commits,
            qualified=self.qualified,
            issuer=self.issuer,
            credentials_hash=self.credentials_hash,
            seen=self.endorsements,
        )

    # -- ballots -------------------------------------------------------------------------------

    def _parse(self, data: Any, raw: bytes | None = None) -> Ballot:
        assert self.ctx is not None
        ballot = parse_ballot(data, self.ctx.manifest, raw=raw)
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
        ballot = self._parse(payload, self._line_payload)
        cred = payload["credential"]
        if cred in self.counted and self.setup.policy == "first":
            raise RecordError("credential already voted (policy: first)", code=_DUP)
        if cred in self.counted:
            self.stats["replaced"] = self.stats.get("replaced", 0) + 1
            self.ballot_hashes.pop(self.counted[cred], None)
        self.counted[cred] = seq
        if self.v2:
            raw = self._line_payload
            self.ballot_hashes[seq] = digest32(
                "ballot", raw if raw is not None else canonical_bytes(payload)
            )
        self.ballot_jobs.append((seq, ballot, True))

    def _on_audited_ballot(self, payload: dict[str, Any], seq: int) -> None:
        require_keys(payload, {"ballot", "choices", "randomness"}, "audited_ballot")
        ballot = self._parse(payload["ballot"])
        assert self.ctx is not None
        try:
            verify_opening(ballot, payload, self.ctx).require(InvalidBallot, "audited ballot")
        except (TypeError, ValueError) as exc:
            raise InvalidSchema("audited ballot reveal is malformed") from exc
        self.ballot_jobs.append((seq, ballot, False))
        self.audited.add(seq)

    # -- close, tally, decryption, result ------------------------------------------------------

    def _on_close(self, payload: dict[str, Any], seq: int) -> None:
        require_keys(payload, {"counted", "ballots"} if self.v2 else {"counted"}, "close")
        if type(payload["counted"]) is not int:
            raise InvalidSchema("close.counted must be an integer")
        if payload["counted"] != len(self.counted):
            raise RecordError(
                f"close says {payload['counted']} counted, record has {len(self.counted)}",
                code=ErrorCode.TALLY_MISMATCH,
            )
        if self.v2:
            hashes = [self.ballot_hashes[s] for s in sorted(self.ballot_hashes)]
            if payload["ballots"] != ballot_set_hash(hashes):
                raise RecordError(
                    "close.ballots is not the hash of the counted ballots",
                    code=ErrorCode.TALLY_MISMATCH,
                )
        self._check_invariants()

    def _check_invariants(self) -> None:
        """counted ≤ present, then len(credentials) ≤ present (both versions, §2.3 item 7)."""
        if self.attendance is None:
            return  # a v1 record may omit attendance: nothing to compare with
        present = self.attendance["present"]
        if len(self.counted) > present:
            raise RecordError(
                f"{len(self.counted)} ballots counted for {present} members present",
                code=ErrorCode.COUNTED_EXCEEDS_PRESENT,
            )
        v2_checks.check_not_above_present(len(self.credentials), present)

    def _on_encrypted_tally(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None
        self.tally = tally_checks.parse_encrypted_tally(payload, self.ctx, len(self.counted))
        self.tally_seq = seq

    def _on_partial_decryption(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None and self.tally is not None
        if self.v2:
            v2_checks.check_partial_v2(
                payload, self.ctx.setup, self.commits, self.qualified, self.close_hash
            )
        tally_checks.check_partial(
            payload, self.ctx, self.tally, self.verification_keys, self.partials
        )
        self.partials[payload["trustee"]] = payload

    def _on_paper_count(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None and self.attendance is not None
        self.paper = paper_checks.check_paper_count(
            payload,
            self.ctx,
            close_hash=self.close_hash,
            commits=self.commits,
            qualified=self.qualified,
            present=self.attendance["present"],
            cards=len(self.credentials),
        )

    def _on_result(self, payload: dict[str, Any], seq: int) -> None:
        assert self.ctx is not None and self.tally is not None and self.setup is not None
        electronic = payload
        if self.paper is not None:  # a hybrid poll: the decrypted counts and the totals
            require_keys(payload, {"trustees", "counts", "totals"}, "result")
            electronic = {k: v for k, v in payload.items() if k != "totals"}
        self.electronic = tally_checks.check_result(
            electronic, self.setup, self.tally, self.partials, len(self.counted)
        )
        self.result = self.electronic
        if self.paper is not None:
            self.result = paper_checks.check_totals(payload, self.electronic, self.paper)


_ORDER = ErrorCode.OUT_OF_ORDER
_DUP = ErrorCode.DUPLICATE_CREDENTIAL
