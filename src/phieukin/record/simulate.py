"""An honest synthetic election record, for tests and benchmarks ONLY.

Every random choice comes from ``SeededRandom`` (reproducible for a given seed), which no
production path uses. Ballots are built in parallel on ``jobs`` processes (each ballot from its
own seeded stream, so the record does not depend on ``jobs``).
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass, field
from typing import Any

from phieukin.crypto.audit import audit_payload
from phieukin.crypto.ballot import encrypt_ballot, parse_ballot
from phieukin.crypto.credentials import Credential, derive_credential, generate_code
from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.manifest import Manifest, rating_question
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.tally import partial_decrypt, tally_ballots, tally_to_json
from phieukin.crypto.threshold import dkg_commit, dkg_receive, dkg_reveal, joint_keys
from phieukin.record.events import Event, append_event

DEFAULT_MANIFEST = Manifest("Bỏ phiếu thử", (rating_question("q1", "Đồng chí Nguyễn Văn A"),))


@dataclass
class SimulatedElection:
    events: list[Event]
    expected: list[list[int]]
    ctx: ElectionContext
    credentials: list[Credential] = field(repr=False)
    shares: dict[int, Scalar] = field(repr=False)


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

    def add(self, type_: str, payload: dict[str, Any]) -> None:
        head = self.events[-1] if self.events else None
        self.events.append(append_event(head, type_, payload))


def _dkg(log: _Log, setup: Setup, seed: str) -> tuple[Element, dict[int, Scalar], dict[int, str]]:
    eid, t, indices = setup.election_id, setup.threshold, setup.trustee_indices
    rng = SeededRandom(f"{seed}/dkg")
    secrets, commits = {}, {}
    for i in indices:
        secrets[i], commits[i] = dkg_commit(eid, i, t, rng)
        log.add("dkg_commit", commits[i])
    keys = {i: Element.from_hex(commits[i]["public_key"]) for i in indices}
    reveals = {i: dkg_reveal(secrets[i], eid, keys, rng) for i in indices}
    for i in indices:
        log.add("dkg_reveal", reveals[i])
    shares = {}
    for j in indices:
        shares[j], ack = dkg_receive(secrets[j], eid, reveals, rng)
        log.add("dkg_ack", ack)
    public, verification = joint_keys(reveals, indices)
    return public, shares, {j: verification[j].hex() for j in indices}


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
) -> SimulatedElection:
    """Setup, attendance, DKG, credentials, ``audits`` audited ballots, ``n_ballots`` cast
    ballots, then ``revotes`` voters casting again (policy ``last`` only), close, tally, result."""
    if revotes and policy != "last":
        raise ValueError("revotes are only honest under policy 'last'")
    log, ctx, keys, creds = _prepare(n_ballots, manifest, trustees, seed, policy)
    for k in range(audits):
        ballot, secrets = encrypt_ballot(
            ctx,
            creds[k],
            random_choices(manifest, SeededRandom(f"{seed}/a{k}")),
            SeededRandom(f"{seed}/audit/{k}"),
        )
        log.add("audited_ballot", audit_payload(ballot, secrets))
    made = _ballots(ctx, creds, seed, jobs)
    again = _ballots(ctx, creds[:revotes], f"{seed}/revote", jobs)
    for ballot, _ in made + again:
        log.add("ballot", ballot)
    counted = made[revotes:] + again
    log.add("close", {"counted": len(counted)})
    expected = [
        [sum(col) for col in zip(*rows, strict=True)]
        for rows in zip(*[c for _, c in counted], strict=True)
    ]
    _tally(log, ctx, keys, counted, expected)
    return SimulatedElection(log.events, expected, ctx, creds, keys[0])


def _prepare(
    n_ballots: int, manifest: Manifest, trustees: tuple[int, int], seed: str, policy: str
) -> tuple[_Log, ElectionContext, tuple[dict[int, Scalar], dict[int, str]], list[Credential]]:
    t, n = trustees
    names = tuple(f"Trustee {i}" for i in range(1, n + 1))
    setup = Setup(f"sim-{seed}", manifest, t, names, policy)
    log = _Log()
    log.add("setup", setup.to_json())
    log.add("attendance", {"convened": n_ballots, "present": n_ballots, "quorum_required": 0})
    public, shares, vks = _dkg(log, setup, seed)
    ctx = ElectionContext.create(setup, public)
    joint = {"public_key": public.hex(), "verification_keys": list(vks.values())}
    log.add("joint_key", {**joint, "fingerprint": ctx.fingerprint.hex()})
    code_rng = SeededRandom(f"{seed}/credentials")
    eid = setup.election_id
    creds = [derive_credential(eid, generate_code(code_rng)) for _ in range(n_ballots)]
    log.add("credentials", {"credentials": sorted(c.public.hex() for c in creds)})
    return log, ctx, (shares, vks), creds


def _tally(
    log: _Log,
    ctx: ElectionContext,
    keys: tuple[dict[int, Scalar], dict[int, str]],
    made: list[tuple[dict[str, Any], list[list[int]]]],
    expected: list[list[int]],
) -> None:
    shares, vks = keys
    ballots = [parse_ballot(b, ctx.manifest) for b, _ in made]
    tally = tally_ballots(ctx.manifest, ballots)
    log.add("encrypted_tally", {"counted": len(made), "ciphertexts": tally_to_json(tally)})
    rng = SeededRandom("tally")
    used = sorted(shares)[: ctx.setup.threshold]
    for i in sorted(shares):
        vk = Element.from_hex(vks[i])
        log.add(
            "partial_decryption",
            partial_decrypt(
                shares[i],
                tally,
                verification_key=vk,
                trustee=i,
                fingerprint=ctx.fingerprint,
                rng=rng,
            ),
        )
    log.add("result", {"trustees": used, "counts": expected})
