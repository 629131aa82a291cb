"""The Content-Security-Policy: one strict policy for every page, one exception for the booth.

No inline script or style anywhere (the booth and Django's admin included: the admin of Django
5.2 renders without inline code, tests/web/test_security_admin_csp.py checks it).
``connect-src 'self'`` keeps the booth from ever sending anything off the server's origin.

The booth alone may also compile WebAssembly (``'wasm-unsafe-eval'``): its ballot encryption runs
on libsodium's wasm build (``phieukin-sodium.js``, served from this origin like every script).
That keyword allows compiling wasm, not ``eval`` of JavaScript; without it the booth falls back to
its pure-JS group (js/src/group.js), slower but the same ballots. The booth view sets
``policy(wasm=True)``; the middleware gives every other response ``policy()``.
"""

from __future__ import annotations

from typing import Final

DIRECTIVES: Final = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
WASM_SCRIPT_SRC: Final = "script-src 'self' 'wasm-unsafe-eval'"


def policy(*, secure: bool = False, wasm: bool = False) -> str:
    """The header value; ``secure`` (behind TLS) also upgrades any stray http:// subresource
    (never on a plain-HTTP room network, where the booth must keep working)."""
    directives = [WASM_SCRIPT_SRC if wasm and d.startswith("script-src") else d for d in DIRECTIVES]
    if secure:
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)
