"""A mixed key ceremony and count: trustees 1 and 2 run the JS twin, trustee 3 runs Python.

Every message one side makes is checked by the other (commits, reveals with encrypted shares,
acks, joint key), then ballots are tallied and partially decrypted by trustees from both sides,
each partial decryption verified by the other implementation, and both combine the same counts.
"""

from __future__ import annotations

from typing import Any

from phieukin.crypto.ballot import check_ballot, encrypt_ballot
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.crypto.election import ElectionContext, parse_setup
from phieukin.crypto.group import Element
from phieukin.crypto.tally import (
    combine,
    partial_decrypt,
    tally_ballots,
    tally_to_json,
    verify_partial_decryption,
)
from phieukin.crypto.threshold import (
    dkg_commit,
    dkg_receive,
    dkg_reveal,
    joint_keys,
    verify_commit,
    verify_payload_signature,
    verify_reveal,
)

from .conftest import RunJs, manifest, ok

EID = "mixed-ceremony"
N, T = 3, 2


def ceremony(run_js: RunJs) -> dict[str, Any]:
    """Run the DKG with JS trustees 1, 2 and Python trustee 3, cross-checking every message."""
    js_round1 = [
        ok(r)
        for r in run_js(
            [("dkg_commit", {"election_id": EID, "trustee": i, "threshold": T}) for i in (1, 2)]
        )
    ]
    secret3, commit3 = dkg_commit(EID, 3, T)
    commits = [r["commit"] for r in js_round1] + [commit3]
    for c in commits[:2]:
        assert verify_commit(c, EID).ok
    assert ok(run_js([("verify_commit", {"election_id": EID, "commit": commit3})])[0]) is True

    js_reveals = [
        ok(r)
        for r in run_js(
            [("dkg_reveal", {"state": r["state"], "commits": commits}) for r in js_round1]
        )
    ]
    keys = {c["trustee"]: Element.from_hex(c["public_key"]) for c in commits}
    reveals = {1: js_reveals[0], 2: js_reveals[1], 3: dkg_reveal(secret3, EID, keys)}
    for i in (1, 2):
        assert verify_reveal(reveals[i], commits[i - 1], EID, [1, 2, 3], T).ok
    check3 = {"election_id": EID, "threshold": T, "commit": commit3, "reveal": reveals[3], "n": N}
    assert ok(run_js([("verify_reveal", check3)])[0]) is True

    ordered = [reveals[i] for i in (1, 2, 3)]
    js_acks = [
        ok(r)
        for r in run_js(
            [
                ("dkg_ack", {"state": r["state"], "commits": commits, "reveals": ordered})
                for r in js_round1
            ]
        )
    ]
    share3, ack3 = dkg_receive(secret3, EID, reveals)
    public, verification = joint_keys(reveals, [1, 2, 3])
    for j, ack in ((1, js_acks[0]["ack"]), (2, js_acks[1]["ack"]), (3, ack3)):
        assert ack["public_key"] == public.hex()
        assert ack["verification_key"] == verification[j].hex()
        assert verify_payload_signature(ack, keys[j], EID, j).ok
    joint = ok(run_js([("joint_key", {"reveals": ordered, "n": N})])[0])
    assert joint == {
        "public_key": public.hex(),
        "verification_keys": [verification[j].hex() for j in (1, 2, 3)],
    }
    shares = {1: js_acks[0]["state"]["share"], 2: js_acks[1]["state"]["share"], 3: share3}
    return {"public": public, "verification": verification, "shares": shares}


def test_it_runs_a_mixed_ceremony_and_count(run_js: RunJs) -> None:
    keys = ceremony(run_js)
    setup_json = {
        "version": "PHIEUKIN-v1",
        "group": "ristretto255",
        "election_id": EID,
        "manifest": manifest(),
        "threshold": T,
        "policy": "last",
        "trustees": [{"index": i, "name": f"T{i}"} for i in (1, 2, 3)],
    }
    ctx = ElectionContext.create(parse_setup(setup_json), keys["public"])
    fp = ctx.fingerprint.hex()
    assert (
        ok(run_js([("fingerprint", {"setup": setup_json, "public_key": keys["public"].hex()})])[0])
        == fp
    )
    rows = [
        [[1, 0, 0, 0, 0], [1, 1, 0, 0]],
        [[0, 0, 0, 1, 0], [0, 1, 0, 0]],
        [[1, 0, 0, 0, 0], [0, 0, 0, 0]],
    ]
    ballots = []
    for choices in rows:
        cred = derive_credential(EID, generate_code())
        data, _ = encrypt_ballot(ctx, cred, choices)
        ballots.append(check_ballot(data, ctx, [cred.public.hex()]))
    tally = tally_ballots(ctx.manifest, ballots)
    payload = {"counted": len(ballots), "ciphertexts": tally_to_json(tally)}
    vks = {j: keys["verification"][j] for j in (1, 2, 3)}
    js_partial = ok(
        run_js(
            [
                (
                    "partial_decrypt",
                    {"fingerprint": fp, "trustee": 1, "share": keys["shares"][1], "tally": payload},
                )
            ]
        )[0]
    )
    py_partial = partial_decrypt(
        keys["shares"][3], tally, verification_key=vks[3], trustee=3, fingerprint=ctx.fingerprint
    )
    assert verify_partial_decryption(js_partial, tally, vks[1], ctx.fingerprint).ok
    wrong_key = verify_partial_decryption(js_partial, tally, vks[2], ctx.fingerprint)
    assert not wrong_key.ok
    check = {
        "fingerprint": fp,
        "verification_key": vks[3].hex(),
        "tally": payload,
        "partial": py_partial,
    }
    forged = {**check, "verification_key": vks[2].hex()}
    verdict, refused, counts = run_js(
        [
            ("verify_partial", check),
            ("verify_partial", forged),
            (
                "combine",
                {
                    "fingerprint": fp,
                    "tally": payload,
                    "partials": [js_partial, py_partial],
                    "verification_keys": [vks[1].hex(), vks[3].hex()],
                },
            ),
        ]
    )
    assert ok(verdict) is True
    assert refused["error"]["code"] == "invalid_proof"
    want = [[2, 0, 0, 1, 0], [1, 2, 0, 0]]
    assert ok(counts) == want
    used, py_counts = combine(tally, {1: js_partial, 3: py_partial}, T, len(ballots))
    assert (used, py_counts) == ([1, 3], want)
