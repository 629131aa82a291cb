"""Fixtures for the cross-implementation tests: run the vendored JS bundle under node.

``run_js`` sends a list of ``(operation, arguments)`` to ``js/test/cli.mjs`` in one node process
and returns its results, each ``{"ok": value}`` or ``{"error": {"code", "message"}}``. The tests
exercise the committed bundle, the very file the booth loads, so no ``npm install`` is needed.
Every test that uses ``run_js`` runs twice, once per group backend of the bundle: ``noble``
(@noble/curves) and ``sodium`` (libsodium's wasm build, the vendored phieukin-sodium.js);
``PHIEUKIN_JS_BACKEND=sodium`` (or ``noble``) in the environment restricts the run to one.
Without node the tests skip locally but fail on CI (``CI=true``): a missing JS check must never
pass silently there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from phieukin.crypto.election import ElectionContext, parse_setup
from phieukin.crypto.group import Element
from phieukin.crypto.threshold import dkg_commit, dkg_receive, dkg_reveal, joint_keys

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "js" / "test" / "cli.mjs"
BUNDLE = (
    REPO / "src" / "phieukin" / "voting" / "static" / "voting" / "vendor" / "phieukin-crypto.js"
)

SODIUM_BUNDLE = BUNDLE.with_name("phieukin-sodium.js")
BACKENDS = ("noble", "sodium")

RunJs = Callable[[list[tuple[str, dict[str, Any]]]], list[dict[str, Any]]]


@pytest.fixture(scope="session")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node is required on CI for the JS cross-implementation tests")
        pytest.skip("node is not installed; the JS cross-implementation tests need it")
    assert BUNDLE.is_file(), f"missing vendored bundle {BUNDLE} (run js/build.sh)"
    assert SODIUM_BUNDLE.is_file(), f"missing vendored bundle {SODIUM_BUNDLE} (run js/build.sh)"
    return path


def _backends() -> tuple[str, ...]:
    chosen = os.environ.get("PHIEUKIN_JS_BACKEND", "")
    if chosen and chosen not in BACKENDS:
        raise ValueError(f"PHIEUKIN_JS_BACKEND={chosen!r}: expected one of {BACKENDS}")
    return (chosen,) if chosen else BACKENDS


@pytest.fixture(params=_backends())
def js_backend(request: pytest.FixtureRequest) -> str:
    """The bundle's group backend for this test: 'noble' or 'sodium'."""
    return str(request.param)


@pytest.fixture
def run_js(node: str, js_backend: str) -> RunJs:
    env = {**os.environ, "PHIEUKIN_JS_BACKEND": js_backend}

    def run(ops: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
        done = subprocess.run(
            [node, str(CLI)],
            input=json.dumps(ops),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=env,
        )
        assert done.returncode == 0, f"node failed: {done.stderr[-2000:]}"
        results = json.loads(done.stdout)
        for result in results:
            error = result.get("error")
            assert not error or error["code"] != "exception", error["message"]
        return results

    return run


def ok(result: dict[str, Any]) -> Any:
    """The value of a JS result that must have succeeded."""
    assert "ok" in result, f"JS raised {result.get('error')}"
    return result["ok"]


def manifest(kinds: tuple[str, ...] = ("rating", "choose")) -> dict[str, Any]:
    """A small manifest covering the question kinds the booth handles."""
    questions = []
    for k, kind in enumerate(kinds):
        if kind == "rating":
            options, lo, hi = ["A", "B", "C", "D", "Phiếu trắng"], 1, 1
        elif kind == "approval":
            options, lo, hi = ["Đồng ý", "Không đồng ý", "Không biểu quyết"], 1, 1
        else:
            options, lo, hi = ["Nguyễn Văn A", "Trần Thị B", "Lê Văn C", "Phạm D"], 0, 2
        questions.append(
            {
                "id": f"q{k}",
                "kind": kind,
                "label": f"Câu {k}",
                "options": options,
                "min": lo,
                "max": hi,
            }
        )
    return {"title": "Bỏ phiếu thử", "questions": questions}


def python_election(
    n: int = 3, t: int = 2, kinds: tuple[str, ...] = ("rating", "choose")
) -> dict[str, Any]:
    """Run the whole DKG in Python; return setup JSON, the context, shares and public values."""
    setup_json = {
        "version": "PHIEUKIN-v1",
        "group": "ristretto255",
        "election_id": "cross-test-election",
        "manifest": manifest(kinds),
        "threshold": t,
        "trustees": [{"index": i, "name": f"Ủy viên {i}"} for i in range(1, n + 1)],
        "policy": "first",
    }
    setup = parse_setup(setup_json)
    eid = setup.election_id
    secrets, commits = {}, {}
    for i in range(1, n + 1):
        secrets[i], commits[i] = dkg_commit(eid, i, t)
    keys = {i: Element.from_hex(c["public_key"]) for i, c in commits.items()}
    reveals = {i: dkg_reveal(secrets[i], eid, keys) for i in secrets}
    shares = {i: dkg_receive(secrets[i], eid, reveals)[0] for i in secrets}
    public, verification = joint_keys(reveals, list(range(1, n + 1)))
    ctx = ElectionContext.create(setup, public)
    return {
        "setup": setup_json,
        "ctx": ctx,
        "shares": shares,
        "verification": verification,
        "election": {
            "election_id": eid,
            "fingerprint": ctx.fingerprint.hex(),
            "public_key": public.hex(),
        },
    }
