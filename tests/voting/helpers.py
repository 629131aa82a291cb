"""Drive a ballot through its phases with the real Python crypto (what browsers/CLI will do).

Each helper plays the person who does the step in the room: the chair makes a key and signs the
attendance, the trustees run the ceremony and prove their keys, trustee 1 issues the cards
(codes exist only in what it returns, as in the PDF) and trustee 2 confirms the list.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from phieukin.crypto import threshold
from phieukin.crypto.ballot import encrypt_ballot
from phieukin.crypto.credential_list import endorsement, issue
from phieukin.crypto.credentials import derive_credential
from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.signing import chair_key_payload, key_possession, sign_as_chair
from phieukin.voting import ceremony, chair, credentials, crypto_adapter
from phieukin.voting.attendance import attendance_now
from phieukin.voting.models import Ballot, Trustee

CODE_PART = re.compile(r"^[0-9A-Z]{4}(?:-[0-9A-Z]{4})+-?$")
CHAIR_SECRET = SeededRandom("test-chair").scalar()


def register_chair(ballot: Ballot, actor: Any, secret: Scalar = CHAIR_SECRET) -> None:
    payload = chair_key_payload(secret, ballot.election_id, "")
    chair.do_register_chair_key(
        ballot, {k: v for k, v in payload.items() if k != "name"}, actor=actor
    )


def run_ceremony(ballot: Ballot, chair_user: Any | None = None) -> dict[int, Any]:
    """Every trustee commits, reveals, checks, acks (and the chair registers its key); returns
    index -> (secret, share). ``chair_user`` defaults to the ballot's creator."""
    seats = {t.index: t for t in Trustee.objects.filter(ballot=ballot)}
    eid = ballot.election_id
    secrets = {}
    for i, seat in seats.items():
        secret, payload = threshold.dkg_commit(eid, i, ballot.threshold)
        secrets[i] = secret
        ceremony.do_submit_dkg(ballot, seat, "dkg_commit", payload)
    register_chair(ballot, chair_user or ballot.created_by)
    st = ceremony.state(ballot)
    keys = {i: Element.from_hex(p["public_key"]) for i, p in st.commits.items()}
    for i, seat in seats.items():
        ceremony.do_submit_dkg(
            ballot, seat, "dkg_reveal", threshold.dkg_reveal(secrets[i], eid, keys)
        )
    reveals = ceremony.state(ballot).reveals
    for i, seat in seats.items():
        ceremony.do_submit_dkg(
            ballot, seat, "dkg_check", threshold.dkg_check(secrets[i], eid, reveals)
        )
    shares = {}
    qualified = ceremony.state(ballot).qualified
    for i, seat in seats.items():
        share, ack = threshold.dkg_receive_v2(
            secrets[i], eid, reveals, answers={}, qualified=qualified
        )
        shares[i] = (secrets[i], share)
        ceremony.do_submit_dkg(ballot, seat, "dkg_ack", ack)
    ballot.refresh_from_db()
    return shares


def prove_keys(ballot: Ballot, shares: dict[int, Any]) -> None:
    fp = bytes.fromhex(ballot.fingerprint)
    for seat in Trustee.objects.filter(ballot=ballot):
        secret, share = shares[seat.index]
        payload = key_possession(
            secret.key, share, election_id=ballot.election_id, index=seat.index, fingerprint=fp
        )
        ceremony.do_prove_possession(ballot, seat, payload)


def sign_attendance(ballot: Ballot, actor: Any, secret: Scalar = CHAIR_SECRET) -> None:
    counts = attendance_now(ballot).payload()
    payload = sign_as_chair(counts, secret, bytes.fromhex(ballot.fingerprint))
    chair.do_sign_attendance(ballot, payload, actor=actor)


def codes_from_pdf(pdf: bytes) -> list[str]:
    """Read the printed codes back from the cards (each is printed over two lines)."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    parts = [line.strip() for line in text.splitlines() if CODE_PART.match(line.strip())]
    return [f"{a.rstrip('-')}-{b}" for a, b in zip(parts[::2], parts[1::2], strict=True)]


def issue_cards(ballot: Ballot, shares: dict[int, Any], *, endorse: bool = True) -> list[str]:
    """Trustee 1 issues one card per member present; trustee 2 confirms the list."""
    seats = {t.index: t for t in Trustee.objects.filter(ballot=ballot)}
    present = attendance_now(ballot).present
    fp = bytes.fromhex(ballot.fingerprint)
    creds, payload = issue(
        present, fingerprint=fp, issuer=1, key=shares[1][0].key, election_id=ballot.election_id
    )
    event = credentials.do_submit_credentials(ballot, seats[1], payload)
    for j in range(2, ballot.threshold + 1) if endorse else ():
        signed = endorsement(
            event.hash, trustee=j, key=shares[j][0].key, election_id=ballot.election_id
        )
        credentials.do_endorse_credentials(ballot, seats[j], signed)
    return [c.printed for c in creds]


def prepare(ballot: Ballot, shares: dict[int, Any], chair_user: Any) -> list[str]:
    """After the ceremony: keys proven, attendance signed, cards issued; returns the codes."""
    prove_keys(ballot, shares)
    sign_attendance(ballot, chair_user)
    return issue_cards(ballot, shares)


def build_ballot(ballot: Ballot, code: str, choices: list[list[int]]) -> tuple[dict[str, Any], Any]:
    """Encrypt, prove and sign ``choices`` with the credential of ``code`` (as the booth does)."""
    from phieukin.voting import tally

    ctx = tally.context(ballot)
    cred = derive_credential(ballot.election_id, code)
    return encrypt_ballot(ctx, cred, choices)


def open_ballot(ballot: Ballot, actor: Any) -> None:
    chair.do_open(ballot, actor=actor)
    ballot.refresh_from_db()


def resign(ballot: Ballot, code: str, data: dict[str, Any]) -> dict[str, Any]:
    """Sign a tampered ballot again with its credential: a forgery by a card holder."""
    from phieukin.crypto.canonical import canonical_bytes
    from phieukin.crypto.proofs.schnorr import prove_schnorr

    cred = derive_credential(ballot.election_id, code)
    unsigned = {k: v for k, v in data.items() if k != "signature"}
    context = [bytes.fromhex(ballot.fingerprint), canonical_bytes(unsigned)]
    proof = prove_schnorr(cred.secret, cred.public, "ballot-signature", context)
    return {**unsigned, "signature": proof.to_json()}


def partial_for(ballot: Ballot, index: int, share: Any, secret: Any) -> dict[str, Any]:
    """Trustee ``index``'s signed partial decryption of the board's tally (what the CLI does)."""
    from phieukin.crypto.group import base_mul
    from phieukin.crypto.tally import partial_decrypt_v2, tally_from_json
    from phieukin.voting import board, tally

    ctx = tally.context(ballot)
    rows = tally_from_json(tally._payload(ballot, "encrypted_tally")["ciphertexts"], ctx.manifest)
    close = board.one(ballot, "close")
    assert close is not None
    return partial_decrypt_v2(
        share,
        rows,
        key=secret.key,
        election_id=ballot.election_id,
        close=close[1],
        verification_key=base_mul(share),
        trustee=index,
        fingerprint=ctx.fingerprint,
    )


__all__ = ["crypto_adapter"]
