from __future__ import annotations

import json

import pytest

from phieukin.voting import board, services
from phieukin.voting.errors import IllegalTransitionError, SetupError
from phieukin.voting.lifecycle import ALLOWED, do_transition
from phieukin.voting.models import BallotStatus, BoardEvent


def test_it_refuses_a_move_not_in_the_table(draft_ballot):
    with pytest.raises(IllegalTransitionError):
        do_transition(draft_ballot, BallotStatus.OPEN)
    draft_ballot.refresh_from_db()
    assert draft_ballot.status == BallotStatus.DRAFT


def test_it_has_no_way_back_from_published_or_cancelled():
    assert ALLOWED[BallotStatus.PUBLISHED] == frozenset()
    assert ALLOWED[BallotStatus.CANCELLED] == frozenset()
    assert BallotStatus.OPEN not in ALLOWED[BallotStatus.CLOSED]


def test_it_builds_the_protocol_manifest(draft_ballot, alice):
    services.do_add_question(
        draft_ballot,
        kind="choose",
        prompt="Bầu Ban kiểm phiếu",
        options=["A", "B", "C"],
        max_choices=2,
        actor=alice,
    )
    m = services.manifest(draft_ballot)
    assert m["title"] == draft_ballot.title
    q1, q2 = m["questions"]
    assert q1 == {
        "id": "q1",
        "kind": "rating",
        "label": "Đảng bộ Thành phố Hà Nội",
        "ref": "evaluations.Subject:1",
        "options": services.RATING_OPTIONS,
        "min": 1,
        "max": 1,
    }
    assert q1["options"][-1] == "Phiếu trắng"
    assert (q2["min"], q2["max"], q2["options"]) == (0, 2, ["A", "B", "C"])


def test_it_rejects_bad_choose_questions(draft_ballot, alice):
    with pytest.raises(SetupError):
        services.do_add_question(
            draft_ballot, kind="choose", prompt="x", options=["A"], max_choices=2, actor=alice
        )
    with pytest.raises(SetupError):
        services.do_add_question(
            draft_ballot, kind="choose", prompt="x", options=["A", "A"], actor=alice
        )
    with pytest.raises(SetupError):
        services.do_add_question(draft_ballot, kind="nonsense", prompt="x", actor=alice)


def test_it_rejects_bad_threshold(agenda_item, alice):
    with pytest.raises(SetupError):
        services.do_create_ballot(agenda_item, title="x", threshold=3, trustee_count=2, actor=alice)


def test_it_starts_the_ceremony_with_a_setup_event(draft_ballot, alice):
    services.do_start_ceremony(draft_ballot, actor=alice)
    draft_ballot.refresh_from_db()
    assert draft_ballot.status == BallotStatus.CEREMONY
    (event,) = BoardEvent.objects.filter(ballot=draft_ballot)
    line = json.loads(event.body)
    assert line["seq"] == 0 and line["type"] == "setup" and line["prev"] == "0" * 64
    payload = line["payload"]
    assert payload["election_id"] == draft_ballot.election_id
    assert payload["threshold"] == 2 and len(payload["trustees"]) == 3
    assert [t["index"] for t in payload["trustees"]] == [1, 2, 3]
    with pytest.raises(SetupError):
        services.do_add_question(draft_ballot, kind="rating", prompt="late", actor=alice)
    assert board.export_jsonl(draft_ballot) == event.body.encode() + b"\n"


def test_it_keeps_a_subject_off_the_counting_board(agenda_item, alice, board_users, members):
    ballot = services.do_create_ballot(agenda_item, title="Đánh giá cá nhân", actor=alice)
    board_users[0].member = members[0]
    board_users[0].save()
    services.do_add_rating_list(
        ballot, [(m.full_name, f"evaluations.Subject:{m.pk}", m) for m in members[:3]], actor=alice
    )
    assert ballot.questions.count() == 3
    with pytest.raises(SetupError, match="đối tượng"):
        services.do_set_trustees(ballot, board_users, actor=alice)


def test_it_needs_questions_and_a_full_board_before_the_ceremony(agenda_item, alice):
    ballot = services.do_create_ballot(agenda_item, title="Trống", actor=alice)
    with pytest.raises(SetupError):
        services.do_start_ceremony(ballot, actor=alice)


def test_it_restarts_a_failed_ceremony_as_a_new_ballot(client, draft_ballot, alice):
    from django.urls import reverse

    from phieukin.voting.models import Ballot

    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    with pytest.raises(SetupError):
        services.do_copy_ballot(ballot, actor=alice)
    services.do_cancel(ballot, actor=alice)
    ballot.refresh_from_db()
    client.force_login(alice)
    response = client.post(reverse("voting:ballot_copy", args=[ballot.pk]))
    copy = Ballot.objects.exclude(pk=ballot.pk).get()
    assert response["Location"] == reverse("voting:ballot_detail", args=[copy.pk])
    assert copy.status == BallotStatus.DRAFT and copy.election_id == ""
    assert services.manifest(copy) == services.manifest(ballot)
    assert list(copy.trustees.values_list("user_id", flat=True)) == list(
        ballot.trustees.values_list("user_id", flat=True)
    )
    assert BoardEvent.objects.filter(ballot=ballot).count() == 1  # the old record stays
