"""Drive a ballot through its phases with the real Python crypto (what browsers/CLI will do)."""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader

from phieukin.crypto import threshold
from phieukin.crypto.ballot import encrypt_ballot
from phieukin.crypto.credentials import derive_credential
from phieukin.crypto.group import Element
from phieukin.voting import ceremony, chair, credentials, crypto_adapter
from phieukin.voting.models import Ballot, Trustee

CODE_PART = re.compile(r"^[0-9A-Z]{4}(?:-[0-9A-Z]{4})+$")


def run_ceremony(ballot: Ballot) -> dict[int, Any]:
    """Every trustee commits, reveals, acks; returns index -> (secret, share)."""
    seats = {t.index: t for t in Trustee.objects.filter(ballot=ballot)}
    eid = ballot.election_id
    secrets = {}
    for i, seat in seats.items():
        secret, payload = threshold.dkg_commit(eid, i, ballot.threshold)
        secrets[i] = secret
        ceremony.do_submit_dkg(ballot, seat, "dkg_commit", payload)
    st = ceremony.state(ballot)
    keys = {i: Element.from_hex(p["public_key"]) for i, p in st.commits.items()}
    for i, seat in seats.items():
        ceremony.do_submit_dkg(
            ballot, seat, "dkg_reveal", threshold.dkg_reveal(secrets[i], eid, keys)
        )
    reveals = ceremony.state(ballot).reveals
    shares = {}
    for i, seat in seats.items():
        share, ack = threshold.dkg_receive(secrets[i], eid, reveals)
        shares[i] = (secrets[i], share)
        ceremony.do_submit_dkg(ballot, seat, "dkg_ack", ack)
    ballot.refresh_from_db()
    return shares


def codes_from_pdf(pdf: bytes) -> list[str]:
    """Read the printed codes back from the cards (each is printed over two lines)."""
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    parts = [line.strip() for line in text.splitlines() if CODE_PART.match(line.strip())]
    return [f"{a}-{b}" for a, b in zip(parts[::2], parts[1::2], strict=True)]


def issue_cards(ballot: Ballot, actor: Any) -> list[str]:
    pdf = credentials.do_issue_credentials(
        ballot, booth_url="http://testserver/voting/booth/1/", actor=actor
    )
    return codes_from_pdf(pdf)


def build_ballot(ballot: Ballot, code: str, choices: list[list[int]]) -> tuple[dict[str, Any], Any]:
    """Encrypt, prove and sign ``choices`` with the credential of ``code`` (as the booth does)."""
    setup = ceremony.state(ballot).setup
    ctx = crypto_adapter.election_context(setup, ballot.election_public_key)
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


def partial_for(ballot: Ballot, index: int, share: Any) -> dict[str, Any]:
    """Trustee ``index``'s partial decryption of the board's encrypted tally (what the CLI does)."""
    from phieukin.crypto.group import base_mul
    from phieukin.crypto.tally import partial_decrypt, tally_from_json
    from phieukin.voting import tally

    ctx = tally.context(ballot)
    rows = tally_from_json(tally._payload(ballot, "encrypted_tally")["ciphertexts"], ctx.manifest)
    return partial_decrypt(
        share, rows, verification_key=base_mul(share), trustee=index, fingerprint=ctx.fingerprint
    )
