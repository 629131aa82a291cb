"""Every template in the repository obeys the CSP (script-src 'self'; style-src 'self'):
no inline <script> body, no <style> element, no style= or on*= attribute, no javascript: URL."""

from __future__ import annotations

import re
from pathlib import Path

import phieukin

SRC = Path(phieukin.__file__).parent
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
VIOLATIONS = {
    "inline <script>": INLINE_SCRIPT,
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style= attribute": re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE),
    "event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE),
    "javascript: URL": re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE),
    "htmx hx-on (needs eval)": re.compile(r"\shx-on[:-]", re.IGNORECASE),
}


def _violations(text: str) -> list[str]:
    return [name for name, pattern in VIOLATIONS.items() if pattern.search(text)]


def test_it_detects_each_kind_of_violation() -> None:
    assert _violations("<script>alert(1)</script>") == ["inline <script>"]
    assert _violations('<div style="color:red">') == ["style= attribute"]
    assert _violations("<style>p{}</style>") == ["<style> element"]
    assert _violations('<button onclick="x()">') == ["event handler attribute"]
    assert _violations('<a href="javascript:x()">') == ["javascript: URL"]
    assert _violations('<script src="/static/web/x.js" defer></script>') == []
    assert _violations("<p>The booth needs JavaScript: it encrypts.</p>") == []
    assert _violations('<script type="application/json" id="d" src="/x"></script>') == []


def test_it_finds_no_inline_script_or_style_in_any_template() -> None:
    templates = sorted(SRC.glob("*/templates/**/*.html"))
    assert len(templates) >= 10
    offenders = {str(t.relative_to(SRC)): v for t in templates if (v := _violations(t.read_text()))}
    assert offenders == {}
