"""Only the booth may compile WebAssembly; its CSP is otherwise the strict one, and it loads
libsodium's build from this server."""

from __future__ import annotations

import re

from django.urls import reverse

from phieukin.lib import csp
from phieukin.voting import services
from phieukin.web.middleware import CSP, CSP_SECURE


def _directives(policy: str) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d for d in policy.split("; ")}


def test_the_policy_differs_only_in_script_src_for_wasm() -> None:
    strict, booth = _directives(csp.policy()), _directives(csp.policy(wasm=True))
    assert booth.pop("script-src") == "script-src 'self' 'wasm-unsafe-eval'"
    assert strict.pop("script-src") == "script-src 'self'"
    assert booth == strict
    assert csp.policy(secure=True, wasm=True).endswith("; upgrade-insecure-requests")
    assert (csp.policy(), csp.policy(secure=True)) == (CSP, CSP_SECURE)


def test_the_booth_alone_allows_wasm(client, draft_ballot, alice, settings) -> None:
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    booth = client.get(reverse("voting:booth", args=[ballot.pk]))
    policy = booth["Content-Security-Policy"]
    assert policy == csp.policy(wasm=True)
    # 'wasm-unsafe-eval' compiles wasm; JavaScript eval and inline code stay forbidden.
    assert not re.search(r"'unsafe-eval'|'unsafe-inline'", policy)
    html = booth.content.decode()
    assert re.search(r'data-sodium-url="/static/voting/vendor/phieukin-sodium[^"]*\.js"', html)
    for name in ("voting:board", "voting:live"):
        other = client.get(reverse(name, args=[ballot.pk]))
        assert other["Content-Security-Policy"] == CSP, name
    assert client.get(reverse("accounts:login"))["Content-Security-Policy"] == CSP
    settings.SECURE = True
    secure = client.get(reverse("voting:booth", args=[ballot.pk]))["Content-Security-Policy"]
    assert secure == csp.policy(secure=True, wasm=True)
