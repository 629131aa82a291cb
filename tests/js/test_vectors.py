"""The JS twin accepts and rejects every shared vector in tests/vectors exactly as Python does.

Hashing, group encodings, credentials, ballots (accepted, tracking codes, every named tampering
with its error code), the DKG transcript and share box, and the small record with its tampered
variants (checked by js/test/record_check.mjs, built only on the bundle's API).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .conftest import RunJs, ok

VECTORS = Path(__file__).resolve().parents[1] / "vectors"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def test_it_hashes_like_python(run_js: RunJs) -> None:
    cases = load("hashing.json")["cases"]
    results = run_js([("hash", c) for c in cases])
    for case, result in zip(cases, results, strict=True):
        assert ok(result) == {"H": case["H"], "H2S": case["H2S"], "D32": case["D32"]}, case["dst"]


def test_it_decodes_group_vectors_like_python(run_js: RunJs) -> None:
    g = load("group.json")
    ops: list[tuple[str, dict[str, Any]]] = [
        ("scalar_mult", {"P": g["generator"], "s": m["m"].to_bytes(32, "little").hex()})
        for m in g["multiples"]
    ]
    ops += [("scalar_mult", {"P": p["P"], "s": p["s"]}) for p in g["products"]]
    ops += [("decode_element", {"hex": e["hex"]}) for e in g["invalid_elements"]]
    ops += [("decode_scalar", {"hex": s["hex"]}) for s in g["invalid_scalars"]]
    results = iter(run_js(ops))
    for m in g["multiples"]:
        assert ok(next(results)) == m["mG"]
    for p in g["products"]:
        assert ok(next(results)) == p["sP"]
    for bad in [*g["invalid_elements"], *g["invalid_scalars"]]:
        result = next(results)
        assert result.get("error", {}).get("code") == bad["code"], bad["why"]


def test_it_derives_credentials_like_python(run_js: RunJs) -> None:
    c = load("credentials.json")
    eid = c["election_id"]
    inputs = [(v["printed"], v) for v in c["valid"]]
    inputs += [(e["input"], {"code": e["code"]}) for e in c["equivalent_inputs"]]
    results = run_js([("credential", {"election_id": eid, "code": i}) for i, _ in inputs])
    for (text, want), result in zip(inputs, results, strict=True):
        got = ok(result)
        assert got["code"] == want["code"], text
        if "public" in want:
            assert got["public_key"] == want["public"]
    refused = run_js(
        [("credential", {"election_id": eid, "code": b["input"]}) for b in c["invalid"]]
    )
    for bad, result in zip(c["invalid"], refused, strict=True):
        assert result.get("error", {}).get("code") == bad["code"], bad["why"]


def context(suite_ctx: dict[str, Any], credentials: list[str] | None = None) -> dict[str, Any]:
    return {
        "manifest": suite_ctx["setup"]["manifest"],
        "fingerprint": suite_ctx["fingerprint"],
        "public_key": suite_ctx["public_key"],
        "credentials": credentials if credentials is not None else suite_ctx["credentials"],
    }


def test_it_judges_ballot_vectors_like_python(run_js: RunJs) -> None:
    for suite in load("ballots.json")["suites"]:
        ctx = context(suite["context"])
        ops: list[tuple[str, dict[str, Any]]] = []
        for a in suite["accepted"]:
            ops += [
                ("verify_ballot", {"ballot": a["ballot"], "ctx": ctx}),
                ("ballot_hash", {"ballot": a["ballot"]}),
                ("tracking_code", {"ballot": a["ballot"]}),
                (
                    "verify_audit",
                    {
                        "ctx": ctx,
                        "audited": {
                            "ballot": a["ballot"],
                            "choices": a["choices"],
                            "randomness": a["randomness"],
                        },
                    },
                ),
            ]
        for r in suite["rejected"]:
            rctx = context(r.get("context", suite["context"]), r.get("credentials"))
            ops.append(("verify_ballot", {"ballot": r["ballot"], "ctx": rctx}))
        results = iter(run_js(ops))
        for a in suite["accepted"]:
            assert ok(next(results)) is True
            assert ok(next(results)) == a["ballot_hash"]
            assert ok(next(results)) == a["tracking_code"]
            assert ok(next(results)) == a["choices"]
        for r in suite["rejected"]:
            result = next(results)
            assert result.get("error", {}).get("code") == r["code"], (suite["name"], r["why"])


def test_it_checks_the_dkg_transcript_and_share_box(run_js: RunJs) -> None:
    d = load("dkg.json")
    eid, t, n = d["setup"]["election_id"], d["setup"]["threshold"], len(d["setup"]["trustees"])
    by_type: dict[str, list[dict[str, Any]]] = {}
    for e in d["events"]:
        by_type.setdefault(e["type"], []).append(e["payload"])
    commits = {c["trustee"]: c for c in by_type["dkg_commit"]}
    ops: list[tuple[str, dict[str, Any]]] = [
        ("verify_commit", {"election_id": eid, "commit": c}) for c in commits.values()
    ]
    ops += [
        (
            "verify_reveal",
            {
                "election_id": eid,
                "threshold": t,
                "n": n,
                "commit": commits[r["trustee"]],
                "reveal": r,
            },
        )
        for r in by_type["dkg_reveal"]
    ]
    ops += [
        (
            "verify_ack",
            {"election_id": eid, "ack": a, "public_key": commits[a["trustee"]]["public_key"]},
        )
        for a in by_type["dkg_ack"]
    ]
    ops.append(("joint_key", {"reveals": by_type["dkg_reveal"], "n": n}))
    ops.append(
        ("fingerprint", {"setup": d["setup"], "public_key": by_type["joint_key"][0]["public_key"]})
    )
    box = d["sharebox"]
    ops.append(("decrypt_share", box))
    forged = {**box, "box": {**box["box"], "tag": "00" * 32}}
    ops.append(("decrypt_share", forged))
    results = [r.get("ok", r.get("error")) for r in run_js(ops)]
    joint = by_type["joint_key"][0]
    assert results[: 3 * n] == [True] * (3 * n)
    assert results[3 * n] == {k: joint[k] for k in ("public_key", "verification_keys")}
    assert results[3 * n + 1] == joint["fingerprint"]
    assert results[3 * n + 2] == box["share"]
    assert results[3 * n + 3]["code"] == "invalid_share"


def test_it_checks_the_record_vectors_like_python(run_js: RunJs) -> None:
    r = load("record.json")
    lines = (VECTORS / r["file"]).read_text(encoding="utf-8").splitlines()
    ops = [("check_record", {"lines": lines})]
    ops += [("check_record", {"lines": t["lines"]}) for t in r["tampered"]]
    honest, *tampered = run_js(ops)
    assert ok(honest) == {"ok": True, "head": r["head"], "counts": r["result"]}
    for case, result in zip(r["tampered"], tampered, strict=True):
        got = ok(result)
        assert (got["ok"], got.get("seq"), got.get("code")) == (
            False,
            case["fails_at_seq"],
            case["code"],
        ), case["why"]


def test_it_checks_the_v2_record_vectors(run_js: RunJs) -> None:
    """The JS twin re-checks the v2 record (chair, complaint round, key proofs, signed list,
    ballot-set hash, signed decryptions) and refuses every tampered variant; where it checks the
    same rule it names the same event and code as Python."""
    r = load("record-v2.json")
    lines = (VECTORS / r["file"]).read_text(encoding="utf-8").splitlines()
    ops = [("check_record", {"lines": lines})]
    ops += [("check_record", {"lines": t["lines"]}) for t in r["tampered"]]
    for rec in load("dkg-v2.json")["records"].values():
        ops.append(("check_record", {"lines": rec["lines"]}))
    honest, *rest = run_js(ops)
    tampered, complaints = rest[: len(r["tampered"])], rest[len(r["tampered"]) :]
    assert ok(honest) == {"ok": True, "head": r["head"], "counts": r["result"]}
    same = 0
    for case, result in zip(r["tampered"], tampered, strict=True):
        got = ok(result)
        assert got["ok"] is False, case["why"]
        same += (got["seq"], got["code"]) == (case["fails_at_seq"], case["code"])
    assert same >= len(r["tampered"]) - 1  # the phase machine (possession count) is Python's
    assert all(ok(c)["ok"] for c in complaints)
