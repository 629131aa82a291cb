"""The trustee's offline tool (``phieukin trustee …``): ceremony steps and decryption.

It reads the public state (``ceremony.json`` downloaded from the ballot's counting-board page)
and the trustee's own key file, and prints the message to paste on that page. It never
contacts the server and never touches the database: the key file stays on the trustee's
computer. The key file has the same fields as the browser's backup, so either can continue
the other's work: ``{election_id, trustee, threshold, z, coefficients, share?}``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from phieukin.crypto.group import Element, Scalar
from phieukin.crypto.tally import partial_decrypt, tally_from_json
from phieukin.crypto.threshold import TrusteeSecret, dkg_commit, dkg_receive, dkg_reveal
from phieukin.voting import crypto_adapter as cx


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
    if len(state["commits"]) != len(state["setup"]["trustees"]):
        raise ToolError("wait until every trustee has sent a commitment")
    keys = {c["trustee"]: Element.from_hex(c["public_key"], "public_key") for c in state["commits"]}
    payload = dkg_reveal(_secret(key), key["election_id"], keys)
    return {"type": "dkg_reveal", "payload": payload}


def ack(state: dict[str, Any], key: dict[str, Any], key_path: Path) -> dict[str, Any]:
    """Open and check every share, keep the key share in the key file; returns the ack."""
    _check_election(state, key)
    if len(state["reveals"]) != len(state["setup"]["trustees"]):
        raise ToolError("wait until every trustee has revealed")
    reveals = {r["trustee"]: r for r in state["reveals"]}
    share, payload = dkg_receive(_secret(key), key["election_id"], reveals)
    key_path.write_text(json.dumps({**key, "share": share.hex()}, indent=1), encoding="utf-8")
    return {"type": "dkg_ack", "payload": payload}


def decrypt(state: dict[str, Any], key: dict[str, Any]) -> dict[str, Any]:
    _check_election(state, key)
    if not state.get("encrypted_tally") or not key.get("share"):
        raise ToolError("nothing to decrypt yet (ballot not closed) or the key file has no share")
    joint = state["joint_key"]
    ctx = cx.election_context(state["setup"], joint["public_key"])
    rows = tally_from_json(state["encrypted_tally"]["ciphertexts"], ctx.manifest)
    share = Scalar.from_hex(key["share"], "share")
    index = key["trustee"]
    payload = partial_decrypt(
        share,
        rows,
        verification_key=Element.from_hex(
            joint["verification_keys"][index - 1], "verification_key"
        ),
        trustee=index,
        fingerprint=ctx.fingerprint,
    )
    return {"type": "partial_decryption", "payload": payload}
