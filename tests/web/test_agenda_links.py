"""The conference page links each agenda item to its discussion and to its ballots' pages;
the chair's screen only for those it admits."""

from __future__ import annotations

from django.urls import reverse

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.voting.services import do_create_ballot
from tests.clock import NOW
from tests.web.site import Site, logged_in


def _page(site: Site, user: User) -> str:
    response = logged_in(user).get(reverse("meetings:conference_detail", args=[site.conference.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_links_discussion_and_ballot_pages(site: Site) -> None:
    item = site.conference.agenda_items.get()
    ballot = do_create_ballot(item, title="Phiếu biểu quyết xếp loại", actor=site.staff)
    html = _page(site, site.staff)
    assert reverse("meetings:discussion", args=[item.pk]) in html
    for name in ("voting:chair", "voting:projector", "voting:result"):
        assert reverse(name, args=[ballot.pk]) in html, name
    assert "Phiếu biểu quyết xếp loại" in html


def test_it_hides_the_chair_screen_from_a_member(site: Site) -> None:
    item = site.conference.agenda_items.get()
    ballot = do_create_ballot(item, title="Phiếu", actor=site.staff)
    member = User.objects.create_user(username="dv", full_name="dv")
    RoleAssignment.objects.create(
        user=member, organization=site.city, role=Role.MEMBER, granted_at=NOW
    )
    html = _page(site, member)
    assert reverse("voting:projector", args=[ballot.pk]) in html
    assert reverse("voting:chair", args=[ballot.pk]) not in html


def test_it_shows_no_ballot_links_without_a_ballot(site: Site) -> None:
    html = _page(site, site.staff)
    assert "/voting/ballots/" not in html
