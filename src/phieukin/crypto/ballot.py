"""Encrypted ballots: build, check, track and audit (protocol.md §3.2 "Ballot", §4.5).

Per question, per option an ElGamal ciphertext with a 0/1 proof; per question a proof that the
sum lies in ``[min, max]``; the whole ballot Schnorr-signed with the voter's credential. All
challenges bind ``fp`` and the credential ``K``, so a ballot cannot be replayed in another
election or re-signed under another credential.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import Any

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.check import Check, check
from phieukin.crypto.credentials import Credential, base32_symbols
from phieukin.crypto.election import ElectionContext
from phieukin.crypto.elgamal import Ciphertext, encrypt, sum_ciphertexts
from phieukin.crypto.errors import (
    InvalidBallot,
    InvalidProof,
    InvalidSchema,
    InvalidSignature,
    UnknownCredential,
    WrongElection,
)
from phieukin.crypto.group import Element, Scalar, decode_hex32
from phieukin.crypto.hashing import digest32
from phieukin.crypto.manifest import Manifest
from phieukin.crypto.proofs import Proof, proofs_from_json
from phieukin.crypto.proofs.disjunctive import prove_range, verify_range
from phieukin.crypto.proofs.schnorr import prove_schnorr, verify_schnorr
from phieukin.crypto.randomness import SYSTEM, RandomSource

Choices = Sequence[Sequence[int]]


@dataclass(frozen=True, slots=True)
class Answer:
    choices: tuple[Ciphertext, ...]
    proofs: tuple[tuple[Proof, ...], ...]  # per option, branches 0 and 1
    sum_proof: tuple[Proof, ...]  # branches min..max


@dataclass(frozen=True, slots=True)
class Ballot:
    """A decoded, schema-checked ballot (proofs not yet verified) and its canonical JSON."""

    election: bytes
    credential: Element  # K
    answers: tuple[Answer, ...]
    signature: Proof
    data: dict[str, Any]
    raw: bytes | None = None  # the ballot's canonical bytes, when the caller already has them


@dataclass(frozen=True, slots=True)
class BallotSecrets:
    """What the booth keeps to audit a ballot (Benaloh): choices and nonces. Secret."""

    choices: tuple[tuple[int, ...], ...]
    nonces: tuple[tuple[Scalar, ...], ...]

    def __repr__(self) -> str:
        return "BallotSecrets(<hidden>)"


def check_choices(manifest: Manifest, choices: Choices) -> None:
    """Raise ``InvalidBallot`` unless ``choices`` is a 0/1 vector per question within bounds."""
    if len(choices) != len(manifest.questions):
        raise InvalidBallot(f"expected {len(manifest.questions)} answers")
    for k, (q, row) in enumerate(zip(manifest.questions, choices, strict=True)):
        if len(row) != len(q.options) or any(type(m) is not int or m not in (0, 1) for m in row):
            raise InvalidBallot(f"answer {k} must be {len(q.options)} values of 0 or 1")
        if not q.min <= sum(row) <= q.max:
            raise InvalidBallot(f"answer {k} must select between {q.min} and {q.max} options")


def _option(fp: bytes, key: Element, cred: Element) -> dict[str, Any]:
    return {"key": key, "lo": 0, "hi": 1, "dst": "option", "fingerprint": fp, "credential": cred}


def _sum(fp: bytes, key: Element, cred: Element, lo: int, hi: int) -> dict[str, Any]:
    return {"key": key, "lo": lo, "hi": hi, "dst": "sum", "fingerprint": fp, "credential": cred}


def _signature_context(fingerprint: bytes, unsigned: dict[str, Any]) -> list[bytes]:
    return [fingerprint, canonical_bytes(unsigned)]


def encrypt_ballot(
    ctx: ElectionContext, credential: Credential, choices: Choices, rng: RandomSource = SYSTEM
) -> tuple[dict[str, Any], BallotSecrets]:
    """Encrypt, prove and sign (what the booth does; the JS twin must produce the same shape)."""
    check_choices(ctx.manifest, choices)
    fp, key, cred = ctx.fingerprint, ctx.public_key, credential.public
    answers, all_nonces = [], []
    for q, row in zip(ctx.manifest.questions, choices, strict=True):
        nonces = [rng.scalar() for _ in row]
        cts = [encrypt(m, key, r) for m, r in zip(row, nonces, strict=True)]
        proofs = [
            prove_range(ct, m, r, **_option(fp, key, cred), rng=rng)
            for ct, m, r in zip(cts, row, nonces, strict=True)
        ]
        total_nonce = sum(nonces, Scalar(0))
        total = sum_ciphertexts(cts)
        sum_proof = prove_range(
            total, sum(row), total_nonce, **_sum(fp, key, cred, q.min, q.max), rng=rng
        )
        answers.append(
            {
                "choices": [ct.to_json() for ct in cts],
                "proofs": [[p.to_json() for p in pr] for pr in proofs],
                "sum_proof": [p.to_json() for p in sum_proof],
            }
        )
        all_nonces.append(tuple(nonces))
    unsigned = {"answers": answers, "credential": cred.hex(), "election": fp.hex()}
    proof = prove_schnorr(
        credential.secret, cred, "ballot-signature", _signature_context(fp, unsigned), rng
    )
    secrets = BallotSecrets(tuple(tuple(r) for r in choices), tuple(all_nonces))
    return {**unsigned, "signature": proof.to_json()}, secrets


def _answer(data: Any, where: str, options: int, branches: int) -> Answer:
    if not isinstance(data, dict) or set(data) != {"choices", "proofs", "sum_proof"}:
        raise InvalidSchema(f"{where} must have exactly choices, proofs, sum_proof")
    if not isinstance(data["choices"], list) or len(data["choices"]) != options:
        raise InvalidSchema(f"{where}.choices must hold {options} ciphertexts")
    if not isinstance(data["proofs"], list) or len(data["proofs"]) != options:
        raise InvalidSchema(f"{where}.proofs must hold {options} proofs")
    return Answer(
        tuple(
            Ciphertext.from_json(c, f"{where}.choices[{k}]") for k, c in enumerate(data["choices"])
        ),
        tuple(proofs_from_json(p, f"{where}.proofs[{k}]", 2) for k, p in enumerate(data["proofs"])),
        proofs_from_json(data["sum_proof"], f"{where}.sum_proof", branches),
    )


def parse_ballot(data: Any, manifest: Manifest, *, raw: bytes | None = None) -> Ballot:
    """Decode and validate the shape and every element of a ballot (schema and encodings).

    ``raw``: ``data``'s canonical bytes if the caller holds them (a record line's payload), so
    the signed bytes are cut from them instead of serialized again."""
    if not isinstance(data, dict) or set(data) != {
        "answers",
        "credential",
        "election",
        "signature",
    }:
        raise InvalidSchema("ballot must have exactly answers, credential, election, signature")
    answers = data["answers"]
    if not isinstance(answers, list) or len(answers) != len(manifest.questions):
        raise InvalidSchema(f"ballot must have {len(manifest.questions)} answers")
    return Ballot(
        election=decode_hex32(data["election"], "election"),
        credential=Element.from_hex(data["credential"], "credential"),
        answers=tuple(
            _answer(a, f"answers[{k}]", len(q.options), q.max - q.min + 1)
            for k, (a, q) in enumerate(zip(answers, manifest.questions, strict=True))
        ),
        signature=Proof.from_json(data["signature"], "signature"),
        data=data,
        raw=raw,
    )


def verify_ballot_proofs(ballot: Ballot, ctx: ElectionContext) -> Check:
    """Every 0/1 proof, every sum proof and the signature; names the first failing proof."""
    fp, key, cred = ctx.fingerprint, ctx.public_key, ballot.credential
    context = [fp, _unsigned_bytes(ballot)]
    if not verify_schnorr(ballot.signature, cred, "ballot-signature", context):
        return check("ballot", signature=False)
    option = _option(fp, key, cred)
    for k, (q, answer) in enumerate(zip(ctx.manifest.questions, ballot.answers, strict=True)):
        for o, (ct, proof) in enumerate(zip(answer.choices, answer.proofs, strict=True)):
            if not verify_range(proof, ct, **option):
                return Check("ballot", (f"option_proof[{k}][{o}]",))
        total = sum_ciphertexts(answer.choices)
        if not verify_range(answer.sum_proof, total, **_sum(fp, key, cred, q.min, q.max)):
            return Check("ballot", (f"sum_proof[{k}]",))
    return Check("ballot")


_SIGNATURE_KEY = b',"signature":'


def _unsigned_bytes(ballot: Ballot) -> bytes:
    """``canonical(ballot without signature)``: keys sort, so ``signature`` is the last member of
    the canonical object; cutting it off the canonical bytes gives exactly that serialization
    (its value, ``{"c":…,"s":…}`` of two hex strings, cannot contain the key)."""
    raw = ballot.raw
    if raw is None:
        return canonical_bytes({k: v for k, v in ballot.data.items() if k != "signature"})
    return raw[: raw.rindex(_SIGNATURE_KEY)] + b"}"


def check_ballot(data: Any, ctx: ElectionContext, credentials: Container[str]) -> Ballot:
    """Everything the server must check before accepting a ballot; raises a typed error."""
    ballot = parse_ballot(data, ctx.manifest)
    if ballot.election != ctx.fingerprint:
        raise WrongElection("ballot is for another election (fingerprint differs)")
    if data["credential"] not in credentials:
        raise UnknownCredential("ballot credential is not on the credential list")
    result = verify_ballot_proofs(ballot, ctx)
    if result.failed == ("signature",):
        raise InvalidSignature("ballot signature does not verify")
    result.require(InvalidProof, "ballot")
    return ballot


def ballot_hash(data: dict[str, Any]) -> str:
    return digest32("ballot", canonical_bytes(data)).hex()


def tracking_code(data: dict[str, Any]) -> str:
    """First 16 symbols of base32(ballot_hash), grouped by 4 (what the voter looks up)."""
    return tracking_code_of(ballot_hash(data))


def tracking_code_of(hash_hex: str) -> str:
    """The tracking code of a ballot hash (or the short code of any 32-byte hash, §4.5)."""
    symbols = base32_symbols(bytes.fromhex(hash_hex), 16)
    return "-".join(symbols[k : k + 4] for k in range(0, 16, 4))


def ballot_set_hash(ballot_hashes: Sequence[bytes]) -> str:
    """``D32("ballot-set", bh_1, …, bh_n)``: the counted ballots in record order (§3.2 close)."""
    return digest32("ballot-set", *ballot_hashes).hex()


def ciphertext_ids(data: dict[str, Any]) -> list[str]:
    """The ``alpha`` of every ciphertext (hex) of a schema-checked ballot.

    The board must refuse a ballot sharing any of these with a ballot already on it, cast or
    audited (protocol.md §2.3 item 6): otherwise the verifier rejects the record. Store them
    with a UNIQUE constraint and check under the board lock.
    """
    return [ct["alpha"] for answer in data["answers"] for ct in answer["choices"]]
