"""Homomorphic tally, partial decryptions with proofs and their combination (protocol.md §4.7)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from phieukin.crypto.ballot import Ballot
from phieukin.crypto.check import Check
from phieukin.crypto.dlog import DlogTable
from phieukin.crypto.elgamal import ZERO_CIPHERTEXT, Ciphertext
from phieukin.crypto.errors import InvalidSchema, NotEnoughShares
from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.manifest import Manifest
from phieukin.crypto.proofs import Proof
from phieukin.crypto.proofs.chaum_pedersen import prove_decryption, verify_decryption
from phieukin.crypto.randomness import SYSTEM, RandomSource
from phieukin.crypto.threshold import lagrange_at_zero, sign_payload

Tally = list[list[Ciphertext]]


def shape_of(rows: Any) -> list[int] | None:
    """Row lengths of a list of lists (``None`` if it is not one): for schema checks."""
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        return None
    return [len(r) for r in rows]


def empty_tally(manifest: Manifest) -> Tally:
    return [[ZERO_CIPHERTEXT for _ in q.options] for q in manifest.questions]


def add_ballot(tally: Tally, ballot: Ballot) -> Tally:
    """Component-wise sum (returns a new tally)."""
    return [
        [acc + ct for acc, ct in zip(row, answer.choices, strict=True)]
        for row, answer in zip(tally, ballot.answers, strict=True)
    ]


def tally_ballots(manifest: Manifest, ballots: Iterable[Ballot]) -> Tally:
    tally = empty_tally(manifest)
    for ballot in ballots:
        tally = add_ballot(tally, ballot)
    return tally


def tally_to_json(tally: Tally) -> list[list[dict[str, str]]]:
    return [[ct.to_json() for ct in row] for row in tally]


def tally_from_json(data: Any, manifest: Manifest) -> Tally:
    shape = [len(q.options) for q in manifest.questions]
    if shape_of(data) != shape:
        raise InvalidSchema("tally must hold one ciphertext per option per question")
    return [
        [
            Ciphertext.from_json(c, f"ciphertexts[{k}][{o}]", allow_identity=True)
            for o, c in enumerate(row)
        ]
        for k, row in enumerate(data)
    ]


def partial_decrypt_v2(
    share: Scalar,
    tally: Tally,
    *,
    key: Scalar,
    election_id: str,
    close: str,
    verification_key: Element,
    trustee: int,
    fingerprint: bytes,
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """The v2 payload: the v1 factors and proofs plus the hash of the ``close`` event they
    decrypt, signed with the trustee's long-term key ``z_i`` (protocol.md §4.7)."""
    payload = partial_decrypt(
        share,
        tally,
        verification_key=verification_key,
        trustee=trustee,
        fingerprint=fingerprint,
        rng=rng,
    )
    return sign_payload({**payload, "close": close}, key, election_id, trustee, rng)


def partial_decrypt(
    share: Scalar,
    tally: Tally,
    *,
    verification_key: Element,
    trustee: int,
    fingerprint: bytes,
    rng: RandomSource = SYSTEM,
) -> dict[str, Any]:
    """Trustee ``i``'s ``partial_decryption`` payload: ``D = s_i·α`` with a proof per ciphertext."""
    factors, proofs = [], []
    for row in tally:
        pairs = [
            prove_decryption(
                share,
                ct,
                verification_key=verification_key,
                fingerprint=fingerprint,
                trustee=trustee,
                rng=rng,
            )
            for ct in row
        ]
        factors.append([d.hex() for d, _ in pairs])
        proofs.append([p.to_json() for _, p in pairs])
    return {"trustee": trustee, "factors": factors, "proofs": proofs}


PARTIAL_KEYS_V1 = frozenset({"trustee", "factors", "proofs"})
PARTIAL_KEYS_V2 = frozenset({"trustee", "close", "factors", "proofs", "signature"})


def parse_factors(payload: Any, tally: Tally) -> list[list[Element]]:
    """The factors ``D`` of a v1 or v2 partial decryption (keys per version, shape of the tally)."""
    if not isinstance(payload, dict) or set(payload) not in (PARTIAL_KEYS_V1, PARTIAL_KEYS_V2):
        raise InvalidSchema("partial decryption must have exactly trustee, factors, proofs")
    shape = [len(row) for row in tally]
    for key in ("factors", "proofs"):
        rows = payload[key]
        if shape_of(rows) != shape:
            raise InvalidSchema(f"partial decryption {key} must mirror the tally")
    return [
        [Element.from_hex(d, f"factors[{k}][{o}]", allow_identity=True) for o, d in enumerate(row)]
        for k, row in enumerate(payload["factors"])
    ]


def verify_partial_decryption(
    payload: Any, tally: Tally, verification_key: Element, fingerprint: bytes
) -> Check:
    factors = parse_factors(payload, tally)
    trustee = payload["trustee"]
    for k, row in enumerate(tally):
        for o, ct in enumerate(row):
            proof = Proof.from_json(payload["proofs"][k][o], f"proofs[{k}][{o}]")
            statement = {
                "verification_key": verification_key,
                "fingerprint": fingerprint,
                "trustee": trustee,
            }
            if not verify_decryption(proof, factors[k][o], ct, **statement):
                return Check("partial_decryption", (f"proof[{k}][{o}]",))
    return Check("partial_decryption")


def identify_invalid(
    partials: Mapping[int, Any],
    tally: Tally,
    verification_keys: Mapping[int, Element],
    fingerprint: bytes,
) -> list[int]:
    """Indices of trustees whose partial decryption does not verify (to be refused)."""
    bad = []
    for index, payload in sorted(partials.items()):
        try:
            ok = verify_partial_decryption(payload, tally, verification_keys[index], fingerprint).ok
        except (InvalidSchema, KeyError, ValueError):
            ok = False
        except Exception:
            ok = False
        if not ok:
            bad.append(index)
    return bad


def combine(
    tally: Tally, partials: Mapping[int, Any], threshold: int, counted: int
) -> tuple[list[int], list[list[int]]]:
    """Counts from the first ``t`` (already verified) partial decryptions (Lagrange)."""
    if len(partials) < threshold:
        raise NotEnoughShares(f"need {threshold} valid partial decryptions, have {len(partials)}")
    used = sorted(partials)[:threshold]
    return used, decrypt_with(tally, {i: parse_factors(partials[i], tally) for i in used}, counted)


def decrypt_with(
    tally: Tally, factors: Mapping[int, Sequence[Sequence[Element]]], counted: int
) -> list[list[int]]:
    used = sorted(factors)
    lambdas = {i: lagrange_at_zero(i, used) for i in used}
    table = DlogTable(counted)
    counts = []
    for k, row in enumerate(tally):
        out = []
        for o, ct in enumerate(row):
            m_g = ct.beta
            for i in used:
                m_g = m_g - lambdas[i] * factors[i][k][o]
            out.append(table.log(m_g))
        counts.append(out)
    return counts
