"""The bundle's two group backends: libsodium's wasm build and @noble/curves.

Every test in tests/js that uses ``run_js`` already runs on both (conftest.py); here: the backend
asked for is the one in use, RFC 9496's vectors hold on both, and ``init`` falls back to noble
(without hanging) when libsodium is refused, hangs or is absent, and refuses an unknown name.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from phieukin.crypto.errors import CryptoError
from phieukin.crypto.group import Element, Scalar, base_mul

from .conftest import REPO, RunJs, ok

# RFC 9496 appendix A.2 (https://www.rfc-editor.org/rfc/rfc9496#appendix-A.2): invalid encodings.
RFC9496_BAD = [
    # non-canonical field encodings
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    # negative field elements
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    # non-square x^2
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    # negative xy
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    # s = -1, which makes y = 0
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
]
GENERATOR = "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"


def test_it_runs_on_the_backend_it_was_asked_for(run_js: RunJs, js_backend: str) -> None:
    assert ok(run_js([("backend", {})])[0]) == js_backend


def test_it_rejects_rfc9496s_invalid_encodings_on_both_backends(run_js: RunJs) -> None:
    for bad in RFC9496_BAD:  # the list is right: the Python side (libsodium) refuses each too
        with pytest.raises(CryptoError):
            Element.from_hex(bad, allow_identity=True)
    results = run_js([("decode_element", {"hex": h, "allow_identity": True}) for h in RFC9496_BAD])
    for bad, result in zip(RFC9496_BAD, results, strict=True):
        assert result.get("error", {}).get("code") == "invalid_encoding", bad


def test_it_computes_small_and_large_multiples_like_python(run_js: RunJs) -> None:
    scalars = [*range(1, 16), 2**252, 2**252 + 27742317777372353535851937790883648492]
    ops = [("scalar_mult", {"P": GENERATOR, "s": s.to_bytes(32, "little").hex()}) for s in scalars]
    for got, s in zip(run_js(ops), scalars, strict=True):
        assert ok(got) == base_mul(Scalar(s)).hex(), s
    # The identity decodes (where allowed) and the RFC's generator is G on both.
    assert ok(run_js([("decode_element", {"hex": "00" * 32, "allow_identity": True})])[0]) == (
        "00" * 32
    )
    assert base_mul(Scalar(1)).hex() == GENERATOR


def test_init_falls_back_to_noble_and_never_hangs(node: str) -> None:
    done = subprocess.run(
        [node, str(REPO / "js" / "test" / "backend.mjs")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["before_init"] == "noble"  # synchronous callers (ceremony, chair) need no init
    assert (out["refused"], out["refused_reason"]) == ("noble", "wasm refused")
    assert out["hung"] == "noble" and out["hung_reason"].endswith("within 200 ms")
    assert 150 <= out["hung_ms"] < 5000
    assert out["missing"] == "noble"
    assert out["strict"] == "error: no wasm" and out["strict_after"] == "noble"
    assert (out["auto"], out["auto_reason"]) == ("sodium", None)
    assert out["sodium_verifies_both"] and out["noble_verifies_both"]
    assert out["unknown"] == "error: unknown backend wasm"


def test_the_booth_bench_runs_on_each_backend(node: str, js_backend: str) -> None:
    done = subprocess.run(
        [node, "bench/booth.mjs", "--backend", js_backend, "--ballots", "2"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=REPO / "js",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["backend"] == js_backend and len(out["cpu_ms"]) == len(out["wall_ms"]) == 2
    assert all(t > 0 for t in out["cpu_ms"] + out["wall_ms"])
