"""The trustee's offline tool (``phieukin trustee …`` and ``phieukin cards``).

It reads the public state (``ceremony.json`` downloaded from the ballot's counting-board page)
and the trustee's own key file, and prints the message to paste on that page. It never
contacts the server and never touches the database: the key file stays on the trustee's
computer. The key file has the same fields as the browser's, so either can continue the
other's work: ``{election_id, trustee, threshold, z, coefficients, share?, qualified?}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from phieukin.crypto.credential_list import endorsement, issue
from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.signing import key_possession
from phieukin.crypto.tally import partial_decrypt_v2, tally_from_json
from phieukin.crypto.threshold import (
    TrusteeSecret,
    dkg_answer,
    dkg_check,
    dkg_commit,
    dkg_receive_v2,
    dkg_reveal,
)
from phieukin.voting import crypto_adapter as cx

STEPS = ("commit", "reveal", "check", "answer", "ack", "possess", "endorse", "decrypt")


class ToolError(Exception):
    """A problem the trustee can fix (wrong file, wrong step); printed without a traceback."""


def _secret(key: dict[str, Any]) -> TrusteeSecret:
    return TrusteeSecret(
        index=key["trustee"],
        threshold=key["threshold"],
        key=Scalar.from_hex(key["z"], "z"),
        coefficients=tuple(Scalar.from_hex(c, "coefficient") for c in key["coefficients"]),
    )


def _check_election(state: dict[str, Any], key: dict[str, Any]) -> None:
    if state["setup"]["election_id"] != key["election_id"]:
        raise ToolError("the key file belongs to another election")


def _all(state: dict[str, Any], what: str, message: str) -> None:
    if len(state[what]) != len(state["setup"]["trustees"]):
        raise ToolError(message)


def commit(state: dict[str, Any], index: int, key_path: Path) -> dict[str, Any]:
    """New trustee secrets into a new key file (never overwritten); returns the commit."""
    if key_path.exists():
        raise ToolError(f"{key_path} exists: refusing to overwrite a trustee key")
    setup = state["setup"]
    if not any(t["index"] == index for t in setup["trustees"]):
        raise ToolError(f"there is no trustee {index} in this election")
    secret, payload = dkg_commit(setup["election_id"], index, setup["threshold"])
    key = {
        "election_id": setup["election_id"],
        "trustee": index,
        "threshold": setup["threshold"],
        "z": secret.key.hex(),
        "coefficients": [c.hex() for c in secret.coefficients],
    }
    key_path.write_text(json.dumps(key, indent=1), encoding="utf-8")
    key_path.chmod(0o600)
    return {"type": "dkg_commit", "payload": payload}


def reveal(state: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    _check_election(state, key)
    _all(state, "commits", "wait until every trustee has sent a commitment")
    keys = {c["trustee"]: Element.from_hex(c["public_key"], "public_key") for c in state["commits"]}
    payload = dkg_reveal(_secret(key), key["election_id"], keys)
    return {"type": "dkg_reveal", "payload": payload}


def _reveals(state: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {r["trustee"]: r for r in state["reveals"]}


def check(state: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    """Open every share sent to us; the signed check names the dealers whose share failed."""
    _check_election(state, key)
    _all(state, "reveals", "wait until every trustee has revealed")
    payload = dkg_check(_secret(key), key["election_id"], _reveals(state))
    return {"type": "dkg_check", "payload": payload}


def answer(state: dict[str, Any], key: dict[str, Any], to: int | None) -> dict[str, Any]:
    """Publish the share trustee ``to`` complained about (it lies on our committed polynomial)."""
    _check_election(state, key)
    accusers = [c["trustee"] for c in state["checks"] if key["trustee"] in c["complaints"]]
    if to is None or to not in accusers:
        raise ToolError(f"no complaint to answer from trustee {to} (complaints from: {accusers})")
    return {"type": "dkg_answer", "payload": dkg_answer(_secret(key), key["election_id"], to)}


def ack(state: dict[str, Any], key: dict[str, Any], key_path: Path) -> dict[str, Any]:
    """Sum the shares of the qualified dealers, keep the key share in the key file; the ack."""
    _check_election(state, key)
    _all(state, "checks", "wait until every trustee has checked its shares")
    answers = {(a["trustee"], a["to"]): a for a in state["answers"]}
    qualified = state["qualified"]
    if key["trustee"] not in qualified:
        raise ToolError("a complaint about your shares was not answered: you are disqualified")
    share, payload = dkg_receive_v2(
        _secret(key), key["election_id"], _reveals(state), answers=answers, qualified=qualified
    )
    saved = {**key, "share": share.hex(), "qualified": qualified}
    key_path.write_text(json.dumps(saved, indent=1), encoding="utf-8")
    return {"type": "dkg_ack", "payload": payload}


def _fingerprint(state: dict[str, Any]) -> bytes:
    if not state.get("joint_key"):
        raise ToolError("the key ceremony is not finished yet")
    return bytes.fromhex(state["joint_key"]["fingerprint"])


def _share(key: dict[str, Any]) -> Scalar:
    if not key.get("share"):
        raise ToolError("the key file has no key share (run ack first, or load the right file)")
    return Scalar.from_hex(key["share"], "share")


def possess(state: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    """Prove, from the saved key file, that it opens our share (before the ballot opens)."""
    _check_election(state, key)
    payload = key_possession(
        Scalar.from_hex(key["z"], "z"),
        _share(key),
        election_id=key["election_id"],
        index=key["trustee"],
        fingerprint=_fingerprint(state),
    )
    return {"type": "key_possession", "payload": payload}


def endorse(state: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    """Sign the credential list's event hash (compare its short code with the issuer's first)."""
    _check_election(state, key)
    cards = state.get("credentials")
    if not cards:
        raise ToolError("no list of cards has been issued yet")
    payload = endorsement(
        cards["event"],
        trustee=key["trustee"],
        key=Scalar.from_hex(key["z"], "z"),
        election_id=key["election_id"],
    )
    return {"type": "credentials_endorsement", "payload": payload}


def cards(state: dict[str, Any], key: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """One card per member present on the signed attendance: the list message and the codes."""
    _check_election(state, key)
    attendance = state.get("attendance")
    if not attendance:
        raise ToolError("the chair has not signed the attendance yet")
    _creds, payload = issue(
        attendance["present"],
        fingerprint=_fingerprint(state),
        issuer=key["trustee"],
        key=Scalar.from_hex(key["z"], "z"),
        election_id=key["election_id"],
    )
    return {"type": "credentials", "payload": payload}, [c.printed for c in _creds]


def decrypt(state: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    _check_election(state, key)
    if not state.get("encrypted_tally") or not state.get("close"):
        raise ToolError("nothing to decrypt yet (the ballot is not closed)")
    joint = state["joint_key"]
    chair = (state.get("chair_key") or {}).get("public_key", "")
    ctx = cx.election_context(state["setup"], joint["public_key"], chair)
    rows = tally_from_json(state["encrypted_tally"]["ciphertexts"], ctx.manifest)
    index = key["trustee"]
    payload = partial_decrypt_v2(
        _share(key),
        rows,
        key=Scalar.from_hex(key["z"], "z"),
        election_id=key["election_id"],
        close=state["close"]["hash"],
        verification_key=Element.from_hex(
            joint["verification_keys"][index - 1], "verification_key"
        ),
        trustee=index,
        fingerprint=ctx.fingerprint,
    )
    return {"type": "partial_decryption", "payload": payload}
