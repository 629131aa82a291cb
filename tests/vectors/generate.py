"""Generate the cross-implementation test vectors in tests/vectors/*.json (fixed seeds).

Run: ``make vectors`` (= ``.venv/bin/python -m tests.vectors.generate``), the one command that
regenerates every file here. Deterministic: the same code writes the same bytes. Seeded
randomness (``SeededRandom``) is used here only; see README.md for how a second implementation
can reproduce the ballots byte for byte.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any

from phieukin.crypto.ballot import ballot_hash, encrypt_ballot, tracking_code
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.election import V1, ElectionContext, Setup
from phieukin.crypto.group import GENERATOR, Element, L, Scalar, base_mul
from phieukin.crypto.hashing import digest32, hash_parts, hash_to_scalar
from phieukin.crypto.manifest import Manifest, Question, rating_question
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.sharebox import seal_share
from phieukin.record.events import Event, rebuild_chain
from phieukin.record.simulate import simulate_election

HERE = Path(__file__).resolve().parent


def _write(name: str, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (HERE / name).write_text(text, encoding="utf-8")


def hashing_vectors() -> dict[str, Any]:
    cases = [
        ("test", []),
        ("test", [b"", b"abc"]),
        ("credential", ["election-1", "ABCDEFGHJKMNPQRSTVWX"]),
        ("option", [bytes(range(32)), 7, GENERATOR]),
    ]
    out = []
    for dst, parts in cases:
        encoded = [
            p.hex() if isinstance(p, bytes) else p.hex() if isinstance(p, Element) else p
            for p in parts
        ]
        kinds = [type(p).__name__.replace("Element", "element") for p in parts]
        out.append(
            {
                "dst": dst,
                "parts": encoded,
                "kinds": kinds,
                "H": hash_parts(dst, *parts).hex(),
                "H2S": hash_to_scalar(dst, *parts).hex(),
                "D32": digest32(dst, *parts).hex(),
            }
        )
    return {"note": "kinds: bytes (hex), str (UTF-8), int (u32), element (32 bytes)", "cases": out}


def group_vectors() -> dict[str, Any]:
    multiples = [{"m": m, "mG": base_mul(Scalar(m)).hex()} for m in (1, 2, 3, 5, 1000)]
    rng = SeededRandom("group")
    products = []
    for _ in range(3):
        s, t = rng.scalar(), rng.scalar()
        point = base_mul(t)
        products.append({"s": s.hex(), "P": point.hex(), "sP": (s * point).hex()})
    identity, generator = "00" * 32, GENERATOR.hex()
    invalid = [
        {"hex": identity, "code": "invalid_encoding", "why": "identity where forbidden"},
        {"hex": "ff" * 32, "code": "invalid_encoding", "why": "not a valid encoding"},
        {"hex": generator[:-2] + "77", "code": "invalid_encoding", "why": "bit flip"},
        {"hex": generator.upper(), "code": "invalid_encoding", "why": "uppercase hex"},
        {"hex": generator[:62], "code": "invalid_encoding", "why": "31 bytes"},
        {"hex": "zz" + generator[2:], "code": "invalid_encoding", "why": "not hex"},
    ]
    bad_scalars = [
        {"hex": L.to_bytes(32, "little").hex(), "code": "non_canonical", "why": "equals ℓ"},
        {"hex": "ff" * 32, "code": "non_canonical", "why": "≥ ℓ"},
    ]
    return {
        "generator": generator,
        "order": str(L),
        "multiples": multiples,
        "products": products,
        "invalid_elements": invalid,
        "invalid_scalars": bad_scalars,
    }


def credential_vectors() -> dict[str, Any]:
    rng = SeededRandom("credentials")
    eid = "vectors-election"
    valid = []
    for _ in range(4):
        cred = derive_credential(eid, generate_code(rng))
        valid.append(
            {
                "printed": cred.printed,
                "code": cred.code,
                "secret": cred.secret.hex(),
                "public": cred.public.hex(),
            }
        )
    sample = valid[0]["printed"]
    variants = [
        sample.lower(),
        sample.replace("-", " "),
        sample.replace("0", "O").replace("1", "I"),
    ]
    wrong_check = sample[:-1] + ("0" if sample[-1] != "0" else "1")
    invalid = [
        {"input": wrong_check, "code": "invalid_credential_code", "why": "check symbol"},
        {"input": sample[:-2], "code": "invalid_credential_code", "why": "too short"},
        {"input": sample[:-1] + "U", "code": "invalid_credential_code", "why": "U not in alphabet"},
    ]
    return {
        "election_id": eid,
        "valid": valid,
        "equivalent_inputs": [{"input": v, "code": valid[0]["code"]} for v in variants],
        "invalid": invalid,
    }


def _setup(eid: str, manifest: Manifest) -> Setup:
    return Setup(eid, manifest, 1, ("Trustee 1",), "last")


MULTI = Manifest(
    "Phiếu nhiều câu hỏi",
    (
        rating_question("q1", "Đồng chí Nguyễn Văn A", "subject:1"),
        Question(
            "q2",
            "approval",
            "Thông qua nghị quyết",
            ("Đồng ý", "Không đồng ý", "Không biểu quyết"),
            1,
            1,
        ),
        Question("q3", "choose", "Chọn tối đa 2", ("An", "Bình", "Chi", "Dũng"), 0, 2),
    ),
)
RATING = Manifest("Xếp loại", (rating_question("q1", "Đảng bộ xã X"),))


def _context(eid: str, manifest: Manifest, rng: SeededRandom) -> tuple[ElectionContext, Scalar]:
    secret = rng.scalar()
    return ElectionContext.create(_setup(eid, manifest), base_mul(secret)), secret


def _ctx_json(
    ctx: ElectionContext, secret: Scalar | None, credentials: list[str]
) -> dict[str, Any]:
    data = {
        "setup": ctx.setup.to_json(),
        "public_key": ctx.public_key.hex(),
        "fingerprint": ctx.fingerprint.hex(),
        "credentials": sorted(credentials),
    }
    if secret is not None:
        data["secret_key_for_tests"] = secret.hex()
    return data


def _resign(
    ballot: dict[str, Any], ctx: ElectionContext, cred: Any, rng: SeededRandom
) -> dict[str, Any]:
    """The same proofs under another voter's credential, validly signed by that voter."""
    from phieukin.crypto.canonical import canonical_bytes
    from phieukin.crypto.proofs.schnorr import prove_schnorr

    unsigned = {
        **{k: v for k, v in ballot.items() if k != "signature"},
        "credential": cred.public.hex(),
    }
    context = [ctx.fingerprint, canonical_bytes(unsigned)]
    proof = prove_schnorr(cred.secret, cred.public, "ballot-signature", context, rng)
    return {**unsigned, "signature": proof.to_json()}


def _mutations(ballot: dict[str, Any], resign: Any) -> list[tuple[str, str, dict[str, Any]]]:
    """(why, expected code, mutated ballot) — each a single, named tampering.

    Proof tamperings are re-signed with the voter's own credential (a malicious voter): without
    that, the signature check (first) would catch every change.
    """
    out = []

    def mutate(why: str, code: str, change: Any, *, signed: bool = False) -> None:
        copy_ = copy.deepcopy(ballot)
        change(copy_)
        out.append((why, code, resign(copy_) if signed else copy_))

    first = ballot["answers"][0]
    c00 = first["proofs"][0][0]["c"]
    flip = ("1" if c00[0] == "0" else "0") + c00[1:]
    proofs = "invalid_proof"
    mutate(
        "0/1 proof challenge changed",
        proofs,
        lambda b: b["answers"][0]["proofs"][0][0].update(c=flip),
        signed=True,
    )
    mutate(
        "two options' ciphertexts swapped",
        proofs,
        lambda b: b["answers"][0]["choices"].reverse(),
        signed=True,
    )
    mutate(
        "sum proof response changed",
        proofs,
        lambda b: b["answers"][0]["sum_proof"][0].update(s=first["proofs"][1][1]["s"]),
        signed=True,
    )
    mutate(
        "0/1 proof changed, not re-signed",
        "invalid_signature",
        lambda b: b["answers"][0]["proofs"][0][0].update(c=flip),
    )
    mutate(
        "signature response changed",
        "invalid_signature",
        lambda b: b["signature"].update(s=b["answers"][0]["proofs"][0][1]["s"]),
    )
    mutate(
        "identity element as alpha",
        "invalid_encoding",
        lambda b: b["answers"][0]["choices"][0].update(alpha="00" * 32),
    )
    mutate(
        "uppercase hex",
        "invalid_encoding",
        lambda b: b["answers"][0]["choices"][0].update(beta=first["choices"][0]["beta"].upper()),
    )
    mutate(
        "scalar not reduced (c = ℓ)",
        "non_canonical",
        lambda b: b["answers"][0]["proofs"][0][0].update(c=L.to_bytes(32, "little").hex()),
    )
    mutate("missing signature", "invalid_schema", lambda b: b.pop("signature"))
    mutate("extra key", "invalid_schema", lambda b: b.update(extra=1))
    mutate("one option missing", "invalid_schema", lambda b: b["answers"][0]["choices"].pop())
    return out


def _expected_code(data: Any, ctx: ElectionContext, credentials: set[str]) -> str:
    from phieukin.crypto.ballot import check_ballot
    from phieukin.crypto.errors import CryptoError

    try:
        check_ballot(data, ctx, credentials)
    except CryptoError as exc:
        return str(exc.code)
    return "accepted"


def ballot_vectors() -> dict[str, Any]:
    rng = SeededRandom("ballots")
    suites = []
    for name, manifest, choice_sets in (
        ("rating", RATING, [[[1, 0, 0, 0, 0]], [[0, 0, 0, 0, 1]]]),
        (
            "multi",
            MULTI,
            [
                [[0, 1, 0, 0, 0], [1, 0, 0], [1, 0, 1, 0]],
                [[0, 0, 0, 1, 0], [0, 0, 1], [0, 0, 0, 0]],
            ],
        ),
    ):
        ctx, secret = _context(f"vectors-{name}", manifest, rng)
        creds = [derive_credential(ctx.setup.election_id, generate_code(rng)) for _ in choice_sets]
        listed = {c.public.hex() for c in creds}
        accepted = []
        for cred, choices in zip(creds, choice_sets, strict=True):
            ballot, secrets = encrypt_ballot(ctx, cred, choices, rng)
            assert _expected_code(ballot, ctx, listed) == "accepted"
            accepted.append(
                {
                    "credential_code": cred.code,
                    "choices": choices,
                    "randomness": [[r.hex() for r in row] for row in secrets.nonces],
                    "ballot": ballot,
                    "ballot_hash": ballot_hash(ballot),
                    "tracking_code": tracking_code(ballot),
                }
            )
        rejected = []
        base = accepted[0]["ballot"]
        resign = functools.partial(_resign, ctx=ctx, cred=creds[0], rng=rng)
        for why, code, mutated in _mutations(base, resign):
            assert _expected_code(mutated, ctx, listed) == code, why
            rejected.append({"why": why, "code": code, "ballot": mutated})
        rejected.append(
            {
                "why": "credential not on the list",
                "code": "unknown_credential",
                "ballot": base,
                "credentials": sorted(listed - {base["credential"]}),
            }
        )
        other, _ = _context(f"vectors-{name}-other", manifest, rng)
        assert _expected_code(base, other, listed) == "wrong_election"
        rejected.append(
            {
                "why": "replayed in another election",
                "code": "wrong_election",
                "ballot": base,
                "context": _ctx_json(other, None, sorted(listed)),
            }
        )
        resigned = _resign(base, ctx, creds[1], rng)
        assert _expected_code(resigned, ctx, listed) == "invalid_proof"
        rejected.append(
            {
                "why": "proofs re-signed under another listed credential",
                "code": "invalid_proof",
                "ballot": resigned,
            }
        )
        suites.append(
            {
                "name": name,
                "context": _ctx_json(ctx, secret, sorted(listed)),
                "accepted": accepted,
                "rejected": rejected,
            }
        )
    return {"suites": suites}


def dkg_vectors() -> dict[str, Any]:
    """A 2-of-3 transcript (the record's DKG events) plus test-only secrets to check shares."""
    sim = simulate_election(4, RATING, trustees=(2, 3), seed="vectors-dkg", version=V1)
    dkg = [e.to_json() for e in sim.events if e.type.startswith("dkg_") or e.type == "joint_key"]
    rng = SeededRandom("sharebox")
    recipient = rng.scalar()
    share = rng.scalar()
    box = seal_share(
        share, base_mul(recipient), election_id="vectors-election", sender=1, recipient=2, rng=rng
    )
    return {
        "setup": sim.events[0].payload,
        "events": dkg,
        "shares_for_tests": {str(i): s.hex() for i, s in sim.shares.items()},
        "sharebox": {
            "election_id": "vectors-election",
            "sender": 1,
            "recipient": 2,
            "recipient_secret": recipient.hex(),
            "share": share.hex(),
            "box": box,
        },
    }


def record_vectors() -> dict[str, Any]:
    sim = simulate_election(6, MULTI, trustees=(2, 3), seed="vectors-record", version=V1)
    lines = b"".join(e.line() for e in sim.events)
    (HERE / "record-small.jsonl").write_bytes(lines)
    last: Event = sim.events[-1]
    return {
        "file": "record-small.jsonl",
        "head": last.hash,
        "result": sim.expected,
        "shares_for_tests": {str(i): s.hex() for i, s in sim.shares.items()},
        "tampered": tampered_records(sim.events),
    }


def _bad_hash(line: bytes) -> bytes:
    head, _, rest = line.partition(b'"hash":"')
    return head + b'"hash":"' + (b"1" if rest[:1] == b"0" else b"0") + rest[1:]


def tampered_records(events: list[Event]) -> list[dict[str, Any]]:
    """Single changes to the small record and the event the verifier must name."""
    from phieukin.record.verify import verify_record

    lines = [e.line()[:-1] for e in events]
    k = next(n for n, e in enumerate(events) if e.type == "ballot")
    cases = {
        "ballot removed": [*lines[:k], *lines[k + 1 :]],
        "events swapped": [
            *lines[:k],
            lines[k + 1],
            lines[k],
            *lines[k + 2 :],
        ],
        "hash of a ballot line changed": [
            *lines[:k],
            _bad_hash(lines[k]),
            *lines[k + 1 :],
        ],
    }
    result = events[-1].payload
    counts = [row[:] for row in result["counts"]]
    counts[0][0] += 1
    changed = [*events[:-1], (events[-1].type, {**result, "counts": counts})]
    relinked = rebuild_chain((e.type, e.payload) if isinstance(e, Event) else e for e in changed)
    cases["result changed, chain rebuilt"] = [e.line()[:-1] for e in relinked]
    out = []
    for why, variant in cases.items():
        report = verify_record(variant)
        assert report.failure is not None, why
        out.append(
            {
                "why": why,
                "lines": [v.decode() for v in variant],
                "fails_at_seq": report.failure.seq,
                "code": report.failure.code,
            }
        )
    return out


def main() -> None:
    from tests.vectors.generate_v2 import (
        hybrid_record_vectors,
        v2_dkg_vectors,
        v2_record_vectors,
    )

    _write("hashing.json", hashing_vectors())
    _write("group.json", group_vectors())
    _write("credentials.json", credential_vectors())
    _write("ballots.json", ballot_vectors())
    _write("dkg.json", dkg_vectors())
    _write("record.json", record_vectors())
    _write("dkg-v2.json", v2_dkg_vectors())
    _write("record-v2.json", v2_record_vectors(MULTI))
    _write("record-hybrid.json", hybrid_record_vectors(MULTI))


if __name__ == "__main__":
    main()
