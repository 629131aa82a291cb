"""The bundle works in a real browser over plain HTTP, and the ballot it builds there passes the
Python verifier: on noble under ``script-src 'self'`` (no eval, no wasm), on libsodium's wasm
build under the booth's CSP (``'wasm-unsafe-eval'``), and falling back to noble when ``'auto'``
meets a CSP that refuses wasm."""

from __future__ import annotations

import http.server
import json
import os
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from phieukin.crypto.audit import check_audited_ballot
from phieukin.crypto.ballot import check_ballot, tracking_code
from phieukin.crypto.credentials import derive_credential, generate_code
from phieukin.lib import csp

from .conftest import BUNDLE, REPO, SODIUM_BUNDLE, python_election

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
PAGES = REPO / "js" / "test" / "browser"
FILES = {
    "/": PAGES / "booth.html",
    "/booth.mjs": PAGES / "booth.mjs",
    "/phieukin-crypto.js": BUNDLE,
    "/phieukin-sodium.js": SODIUM_BUNDLE,
}


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        route, _, query = self.path.partition("?")
        path = FILES.get(route)
        if path is None:
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        kind = "text/html" if path.suffix == ".html" else "text/javascript"
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        policy = (
            csp.policy(wasm=True)
            if query == "csp=wasm"
            else "default-src 'self'; script-src 'self'"
        )
        self.send_header("Content-Security-Policy", policy)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def booth_url() -> Iterator[str]:
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is required on CI (python -m tests.setup_browser)")
        pytest.skip("no /usr/bin/chromium")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("backend", "query", "expected"),
    [("noble", "", "noble"), ("sodium", "?csp=wasm", "sodium"), ("auto", "", "noble")],
    ids=["noble-strict-csp", "sodium-booth-csp", "auto-falls-back-under-strict-csp"],
)
def test_it_builds_a_valid_ballot_in_chromium_under_the_booth_csp(
    booth_url: str, backend: str, query: str, expected: str
) -> None:
    from playwright.sync_api import sync_playwright

    election = python_election()
    code = generate_code()
    cred = derive_credential(election["election"]["election_id"], code).public.hex()
    args = {
        "manifest": election["setup"]["manifest"],
        "election": election["election"],
        "choices": [[0, 0, 0, 1, 0], [0, 1, 1, 0]],
        "code": code,
        "backend": backend,
    }
    fragment = urllib.parse.quote(json.dumps(args))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(f"{booth_url}{query}#{fragment}")
            page.wait_for_selector("html[data-done=true]", state="attached", timeout=60_000)
            result = page.evaluate("window.boothResult")
        finally:
            browser.close()
    assert "error" not in result, (result, errors)
    assert result["backend"] == expected, result.get("fallbackReason")
    if backend == "auto":
        assert "WebAssembly" in result["fallbackReason"]  # refused by the CSP, not timed out
    check_ballot(result["ballot"], election["ctx"], [cred])
    check_audited_ballot(result["audit"], election["ctx"], [cred])
    assert result["trackingCode"] == tracking_code(result["ballot"])
