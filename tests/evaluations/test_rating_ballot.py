"""The ballot of a rating agenda item: created from the item's subjects with one button, its
result recorded as the decision (deciding body) or as a proposal to the competent level, and a
round-2 ballot on the same subjects when no level reached the threshold."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.evaluations.models import (
    CollectiveKind,
    Decision,
    Period,
    RatingBallot,
    Subject,
    VoteRecord,
)
from phieukin.evaluations.services import (
    EvaluationError,
    do_create_rating_ballot,
    do_create_revote,
    do_submit_self_review,
    do_submit_to_conference,
    subject_ref,
)
from phieukin.meetings.models import AgendaItem, AgendaKind
from phieukin.meetings.services import AgendaSpec, convene, create_conference
from phieukin.rules import Body
from phieukin.voting.models import BallotStatus
from phieukin.voting.results import question_results
from tests.evaluations.world import World, collective, excellent, publish, review_366

pytestmark = pytest.mark.django_db


def _city_item(period: Period, world: World) -> tuple[AgendaItem, Subject]:
    """The city's Executive Committee conference with the Tờ trình proposing HTXSNV."""
    conference = create_conference(
        organization=world.city,
        committee=world.executive,
        title="Hội nghị Ban Chấp hành",
        held_on=date(2026, 1, 9),
        agenda=[
            AgendaSpec("Tờ trình xếp loại Đảng bộ Thành phố"),
            AgendaSpec("Biểu quyết xếp loại (bỏ phiếu kín)", kind=AgendaKind.RATING),
        ],
    )
    convene(conference)
    submission_item, rating = conference.agenda_items.order_by("order")
    city = collective(period, world.city, CollectiveKind.PARTY_ORGANIZATION)
    do_submit_self_review(city, review_366("htxsnv", **excellent()), actor=world.staff)
    do_submit_to_conference(
        city,
        submission_item,
        proposed_level="htxsnv",
        issuer="Ban Thường vụ Thành ủy",
        actor=world.staff,
    )
    return rating, city


def test_under_366_the_provincial_committees_vote_is_a_proposal(
    period: Period, world: World
) -> None:
    item, city = _city_item(period, world)
    ballot = publish(item, [city], [[3, 0, 0, 0, 0]], world.staff)
    vote = VoteRecord.objects.get(subject=city)
    assert vote.body == Body.PROVINCIAL_EXECUTIVE_COMMITTEE and not vote.is_decision
    assert vote.competent_body == Body.POLITBURO_SECRETARIAT and vote.outcome_level == "htxsnv"
    city.refresh_from_db()
    assert city.proposed_level == "htxsnv" and city.decided_level is None
    assert not Decision.objects.filter(subject=city).exists()
    (shown,) = question_results(ballot)
    assert "đề xuất trình Bộ Chính trị, Ban Bí thư xem xét, quyết định" in shown.decision


def test_no_level_reaching_the_threshold_offers_round_two_on_the_same_subjects(
    period: Period, world: World
) -> None:
    item, city = _city_item(period, world)
    publish(item, [city], [[1, 1, 1, 0, 0]], world.staff)  # 3 convened: 2 needed, none has it
    first = RatingBallot.objects.get()
    vote = VoteRecord.objects.get(subject=city)
    assert vote.outcome_level is None and vote.reason_code == "vote.no_majority_revote"
    second = do_create_revote(first, actor=world.staff)
    assert (second.round, second.previous, second.agenda_item) == (2, first, item)
    (question,) = second.ballot.questions.all()
    assert question.subject_ref == subject_ref(city) and "(vòng 2)" in second.ballot.title
    assert [t.user for t in second.ballot.trustees.all()] == [world.staff]  # same board
    with pytest.raises(EvaluationError):
        do_create_revote(first, actor=world.staff)
    with pytest.raises(EvaluationError):
        do_create_revote(second, actor=world.staff)  # round 2 is not published yet


def test_it_refuses_a_second_ballot_and_an_item_with_nothing_to_rate(
    period: Period, world: World
) -> None:
    item, _city = _city_item(period, world)
    do_create_rating_ballot(item, trustees=[world.staff], threshold=1, actor=world.staff)
    with pytest.raises(EvaluationError):
        do_create_rating_ballot(item, trustees=[world.staff], threshold=1, actor=world.staff)
    empty = create_conference(
        organization=world.city, title="Hội nghị khác", held_on=date(2026, 1, 10),
        agenda=[AgendaSpec("Biểu quyết", kind=AgendaKind.RATING)],
    ).agenda_items.get()  # fmt: skip
    with pytest.raises(EvaluationError):
        do_create_rating_ballot(empty, trustees=[world.staff], threshold=1, actor=world.staff)
    with pytest.raises(EvaluationError):
        do_create_rating_ballot(
            item.conference.agenda_items.get(order=1), trustees=[world.staff], threshold=1,
            actor=world.staff,
        )  # fmt: skip


def _trustee(username: str, world: World) -> User:
    user = User.objects.create(username=username, full_name=username.title())
    RoleAssignment.objects.create(
        user=user, organization=world.city, role=Role.TRUSTEE, granted_at=timezone.now()
    )
    return user


def test_staff_create_the_ballot_from_the_item_page_with_one_button(
    period: Period, world: World
) -> None:
    item, city = _city_item(period, world)
    board = [_trustee(f"kp{i}", world) for i in (1, 2, 3)]
    staff = Client(HTTP_ACCEPT_LANGUAGE="vi")
    staff.force_login(world.staff)
    url = reverse("evaluations:rating_item", args=[item.pk])
    page = staff.get(url).content.decode()
    assert "Tạo phiếu bầu kín" in page and "Đảng bộ Thành phố Hà Thành" in page
    assert page.count("checked") >= 3  # the counting board pre-ticked
    assert "tham chiếu" not in page.lower()
    form = {"trustees": [str(u.pk) for u in board], "threshold": "2"}
    response = staff.post(reverse("evaluations:rating_ballot_create", args=[item.pk]), form)
    rating = RatingBallot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("voting:ballot_detail", args=[rating.ballot_id])
    assert rating.ballot.status == BallotStatus.DRAFT and rating.ballot.threshold == 2
    assert [q.subject_ref for q in rating.ballot.questions.all()] == [subject_ref(city)]
    again = staff.post(reverse("evaluations:rating_ballot_create", args=[item.pk]), form)
    assert again.status_code == 400 and RatingBallot.objects.count() == 1
    assert "Tạo phiếu bầu kín" not in staff.get(url).content.decode()


def test_only_staff_create_and_outsiders_see_nothing(period: Period, world: World) -> None:
    item, _city = _city_item(period, world)
    board = [_trustee("kp1", world)]
    trustee = Client()
    trustee.force_login(board[0])
    post = reverse("evaluations:rating_ballot_create", args=[item.pk])
    assert trustee.post(post, {"trustees": [str(board[0].pk)], "threshold": "1"}).status_code == 403
    assert (
        "Tạo phiếu bầu kín"
        not in trustee.get(reverse("evaluations:rating_item", args=[item.pk])).content.decode()
    )
    outsider = Client()
    outsider.force_login(User.objects.create(username="ngoai"))
    assert outsider.get(reverse("evaluations:rating_item", args=[item.pk])).status_code == 404
    assert outsider.post(post, {}).status_code == 404
    assert not RatingBallot.objects.exists()
