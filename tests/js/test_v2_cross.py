"""PHIEUKIN-v2 across the two implementations: a record whose chair, trustees 1–2 and card
issuer are the JS twin (what the browsers run) and whose trustee 3 is Python — with a complaint
round (Python's dealer 3 sends JS trustee 1 a bad share and answers) — is accepted by the Python
verifier; the booth's receipt check and the one code normalization agree with Python."""

from __future__ import annotations

from typing import Any

from phieukin.crypto.ballot import encrypt_ballot
from phieukin.crypto.credentials import derive_credential, normalize_tracking_code
from phieukin.crypto.election import ElectionContext, parse_setup
from phieukin.crypto.group import Element, base_mul
from phieukin.crypto.randomness import SeededRandom
from phieukin.crypto.signing import key_possession
from phieukin.crypto.tally import (
    combine,
    partial_decrypt_v2,
    tally_ballots,
    tally_from_json,
    tally_to_json,
)
from phieukin.crypto.threshold import (
    dkg_answer,
    dkg_check,
    dkg_commit,
    dkg_receive_v2,
    dkg_reveal,
    joint_keys,
)
from phieukin.record.events import Event, append_event
from phieukin.record.simulate import _corrupt
from phieukin.record.verify import verify_record

from .conftest import RunJs, manifest, ok

EID = "v2-mixed"
N, T = 3, 2


class Log:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def add(self, kind: str, payload: dict[str, Any]) -> Event:
        self.events.append(append_event(self.events[-1] if self.events else None, kind, payload))
        return self.events[-1]


def test_a_v2_record_made_by_both_implementations_verifies(run_js: RunJs) -> None:
    server = SeededRandom("v2-server").scalar()
    setup = {
        "version": "PHIEUKIN-v2",
        "group": "ristretto255",
        "election_id": EID,
        "manifest": manifest(("rating",)),
        "threshold": T,
        "trustees": [{"index": i, "name": f"T{i}"} for i in (1, 2, 3)],
        "policy": "first",
        "server_key": base_mul(server).hex(),
    }
    log = Log()
    log.add("setup", setup)
    js = [
        ok(r)
        for r in run_js(
            [("dkg_commit", {"election_id": EID, "trustee": i, "threshold": T}) for i in (1, 2)]
        )
    ]
    secret3, commit3 = dkg_commit(EID, 3, T)
    commits = [js[0]["commit"], js[1]["commit"], commit3]
    for c in commits:
        log.add("dkg_commit", c)
    chair = ok(run_js([("chair_key", {"election_id": EID})])[0])
    log.add("chair_key", {**chair["payload"], "name": "Chủ trì"})
    reveals_js = [
        ok(r)
        for r in run_js([("dkg_reveal", {"state": j["state"], "commits": commits}) for j in js])
    ]
    keys = {c["trustee"]: Element.from_hex(c["public_key"]) for c in commits}
    reveal3 = _corrupt(
        dkg_reveal(secret3, EID, keys), secret3, EID, to=1, key=keys[1], rng=SeededRandom("x")
    )
    reveals = [*reveals_js, reveal3]
    for r in reveals:
        log.add("dkg_reveal", r)
    checks = [
        ok(r)
        for r in run_js([("dkg_check", {"state": j["state"], "reveals": reveals}) for j in js])
    ]
    checks.append(dkg_check(secret3, EID, {r["trustee"]: r for r in reveals}))
    assert [c["complaints"] for c in checks] == [[3], [], []]
    for c in checks:
        log.add("dkg_check", c)
    answer = dkg_answer(secret3, EID, 1)
    log.add("dkg_answer", answer)
    qualified = ok(run_js([("qualified", {"n": N, "checks": checks, "answers": [answer]})])[0])
    assert qualified == [1, 2, 3]
    acks = [
        ok(r)
        for r in run_js(
            [
                (
                    "dkg_ack_v2",
                    {
                        "state": j["state"],
                        "reveals": reveals,
                        "answers": [answer],
                        "qualified": qualified,
                    },
                )
                for j in js
            ]
        )
    ]
    share3, ack3 = dkg_receive_v2(
        secret3,
        EID,
        {r["trustee"]: r for r in reveals},
        answers={(3, 1): answer},
        qualified=qualified,
    )
    for a in [acks[0]["ack"], acks[1]["ack"], ack3]:
        log.add("dkg_ack", a)
    public, verification = joint_keys({r["trustee"]: r for r in reveals}, [1, 2, 3], qualified)
    ctx = ElectionContext.create(
        parse_setup(setup), public, Element.from_hex(chair["payload"]["public_key"])
    )
    fp = ctx.fingerprint.hex()
    assert (
        ok(
            run_js(
                [
                    (
                        "fingerprint_v2",
                        {
                            "setup": setup,
                            "public_key": public.hex(),
                            "chair_key": chair["payload"]["public_key"],
                        },
                    )
                ]
            )[0]
        )
        == fp
    )
    log.add(
        "joint_key",
        {
            "qualified": qualified,
            "public_key": public.hex(),
            "verification_keys": [verification[j].hex() for j in (1, 2, 3)],
            "fingerprint": fp,
        },
    )
    states = [acks[0]["state"], acks[1]["state"]]
    backup, *proofs = run_js(
        [("key_backup", {"state": states[0]})]
        + [("key_possession", {"state": s, "fingerprint": fp}) for s in states]
    )
    assert ok(backup)["share"] == states[0]["share"]
    for proof in proofs:
        log.add("key_possession", ok(proof))
    log.add(
        "key_possession",
        key_possession(secret3.key, share3, election_id=EID, index=3, fingerprint=ctx.fingerprint),
    )
    counts = {"convened": 4, "present": 3, "excluded": 0, "quorum_required": 3}
    log.add(
        "attendance",
        ok(
            run_js(
                [
                    (
                        "sign_attendance",
                        {"state": chair["state"], "fingerprint": fp, "counts": counts},
                    )
                ]
            )[0]
        ),
    )
    issued = ok(
        run_js([("issue_credentials", {"state": states[0], "fingerprint": fp, "count": 3})])[0]
    )
    listing = log.add("credentials", issued["payload"])
    log.add(
        "credentials_endorsement",
        ok(run_js([("endorse", {"state": states[1], "event": listing.hash})])[0]),
    )
    choices = [[[1, 0, 0, 0, 0]], [[0, 1, 0, 0, 0]], [[1, 0, 0, 0, 0]]]
    ballots = []
    for code, row in zip(issued["codes"], choices, strict=True):
        data, _ = encrypt_ballot(ctx, derive_credential(EID, code), row)
        ballots.append(data)
        event = log.add("ballot", data)
    from phieukin.crypto.ballot import ballot_hash, ballot_set_hash, parse_ballot
    from phieukin.crypto.signing import receipt

    signed = receipt(
        server,
        fingerprint=ctx.fingerprint,
        seq=event.seq,
        kind="ballot",
        event_hash=event.hash,
        ballot_hash=ballot_hash(data),
    )
    good, forged = run_js(
        [
            (
                "verify_receipt",
                {"receipt": signed, "server_key": setup["server_key"], "fingerprint": fp},
            ),
            (
                "verify_receipt",
                {
                    "receipt": {**signed, "seq": 0},
                    "server_key": setup["server_key"],
                    "fingerprint": fp,
                },
            ),
        ]
    )
    assert ok(good) is True and forged["error"]["code"] == "invalid_signature"
    hashes = [bytes.fromhex(ballot_hash(b)) for b in ballots]
    close = log.add("close", {"counted": 3, "ballots": ballot_set_hash(hashes)})
    tally = tally_ballots(ctx.manifest, [parse_ballot(b, ctx.manifest) for b in ballots])
    payload = {"counted": 3, "ciphertexts": tally_to_json(tally)}
    log.add("encrypted_tally", payload)
    js_partial = ok(
        run_js(
            [
                (
                    "partial_decrypt_v2",
                    {"fingerprint": fp, "state": states[1], "tally": payload, "close": close.hash},
                )
            ]
        )[0]
    )
    py_partial = partial_decrypt_v2(
        share3,
        tally_from_json(payload["ciphertexts"], ctx.manifest),
        key=secret3.key,
        election_id=EID,
        close=close.hash,
        verification_key=verification[3],
        trustee=3,
        fingerprint=ctx.fingerprint,
    )
    log.add("partial_decryption", js_partial)
    log.add("partial_decryption", py_partial)
    used, result = combine(tally, {2: js_partial, 3: py_partial}, T, 3)
    log.add("result", {"trustees": used, "counts": result})
    report = verify_record(log.events)
    assert report.ok, report.failure
    assert report.result == [[2, 1, 0, 0, 0]] and report.version == "PHIEUKIN-v2"


def test_it_normalizes_tracking_codes_as_python_does(run_js: RunJs) -> None:
    typed = [
        "y65w 8efa 74h2 sa6g",
        "Y65W-8EFA",
        "  y6 5w  ",
        "O1IL-0000-1111-2222",
        "Y65W-8EFA-74H2-SA6G-1",
        "ABCU",
    ]
    results = run_js([("normalize_tracking", {"text": t}) for t in typed])
    for text, result in zip(typed, results, strict=True):
        try:
            want: Any = normalize_tracking_code(text)
        except Exception as exc:
            want = {"code": getattr(exc, "code", "?")}
        got = result.get("ok", result.get("error"))
        if isinstance(want, dict):
            assert got["code"] == want["code"], text
        else:
            assert got == want, text
