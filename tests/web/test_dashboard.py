"""The home dashboard lists the user's tasks: self-reviews due, ballots where they sit on the
counting board, open periods with progress counts — and nothing from others' organizations."""

from __future__ import annotations

import re

from django.urls import reverse

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.evaluations.models import Period
from phieukin.evaluations.services import do_open_period
from phieukin.voting.models import Ballot
from phieukin.voting.services import (
    do_add_question,
    do_create_ballot,
    do_set_trustees,
    do_start_ceremony,
)
from phieukin.web import dashboard
from tests.clock import NOW
from tests.web.site import Site, logged_in


def _member_login(site: Site, name: str = "Nguyễn Văn An") -> User:
    return User.objects.create_user(username="an", full_name=name, member=site.members[name])


def _ballot_in_ceremony(site: Site, trustees: list[User]) -> Ballot:
    item = site.conference.agenda_items.get()
    ballot = do_create_ballot(
        item, title="Biểu quyết xếp loại", threshold=1, trustee_count=1, actor=site.staff
    )
    do_add_question(ballot, kind="approval", prompt="Đồng ý?", actor=site.staff)
    do_set_trustees(ballot, trustees, actor=site.staff)
    return do_start_ceremony(ballot, actor=site.staff)


def _home(user: User) -> str:
    response = logged_in(user).get(reverse("web:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_self_review_due_and_the_period_progress(site: Site) -> None:
    period = do_open_period(site.city, 2023, actor=site.staff)
    user = _member_login(site)
    due = list(dashboard.self_reviews_due(user))
    assert [s.member_id for s in due] == [site.members["Nguyễn Văn An"].pk]
    html = _home(user)
    assert reverse("evaluations:subject_detail", args=[due[0].pk]) in html
    assert "Viết bản tự kiểm điểm cho" in html  # the default language is Vietnamese
    staff_html = _home(site.staff)
    assert reverse("evaluations:period_detail", args=[period.pk]) in staff_html
    in_scope = dashboard.periods_in_progress(site.staff)[0].progress.in_scope
    assert in_scope > 0
    assert re.search(rf'<td class="number">{in_scope}</td>', staff_html)


def test_it_hides_other_organizations_periods(site: Site) -> None:
    do_open_period(site.city, 2023, actor=site.staff)
    assert Period.objects.exists()
    assert dashboard.periods_in_progress(site.outsider) == []
    assert "/evaluations/" not in _home(site.outsider).split('<main id="main"')[1]


def test_it_lists_ballots_where_the_user_sits_on_the_counting_board(site: Site) -> None:
    trustee = _member_login(site, "Lê Thị Ân")
    ballot = _ballot_in_ceremony(site, [trustee])
    tasks = dashboard.ballot_tasks(trustee)
    assert [(t.ballot.pk, t.as_trustee) for t in tasks] == [(ballot.pk, True)]
    assert reverse("voting:ceremony", args=[ballot.pk]) in _home(trustee)
    assert dashboard.ballot_tasks(site.outsider) == []


def test_it_lists_ballots_for_a_chair_of_the_organization(site: Site) -> None:
    chair = User.objects.create_user(username="chair", full_name="c")
    RoleAssignment.objects.create(
        user=chair, organization=site.city, role=Role.CHAIR, granted_at=NOW
    )
    ballot = _ballot_in_ceremony(site, [site.staff])
    assert [(t.ballot.pk, t.as_trustee) for t in dashboard.ballot_tasks(chair)] == [
        (ballot.pk, False)
    ]
    assert reverse("voting:chair", args=[ballot.pk]) in _home(chair)
    assert logged_in(chair).get(reverse("voting:chair", args=[ballot.pk])).status_code == 200
