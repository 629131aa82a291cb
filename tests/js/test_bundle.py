"""The vendored bundles are what js/src builds to, and they run under the booth's CSP (no eval)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from .conftest import BUNDLE, REPO, SODIUM_BUNDLE

ESBUILD = REPO / "js" / "node_modules" / ".bin" / "esbuild"


@pytest.mark.parametrize("bundle", [BUNDLE, SODIUM_BUNDLE], ids=lambda p: p.name)
def test_it_has_no_eval_and_no_imports(bundle: Path) -> None:
    text = bundle.read_text(encoding="utf-8")
    assert not re.search(r"\beval\s*\(|new\s+Function\s*\(", text), "CSP forbids eval"
    assert not re.search(r"^\s*import\b|\bimport\s*\(", text, re.MULTILINE), "must be one file"
    assert re.search(r"export\s*\{", text)


def test_the_sodium_bundle_embeds_its_wasm_and_fetches_nothing() -> None:
    text = SODIUM_BUNDLE.read_text(encoding="utf-8")
    assert "AGFzbQ" in text, "the wasm (\\0asm, base64) must be inside the file"
    assert not re.search(r"\bfetch\s*\(|\.wasm\b", text), "nothing may be fetched"
    assert 300_000 < len(text) < 800_000


def test_it_matches_a_fresh_build_of_js_src(tmp_path: Path, node: str) -> None:
    if not ESBUILD.exists():
        # .ci/run runs `npm ci` in js/ first: in CI a missing toolchain is a failure, not a skip.
        if os.environ.get("CI"):
            pytest.fail("js/node_modules is absent in CI: .ci/run must run npm ci in js/")
        pytest.skip("js/node_modules is absent (cd js && npm ci) — cannot rebuild the bundle")
    out, cards = tmp_path / "phieukin-crypto.js", tmp_path / "phieukin-cards.js"
    sodium = tmp_path / "phieukin-sodium.js"
    done = subprocess.run(
        ["sh", str(REPO / "js" / "build.sh"), str(out), str(cards), str(sodium)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == BUNDLE.read_bytes(), "stale bundle: run sh js/build.sh and commit"
    vendored = BUNDLE.with_name("phieukin-cards.js")
    assert cards.read_bytes() == vendored.read_bytes(), "stale cards bundle: run sh js/build.sh"
    assert sodium.read_bytes() == SODIUM_BUNDLE.read_bytes(), "stale sodium bundle: sh js/build.sh"
