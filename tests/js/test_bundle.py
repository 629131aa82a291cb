"""The vendored bundle is what js/src builds to, and it runs under the booth's CSP (no eval)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import BUNDLE, REPO

ESBUILD = REPO / "js" / "node_modules" / ".bin" / "esbuild"


def test_it_has_no_eval_and_no_imports() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert not re.search(r"\beval\s*\(|new\s+Function\s*\(", text), "CSP forbids eval"
    assert not re.search(r"^\s*import\b|\bimport\s*\(", text, re.MULTILINE), "must be one file"
    assert "export {" in text


def test_it_matches_a_fresh_build_of_js_src(tmp_path: Path, node: str) -> None:
    if not ESBUILD.exists():
        # .ci/run runs `npm ci` in js/ first: in CI a missing toolchain is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail("js/node_modules is absent in CI: .ci/run must run npm ci in js/")
        pytest.skip("js/node_modules is absent (cd js && npm ci) — cannot rebuild the bundle")
    out, cards = tmp_path / "phieukin-crypto.js", tmp_path / "phieukin-cards.js"
    done = subprocess.run(
        ["sh", str(REPO / "js" / "build.sh"), str(out), str(cards)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == BUNDLE.read_bytes(), "stale bundle: run sh js/build.sh and commit"
    vendored = BUNDLE.with_name("phieukin-cards.js")
    assert cards.read_bytes() == vendored.read_bytes(), "stale cards bundle: run sh js/build.sh"
