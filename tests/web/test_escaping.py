"""A hostile name is text, never markup, wherever it appears."""

from __future__ import annotations

from django.urls import reverse

from tests.web.site import HOSTILE, Site, htmx, logged_in


def test_it_escapes_a_hostile_name_on_every_page_and_fragment(site: Site) -> None:
    client = logged_in(site.staff)
    responses = [
        client.get(reverse("organizations:member_search"), {"q": "<script"}),
        client.get(reverse("organizations:member_detail", args=[site.hostile.pk])),
        htmx(client, reverse("organizations:members", args=[site.cell.pk]), "member-results"),
    ]
    for response in responses:
        body = response.content.decode()
        assert HOSTILE not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
