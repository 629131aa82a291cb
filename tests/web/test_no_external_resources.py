"""Nothing is loaded from outside the server: no external URL in pages or static files."""

from __future__ import annotations

import re
from pathlib import Path

from django.urls import reverse

import phieukin
from tests.web.site import Site, htmx, logged_in

SRC = Path(phieukin.__file__).parent
# Scheme-relative (//cdn...) or absolute URLs to any host but our own.
EXTERNAL = re.compile(
    r"""(?:https?:)?//(?!testserver\b|localhost\b|127\.0\.0\.1\b)[a-z0-9.-]+\.[a-z]{2,}""",
    re.IGNORECASE,
)
# Comments (licence headers, references to papers) name web pages but never fetch them.
COMMENTS = re.compile(r"/\*.*?\*/|(?:^|\s)//\s.*?$", re.DOTALL | re.MULTILINE)
# XML namespaces are identifiers, never fetched.
NAMESPACES = re.compile(r"http://www\.w3\.org/[0-9]{4}/(?:svg|xlink|xhtml)[^\"' ]*")


def _external_urls(text: str) -> list[str]:
    return EXTERNAL.findall(NAMESPACES.sub("", text))


def test_it_finds_an_external_url_when_there_is_one() -> None:
    assert _external_urls('<link href="https://cdn.example.com/x.css">')
    assert _external_urls("<script src='//unpkg.com/htmx.org'></script>")
    assert not _external_urls('<a href="/organizations/">x</a>')
    assert not _external_urls(
        COMMENTS.sub("", "/* https://htmx.org */ x = 1; // see https://a.org")
    )
    assert _external_urls(COMMENTS.sub("", "fetch('https://evil.example.org/x')"))


def test_it_renders_pages_without_external_urls(site: Site) -> None:
    client = logged_in(site.staff)
    urls = [
        reverse("web:home"),
        reverse("organizations:tree"),
        reverse("organizations:detail", args=[site.cell.pk]),
        reverse("organizations:member_search"),
        reverse("organizations:member_detail", args=[site.hostile.pk]),
        reverse("meetings:conference_list"),
        reverse("meetings:conference_detail", args=[site.conference.pk]),
    ]
    for url in urls:
        assert _external_urls(client.get(url).content.decode()) == [], url
    fragment = htmx(client, reverse("organizations:children", args=[site.city.pk]))
    assert _external_urls(fragment.content.decode()) == []


def test_it_ships_static_files_without_external_urls() -> None:
    checked = 0
    for path in sorted(SRC.glob("*/static/**/*")):
        if (
            path.suffix not in {".css", ".js", ".mjs", ".html", ".svg"}
            or "node_modules" in path.parts
        ):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _external_urls(COMMENTS.sub("", text)) == [], path
        checked += 1
    assert checked >= 2  # at least our stylesheet and htmx
