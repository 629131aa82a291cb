"""An honest synthetic election record, for tests and benchmarks ONLY.

Every random choice comes from ``SeededRandom`` (reproducible for a given seed), which no
production path uses. Ballots are built in parallel on ``jobs`` processes (each ballot from its
own seeded stream, so the record does not depend on ``jobs``). ``version`` selects the protocol:
PHIEUKIN-v2 (default, what the app writes) or PHIEUKIN-v1 (byte-identical to the v1 simulator).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from typing import Any

from phieukin.crypto.audit import audit_payload
from phieukin.crypto.ballot import ballot_hash, ballot_set_hash, encrypt_ballot, parse_ballot
from phieukin.crypto.credential_list import credential_list, endorsement
from phieukin.crypto.credentials import Credential, derive_credential, generate_code
from phieukin.crypto.election import V2, ElectionContext, Setup
from phieukin.crypto.group import Element, Scalar, base_mul
from phieukin.crypto.manifest import Manifest, rating_question
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.sharebox import seal_share
from phieukin.crypto.signing import chair_key_payload, key_possession, receipt, sign_as_chair
from phieukin.crypto.tally import (
    Tally,
    partial_decrypt,
    partial_decrypt_v2,
    tally_ballots,
    tally_to_json,
)
from phieukin.crypto.threshold import (
    TrusteeSecret,
    dkg_answer,
    dkg_check,
    dkg_commit,
    dkg_receive,
    dkg_receive_v2,
    dkg_reveal,
    eval_poly,
    joint_keys,
    qualified_dealers,
    sign_payload,
)
from phieukin.record.events import Event, append_event
from phieukin.record.paper_checks import paper_payload, paper_signature

DEFAULT_MANIFEST = Manifest("Bỏ phiếu thử", (rating_question("q1", "Đồng chí Nguyễn Văn A"),))


@dataclass
class SimulatedElection:
    events: list[Event]
    expected: list[list[int]]
    ctx: ElectionContext
    credentials: list[Credential] = field(repr=False)
    shares: dict[int, Scalar] = field(repr=False)
    # v2 only: what the tests need to build attacks (test-only secrets)
    receipts: list[dict[str, Any]] = field(default_factory=list, repr=False)
    secrets: dict[int, TrusteeSecret] = field(default_factory=dict, repr=False)
    server_key: Scalar | None = field(default=None, repr=False)
    chair_key: Scalar | None = field(default=None, repr=False)
    qualified: list[int] = field(default_factory=list)
    totals: list[list[int]] | None = None  # a hybrid poll: electronic + paper


def random_choices(manifest: Manifest, rng: SeededRandom) -> list[list[int]]:
    rows = []
    for q in manifest.questions:
        k = q.min + rng.token(1)[0] % (q.max - q.min + 1)
        order = sorted(range(len(q.options)), key=lambda _: rng.token(4))
        chosen = set(order[:k])
        rows.append([1 if o in chosen else 0 for o in range(len(q.options))])
    return rows


class _Log:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, type_: str, payload: dict[str, Any]) -> Event:
        head = self.events[-1] if self.events else None
        self.events.append(append_event(head, type_, payload))
        return self.events[-1]


@dataclass
class _Dkg:
    public: Element
    shares: dict[int, Scalar]
    vks: dict[int, str]
    secrets: dict[int, TrusteeSecret]
    qualified: list[int]


def _commits(
    log: _Log, setup: Setup, rng: SeededRandom
) -> tuple[dict[int, TrusteeSecret], dict[int, Element]]:
    """Round 1 for every trustee: the secrets and the trustees' long-term keys ``P_i``."""
    secrets, commits = {}, {}
    for i in setup.trustee_indices:
        secrets[i], commits[i] = dkg_commit(setup.election_id, i, setup.threshold, rng)
        log.add("dkg_commit", commits[i])
    return secrets, {i: Element.from_hex(c["public_key"]) for i, c in commits.items()}


def _dkg_v1(log: _Log, setup: Setup, seed: str) -> _Dkg:
    eid, indices = setup.election_id, setup.trustee_indices
    rng = SeededRandom(f"{seed}/dkg")
    secrets, keys = _commits(log, setup, rng)
    reveals = {i: dkg_reveal(secrets[i], eid, keys, rng) for i in indices}
    for i in indices:
        log.add("dkg_reveal", reveals[i])
    shares = {}
    for j in indices:
        shares[j], ack = dkg_receive(secrets[j], eid, reveals, rng)
        log.add("dkg_ack", ack)
    public, verification = joint_keys(reveals, indices)
    vks = {j: verification[j].hex() for j in indices}
    return _Dkg(public, shares, vks, secrets, list(indices))


def _corrupt(
    reveal: dict[str, Any], secret: TrusteeSecret, eid: str, *, to: int, key: Element, rng: Any
) -> dict[str, Any]:
    """Dealer ``secret`` sends trustee ``to`` a share off its polynomial (a dishonest dealer)."""
    wrong = eval_poly(secret.coefficients, to) + Scalar(1)
    box = seal_share(wrong, key, election_id=eid, sender=secret.index, recipient=to, rng=rng)
    shares = [box if b["to"] == to else b for b in reveal["shares"]]
    unsigned = {k: v for k, v in reveal.items() if k != "signature"}
    return sign_payload({**unsigned, "shares": shares}, secret.key, eid, secret.index, rng)


def _dkg_v2(
    log: _Log, setup: Setup, seed: str, *, chair: dict[str, Any], bad: tuple[int, int, bool] | None
) -> _Dkg:
    """Commit, reveal, check, answers, acks over QUAL; ``chair_key`` after the commits.

    ``bad = (dealer, recipient, answers)``: the dealer sends the recipient a bad share; the
    recipient complains; the dealer answers (and stays qualified) or not (and is disqualified).
    """
    eid, indices = setup.election_id, setup.trustee_indices
    rng = SeededRandom(f"{seed}/dkg")
    secrets, keys = _commits(log, setup, rng)
    log.add("chair_key", chair)
    reveals = {i: dkg_reveal(secrets[i], eid, keys, rng) for i in indices}
    if bad is not None:
        dealer, to, _ = bad
        reveals[dealer] = _corrupt(
            reveals[dealer], secrets[dealer], eid, to=to, key=keys[to], rng=rng
        )
    for i in indices:
        log.add("dkg_reveal", reveals[i])
    checks = {j: dkg_check(secrets[j], eid, reveals, rng) for j in indices}
    for j in indices:
        log.add("dkg_check", checks[j])
    answers: dict[tuple[int, int], dict[str, Any]] = {}
    if bad is not None and bad[2]:
        dealer, to, _ = bad
        answers[(dealer, to)] = dkg_answer(secrets[dealer], eid, to, rng)
        log.add("dkg_answer", answers[(dealer, to)])
    qualified = qualified_dealers(indices, checks, answers)
    shares = {}
    for j in qualified:
        shares[j], ack = dkg_receive_v2(
            secrets[j], eid, reveals, answers=answers, qualified=qualified, rng=rng
        )
        log.add("dkg_ack", ack)
    public, verification = joint_keys(reveals, indices, qualified)
    vks = {j: verification[j].hex() for j in indices}
    return _Dkg(public, shares, vks, secrets, qualified)


def _make_ballot(
    args: tuple[ElectionContext, Credential, str],
) -> tuple[dict[str, Any], list[list[int]]]:
    ctx, credential, seed = args
    rng = SeededRandom(seed)
    choices = random_choices(ctx.manifest, rng)
    ballot, _ = encrypt_ballot(ctx, credential, choices, rng)
    return ballot, choices


def _ballots(
    ctx: ElectionContext, creds: list[Credential], seed: str, jobs: int
) -> list[tuple[dict[str, Any], list[list[int]]]]:
    if not creds:
        return []
    work = [(ctx, c, f"{seed}/ballot/{k}") for k, c in enumerate(creds)]
    if jobs <= 1:
        return [_make_ballot(w) for w in work]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        return pool.map(_make_ballot, work, chunksize=32)


def simulate_election(
    n_ballots: int,
    manifest: Manifest = DEFAULT_MANIFEST,
    *,
    trustees: tuple[int, int] = (2, 3),
    seed: str = "phieukin",
    policy: str = "last",
    jobs: int = 1,
    revotes: int = 0,
    audits: int = 0,
    version: str = V2,
    bad_share: tuple[int, int, bool] | None = None,
    drop_after_receipt: int | None = None,
    paper: tuple[dict[str, int], list[list[int]]] | None = None,
) -> SimulatedElection:
    """Setup, DKG, credentials, ``audits`` audited ballots, ``n_ballots`` cast ballots, then
    ``revotes`` voters casting again (policy ``last`` only), close, tally, result.

    v2 adds the chair's key, the DKG checks (``bad_share``: see ``_dkg_v2``), key possession
    proofs, the chair-signed attendance, the signed and endorsed credential list, receipts, the
    ballot-set hash in ``close`` and signed partial decryptions. ``drop_after_receipt=k`` plays a
    dishonest server for the tests: the k-th cast ballot gets its receipt, then vanishes (the
    record, closed and decrypted without it, verifies; only the voter's receipt shows the drop).
    ``paper=(sheets, counts)`` (v2) makes it a hybrid poll: the attendance counts the members who
    voted on paper too, the first two qualified trustees sign a ``paper_count`` after the
    partial decryptions, and the result carries ``totals``.
    """
    if revotes and policy != "last":
        raise ValueError("revotes are only honest under policy 'last'")
    on_paper = paper[0]["issued"] - paper[0]["spoiled"] - paper[0]["unused"] if paper else 0
    sim = _Sim(n_ballots, manifest, trustees, seed, policy, version, bad_share, on_paper)
    ctx = sim.ctx
    for k in range(audits):
        ballot, secrets = encrypt_ballot(
            ctx,
            sim.creds[k],
            random_choices(manifest, SeededRandom(f"{seed}/a{k}")),
            SeededRandom(f"{seed}/audit/{k}"),
        )
        sim.cast("audited_ballot", audit_payload(ballot, secrets), ballot)
    made = _ballots(ctx, sim.creds, seed, jobs)
    again = _ballots(ctx, sim.creds[:revotes], f"{seed}/revote", jobs)
    for ballot, _ in made + again:
        sim.cast("ballot", ballot, ballot)
    counted = made[revotes:] + again
    if drop_after_receipt is not None:
        dropped = made[drop_after_receipt]
        sim.drop(dropped[0])
        counted = [c for c in counted if c is not dropped]
    if version == V2:  # ``counted`` is in record order (the last ballot of each credential)
        hashes = [bytes.fromhex(ballot_hash(b)) for b, _ in counted]
        sim.log.add("close", {"counted": len(counted), "ballots": ballot_set_hash(hashes)})
    else:
        sim.log.add("close", {"counted": len(counted)})
    expected = [
        [sum(col) for col in zip(*rows, strict=True)]
        for rows in zip(*[c for _, c in counted], strict=True)
    ]
    totals = sim.tally(counted, expected, paper)
    return SimulatedElection(
        sim.log.events,
        expected,
        ctx,
        sim.creds,
        sim.dkg.shares,
        sim.receipts,
        sim.dkg.secrets,
        sim.server,
        sim.chair,
        sim.dkg.qualified,
        totals,
    )


class _Sim:
    """The record being written, and the secrets that write it."""

    def __init__(  # noqa: PLR0917 - the simulator's own knobs, passed straight through
        self,
        n_ballots: int,
        manifest: Manifest,
        trustees: tuple[int, int],
        seed: str,
        policy: str,
        version: str,
        bad_share: tuple[int, int, bool] | None,
        on_paper: int = 0,
    ) -> None:
        t, n = trustees
        names = tuple(f"Trustee {i}" for i in range(1, n + 1))
        self.v2 = version == V2
        self.log = _Log()
        self.receipts: list[dict[str, Any]] = []
        self.server = SeededRandom(f"{seed}/server").scalar() if self.v2 else None
        self.chair = SeededRandom(f"{seed}/chair").scalar() if self.v2 else None
        server_key = base_mul(self.server) if self.server is not None else None
        setup = Setup(f"sim-{seed}", manifest, t, names, policy, version, server_key)
        self.log.add("setup", setup.to_json())
        voters = n_ballots + on_paper
        attendance = {"convened": voters, "present": voters, "quorum_required": 0}
        if not self.v2:
            self.log.add("attendance", attendance)
            self.dkg = _dkg_v1(self.log, setup, seed)
            self.ctx = ElectionContext.create(setup, self.dkg.public)
            self._joint_key()
            self.creds = self._credentials(setup, seed, n_ballots)
            self.log.add("credentials", {"credentials": sorted(c.public.hex() for c in self.creds)})
            return
        assert self.chair is not None
        rng = SeededRandom(f"{seed}/v2")
        chair = chair_key_payload(self.chair, setup.election_id, "Chủ trì", rng)
        self.dkg = _dkg_v2(self.log, setup, seed, chair=chair, bad=bad_share)
        self.ctx = ElectionContext.create(setup, self.dkg.public, base_mul(self.chair))
        self._joint_key()
        self._prove_possession(rng)
        counts = {**attendance, "excluded": 0}
        self.log.add("attendance", sign_as_chair(counts, self.chair, self.ctx.fingerprint, rng))
        self.creds = self._credentials(setup, seed, n_ballots)
        self._sign_credentials(rng)

    def _joint_key(self) -> None:
        vks = [self.dkg.vks[j] for j in self.ctx.setup.trustee_indices]
        joint: dict[str, Any] = {"public_key": self.dkg.public.hex(), "verification_keys": vks}
        if self.v2:
            joint["qualified"] = self.dkg.qualified
        self.log.add("joint_key", {**joint, "fingerprint": self.ctx.fingerprint.hex()})

    def _prove_possession(self, rng: SeededRandom) -> None:
        for i in self.dkg.qualified:
            secret = self.dkg.secrets[i]
            payload = key_possession(
                secret.key,
                self.dkg.shares[i],
                election_id=self.ctx.setup.election_id,
                index=i,
                fingerprint=self.ctx.fingerprint,
                rng=rng,
            )
            self.log.add("key_possession", payload)

    @staticmethod
    def _credentials(setup: Setup, seed: str, count: int) -> list[Credential]:
        code_rng = SeededRandom(f"{seed}/credentials")
        return [derive_credential(setup.election_id, generate_code(code_rng)) for _ in range(count)]

    def _sign_credentials(self, rng: SeededRandom) -> None:
        eid, fp = self.ctx.setup.election_id, self.ctx.fingerprint
        issuer, *others = self.dkg.qualified
        payload = credential_list(
            [c.public.hex() for c in self.creds],
            fingerprint=fp,
            issuer=issuer,
            key=self.dkg.secrets[issuer].key,
            election_id=eid,
            rng=rng,
        )
        event = self.log.add("credentials", payload)
        for j in others[: self.ctx.setup.threshold - 1]:
            key = self.dkg.secrets[j].key
            self.log.add(
                "credentials_endorsement",
                endorsement(event.hash, trustee=j, key=key, election_id=eid, rng=rng),
            )

    def cast(self, kind: str, payload: dict[str, Any], ballot: dict[str, Any]) -> None:
        event = self.log.add(kind, payload)
        if self.server is None:
            return
        self.receipts.append(
            receipt(
                self.server,
                fingerprint=self.ctx.fingerprint,
                seq=event.seq,
                kind=kind,
                event_hash=event.hash,
                ballot_hash=ballot_hash(ballot),
                rng=SeededRandom(f"receipt/{event.seq}"),
            )
        )

    def drop(self, ballot: dict[str, Any]) -> None:
        """Remove a cast ballot and re-link the chain after it (the dishonest server)."""
        kept = [(e.type, e.payload) for e in self.log.events if e.payload is not ballot]
        self.log = _Log()
        for type_, payload in kept:
            self.log.add(type_, payload)

    def tally(
        self,
        made: list[tuple[dict[str, Any], list[list[int]]]],
        expected: list[list[int]],
        paper: tuple[dict[str, int], list[list[int]]] | None = None,
    ) -> list[list[int]] | None:
        ctx = self.ctx
        ballots = [parse_ballot(b, ctx.manifest) for b, _ in made]
        tally = tally_ballots(ctx.manifest, ballots)
        self.log.add("encrypted_tally", {"counted": len(made), "ciphertexts": tally_to_json(tally)})
        close = next(e for e in reversed(self.log.events) if e.type == "close").hash
        rng = SeededRandom("tally")
        decrypting = sorted(self.dkg.shares)
        for i in decrypting:
            self.log.add("partial_decryption", self._partial(i, tally, close, rng))
        used = decrypting[: ctx.setup.threshold]
        if paper is None:
            self.log.add("result", {"trustees": used, "counts": expected})
            return None
        sheets, counts = paper
        body = {"close": close, "sheets": sheets, "counts": counts}
        eid = ctx.setup.election_id
        signers = sorted(self.dkg.shares)[:2]
        signatures = [paper_signature(body, self.dkg.secrets[i].key, eid, i, rng) for i in signers]
        self.log.add("paper_count", paper_payload(close, sheets, counts, signatures))
        totals = [
            [e + p for e, p in zip(er, pr, strict=True)]
            for er, pr in zip(expected, counts, strict=True)
        ]
        self.log.add("result", {"trustees": used, "counts": expected, "totals": totals})
        return totals

    def _partial(self, i: int, tally: Tally, close: str, rng: SeededRandom) -> dict[str, Any]:
        ctx, share = self.ctx, self.dkg.shares[i]
        vk = Element.from_hex(self.dkg.vks[i])
        if not self.v2:
            return partial_decrypt(
                share, tally, verification_key=vk, trustee=i, fingerprint=ctx.fingerprint, rng=rng
            )
        return partial_decrypt_v2(
            share,
            tally,
            key=self.dkg.secrets[i].key,
            election_id=ctx.setup.election_id,
            close=close,
            verification_key=vk,
            trustee=i,
            fingerprint=ctx.fingerprint,
            rng=rng,
        )
