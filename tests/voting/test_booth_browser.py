"""Smoke test of the booth page in headless Chromium: card from the QR fragment, audit, cast.

The full end-to-end test (trustees, seven voters, projector, verify) is separate; this one
proves the booth's own script, the vendored bundles and the JSON endpoints work together: on
libsodium's wasm build under the booth's CSP, and on the pure-JS fallback when a CSP without
'wasm-unsafe-eval' refuses the wasm.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phieukin.lib import csp
from phieukin.voting import cast, services
from phieukin.voting.models import BoardEvent

from .helpers import open_ballot, prepare, run_ceremony

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_audits_then_casts_from_the_booth(live_server, draft_ballot, alice, charles):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    codes = prepare(ballot, run_ceremony(ballot, charles), charles)
    open_ballot(ballot, charles)
    url = f"{live_server.url}/voting/booth/{ballot.pk}/#{codes[0]}"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(locale="vi-VN")
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        scripts: list[str] = []
        page.on("request", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
        page.goto(url)
        try:
            page.wait_for_selector("#step-choose:not([hidden])", timeout=60_000)
        except sync_api.TimeoutError:
            pytest.fail(f"booth did not start: {errors} {page.text_content('#booth-error')!r}")
        assert "#" not in page.url  # the code left the address bar at once
        # libsodium's wasm build, from this server, under the booth's CSP (no violation logged)
        assert page.get_attribute("#booth", "data-backend") == "sodium"
        sodium = [u for u in scripts if "phieukin-sodium" in u]
        assert sodium and all(u.startswith(f"{live_server.url}/static/") for u in sodium)
        page.check("#q0-o1")
        page.click("#encrypt")
        page.wait_for_selector("#step-confirm:not([hidden])")
        first_code = page.text_content("#tracking-code")
        page.click("#audit")
        page.wait_for_selector("#step-audit:not([hidden])")
        assert "message--success" in page.get_attribute("#audit-result", "class")
        page.click("#audit-again")
        page.check("#q0-o0")
        page.click("#encrypt")
        page.wait_for_selector("#step-confirm:not([hidden])")
        page.click("#cast")
        page.wait_for_selector("#step-receipt:not([hidden])")
        receipt = page.text_content("#receipt-code")
        assert "message--success" in page.get_attribute("#receipt-check", "class")
        with page.expect_download() as info:
            page.click("#receipt-download")
        signed = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        page.goto(url)  # the same card again: refused at the code step, before any choice
        page.wait_for_selector("#booth-error:not([hidden])")
        refusal = page.text_content("#booth-error")
        assert page.is_visible("#step-code") and not page.is_visible("#step-choose")
        page.goto(f"{live_server.url}/voting/booth/{ballot.pk}/")
        page.wait_for_selector("#booth[data-ready=true]")
        page.fill("#code-input", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZ" + _check("ZZZZZZZZZZZZZZZZZZZ"))
        page.click("#code-submit")
        page.wait_for_selector("#booth-error:not([hidden])")
        stranger = page.text_content("#booth-error")
        browser.close()
    assert errors == []
    assert BoardEvent.objects.get(ballot=ballot, kind="audited_ballot").tracking_code == first_code
    assert BoardEvent.objects.get(ballot=ballot, kind="ballot").tracking_code == receipt
    assert "đã được dùng" in refusal
    assert "không thuộc" in stranger
    event = BoardEvent.objects.get(ballot=ballot, kind="ballot")
    assert signed["seq"] == event.seq and signed["event"] == event.hash


def test_it_falls_back_to_pure_js_when_the_csp_refuses_wasm(
    live_server, draft_ballot, alice, charles
):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    codes = prepare(ballot, run_ceremony(ballot, charles), charles)
    open_ballot(ballot, charles)
    strict = csp.policy()  # what every other page gets: no 'wasm-unsafe-eval'
    assert "wasm" not in strict

    def without_wasm(route):  # the booth page as a stricter proxy or browser policy serves it
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": strict}
        route.fulfill(response=response, headers=headers)

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(locale="vi-VN")
        errors: list[str] = []
        refused: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "console",
            lambda m: refused.append(m.text) if "WebAssembly" in m.text else None,
        )
        page.route(f"{live_server.url}/voting/booth/**", without_wasm)
        page.goto(f"{live_server.url}/voting/booth/{ballot.pk}/#{codes[1]}")
        try:
            page.wait_for_selector("#step-choose:not([hidden])", timeout=60_000)
        except sync_api.TimeoutError:
            pytest.fail(f"booth did not start: {errors} {page.text_content('#booth-error')!r}")
        backend = page.get_attribute("#booth", "data-backend")
        reason = page.evaluate(
            "async () => (await import(document.getElementById('booth').dataset.cryptoUrl))"
            ".backendFallbackReason()"
        )
        page.check("#q0-o2")
        page.click("#encrypt")
        page.wait_for_selector("#step-confirm:not([hidden])")
        page.click("#cast")
        page.wait_for_selector("#step-receipt:not([hidden])", timeout=60_000)
        receipt = page.text_content("#receipt-code")
        assert "message--success" in page.get_attribute("#receipt-check", "class")
        browser.close()
    assert errors == []
    assert backend == "noble"
    assert reason and "WebAssembly" in reason, reason  # refused by the CSP, not a timeout
    event = BoardEvent.objects.get(ballot=ballot, kind="ballot")
    assert event.tracking_code == receipt
    # The Python verifier accepts the stored ballot (the same check the cast went through).
    assert cast.verify(ballot, json.loads(event.body)["payload"], audited=False)[1] == receipt


def _check(body: str) -> str:
    from phieukin.crypto.credentials import check_symbol

    return check_symbol(body)
