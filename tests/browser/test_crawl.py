"""Every demo persona walks every page it can reach, on a 390 px phone, with axe-core.

Each of the demo's logins (and an anonymous visitor) starts from its home page and follows every
same-origin link it sees, one page per URL pattern (numbers replaced, so one object stands for all
objects of its kind) and at most ``PER_PERSONA`` pages, which keeps the walk to a few minutes on
two cores. It fails on a link that answers 403/404 (a link the persona should not have been
shown), a page wider than the 390 px screen, or an axe-core violation of impact serious/critical.
What it still tolerates is listed in ``EXCEPTIONS``, each with its reason: one list, so that
what is allowed is read in one place and removed when fixed.

axe-core is vendored under tests/browser/vendor (version 4.14.1, pinned in js/package.json;
MPL-2.0, licence beside it) so the walk runs offline. The contexts bypass the CSP only so that
axe can be injected; the CSP itself is tested in tests/web.

Identifiers (``snake_case``) in text outside code/pre are findings too, and so is an English
word (from ``ENGLISH``: common interface words that are no Vietnamese syllable) in the text or
the readable attributes of a page served in Vietnamese.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from phieukin.accounts.demo import demo_key
from phieukin.accounts.models import User
from phieukin.accounts.services import needs_otp
from phieukin.web.demo import load_demo
from phieukin.web.demo.users import LOGINS

from .conftest import ARTIFACTS, Login, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
PER_PERSONA = 40
SKIP = re.compile(
    r"/accounts/logout|\.(jsonl|json|pdf|docx|xlsx|csv|ttf)$|/export|/admin/|/static/"
)
# (finding kind, URL pattern or "*", detail) -> reason. One list, each entry with its reason.
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    (
        "status",
        "/evaluations/subjects/N/",
        "404",
    ): (
        "a page still links a subject the persona may not open (the rating item and the"
        " period's lists no longer do); the link's source is to be found and removed"
    ),
    (
        "axe",
        "/organizations/",
        "nested-interactive",
    ): (
        "the organization tree's <summary> holds the link to each organization; a keyboard"
        " user reaches both, but the markup nests them: the tree is to be restructured"
    ),
}


# Internal identifiers (snake_case or dotted event names) in what a person reads, outside
# code, pre and form values: labels must be shown instead (issue 16 item 3).
IDENTIFIERS = r"""() => {
  const out = new Set();
  const root = document.querySelector('main') || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('code, pre, script, style, textarea, option')) continue;
    for (const m of n.textContent.matchAll(/\b[a-z]+(?:[_.][a-z]+)*_[a-z]+\b/g)) out.add(m[0]);
  }
  return [...out].slice(0, 10);
}"""


# Words an untranslated interface shows, none of which is a Vietnamese syllable written without
# its marks ("an", "do", "to", "con", "ban" are, so they are not here).
_ENGLISH_TEXT = """
    the and of is are for with this that your you not from has have was will can cannot must
    please should ballot ballots vote votes voting member members organization organizations
    period periods result results error login logout sign home back search filter export import
    edit delete remove submit save cancel next previous page download upload open close closed
    draft status name date time subject subjects level report document documents conference
    agenda select choose file required optional yes help print show hide total count committee
    chair trustee staff superior inspector review appraisal decision rating rated minutes record
    verify verified card cards tracking booth board none all other more than only each every
    which when where what who how here there new add create created update updated"""
ENGLISH = sorted(_ENGLISH_TEXT.split())
ENGLISH_WORDS = r"""(words) => {
  if (document.documentElement.lang !== 'vi') return [];
  const english = new RegExp('\\b(' + words.join('|') + ')\\b', 'i');
  const out = new Set();
  const root = document.querySelector('main') || document.body;
  const note = (text) => {
    const m = text.match(english);
    if (m) out.add(m[0] + ' «' + text.trim().slice(0, 60) + '»');
  };
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('code, pre, script, style, textarea, [translate=no]')) continue;
    note(n.textContent);
  }
  const readable = '[title], [placeholder], [aria-label], [alt], input[type=submit]';
  for (const el of document.querySelectorAll(readable)) {
    for (const a of ['title', 'placeholder', 'aria-label', 'alt']) {
      if (el.getAttribute(a)) note(el.getAttribute(a));
    }
    if (el.type === 'submit' && el.value) note(el.value);
  }
  return [...out].slice(0, 10);
}"""


def _pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def _allowed(kind: str, pattern: str, detail: str) -> bool:
    return (kind, pattern, detail) in EXCEPTIONS or (kind, "*", detail) in EXCEPTIONS


def _walk(page: Any, base: str, who: str, findings: list[dict[str, str]]) -> int:
    seen: set[str] = set()
    queue = ["/"]
    walked = 0
    while queue and walked < PER_PERSONA:
        path = queue.pop(0)
        pattern = _pattern(path)
        if pattern in seen:
            continue
        seen.add(pattern)
        response = page.goto(base + path)
        walked += 1
        status = response.status if response else 0

        def note(kind: str, detail: str, pattern: str = pattern, path: str = path) -> None:
            if not _allowed(kind, pattern, detail):
                findings.append({"who": who, "kind": kind, "url": path, "detail": detail})

        if status in (403, 404):
            note("status", str(status))
            continue
        width = int(page.evaluate("document.documentElement.scrollWidth"))
        if width > PHONE["width"]:
            note("width", "wider than 390 px")
        for word in page.evaluate(IDENTIFIERS):
            note("identifier", word)
        for found in page.evaluate(ENGLISH_WORDS, ENGLISH):
            note("english", found)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            if v["impact"] in ("serious", "critical"):
                note("axe", v["id"])
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            parts = urlsplit(href)
            if parts.netloc != urlsplit(base).netloc or SKIP.search(parts.path):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if _pattern(parts.path) not in seen:
                queue.append(target)
    return walked


def test_every_persona_walks_every_page(
    browser: Any, live_server: Any, close_connections: None
) -> None:
    load_demo()
    findings: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    base = live_server.url
    anonymous = browser.new_context(locale="vi-VN", viewport=PHONE, bypass_csp=True)
    counts["(anonymous)"] = _walk(anonymous.new_page(), base, "(anonymous)", findings)
    anonymous.close()
    for entry in LOGINS:
        context = browser.new_context(locale="vi-VN", viewport=PHONE, bypass_csp=True)
        user = User.objects.get(username=entry.username)
        key = demo_key(entry.username) if needs_otp(user) else None
        page = login(context, base, Login(entry.username, entry.password, key))
        counts[entry.username] = _walk(page, base, entry.username, findings)
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "crawl.json").write_text(
        json.dumps({"pages": counts, "findings": findings}, ensure_ascii=False, indent=1)
    )
    assert not findings, f"{len(findings)} findings (test-artifacts/crawl.json): {findings[:20]}"
