from __future__ import annotations

import json

import pytest
from django.urls import reverse

from phieukin.voting import results, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.models import BoardEvent, Trustee

from .helpers import build_ballot, open_ballot, partial_for, prepare, run_ceremony


@pytest.fixture
def published(draft_ballot, alice, charles):
    from phieukin.voting import services

    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    shares = run_ceremony(ballot, charles)
    codes = prepare(ballot, shares, charles)
    open_ballot(ballot, charles)
    for code in codes[:6]:
        do_cast(ballot.pk, build_ballot(ballot, code, [[1, 0, 0, 0, 0]])[0])
    do_cast(ballot.pk, build_ballot(ballot, codes[6], [[0, 0, 0, 0, 1]])[0])
    tally.do_close(ballot, actor=charles)
    ballot.refresh_from_db()
    for i in (1, 2):
        seat = Trustee.objects.get(ballot=ballot, index=i)
        tally.do_submit_partial(ballot, seat, partial_for(ballot, i, shares[i][1], shares[i][0]))
    ballot.refresh_from_db()
    return ballot


def test_it_gives_the_minutes_their_numbers(published):
    numbers = results.minutes_numbers(published)
    assert numbers["convened"] == 12 and numbers["present"] == 10
    assert (numbers["cards_issued"], numbers["ballots_received"]) == (10, 7)
    assert numbers["cards_unused_voided"] == 3 and numbers["head_hash"] == published.result["head"]


def test_it_shows_percentages_and_leaves_the_decision_to_the_creating_app(published):
    (q,) = results.question_results(published)
    top = q.options[0]
    assert (top.count, top.of_convened, top.of_present) == (6, "50,0%", "60,0%")
    assert q.options[4].label == "Phiếu trắng" and q.options[4].count == 1
    # What a count decides is recorded by the app that created the ballot (evaluations, through
    # signals.result_outcomes); a ballot set up by hand decides nothing by itself.
    assert q.decision == ""


def test_it_warns_that_a_small_near_unanimous_result_reveals_choices(published):
    published.small_group_threshold = 10
    warnings = results.result_warnings(published)
    assert len(warnings) == 2
    published.small_group_threshold = 5
    assert results.result_warnings(published) == []


def test_it_reports_a_tampered_record_on_the_verify_page(client, published):
    assert b'id="verify-ok"' in client.get(reverse("voting:verify", args=[published.pk])).content
    event = BoardEvent.objects.get(ballot=published, kind="close")
    line = json.loads(event.body)
    line["payload"]["counted"] = 8
    BoardEvent.objects.filter(pk=event.pk).update(
        body=json.dumps(line, separators=(",", ":"), sort_keys=True)
    )
    page = client.get(reverse("voting:verify", args=[published.pk])).content.decode()
    assert 'id="verify-failed"' in page and f"{event.seq}" in page
    BoardEvent.objects.filter(pk=event.pk).update(body="{not json")
    page = client.get(reverse("voting:verify", args=[published.pk])).content.decode()
    assert 'id="verify-failed"' in page


def test_the_verify_page_reads_in_vietnamese(client, published):
    from phieukin.record.verify import CHECKED_V2

    page = client.get(
        reverse("voting:verify", args=[published.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Thời gian kiểm chứng" in page and "giây" in page
    assert "Số phiếu được kiểm</dt><dd>7</dd>" in page
    assert "Tổng mã hóa bằng tổng các phiếu được kiểm" in page
    assert not [check for check in CHECKED_V2 if check in page]
    assert "<dt>encrypted_tally</dt>" not in page and "<dt>counted</dt>" not in page
    event = BoardEvent.objects.get(ballot=published, kind="close")
    BoardEvent.objects.filter(pk=event.pk).update(body=event.body.replace('"close"', '"clos"', 1))
    page = client.get(
        reverse("voting:verify", args=[published.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Kiểm chứng THẤT BẠI tại sự kiện" in page
    assert "Chi tiết kỹ thuật" in page


def test_it_lists_ballots_for_staff_and_cancels_one(client, draft_ballot, alice, mallory):
    client.force_login(alice)
    page = client.get(reverse("voting:ballot_list")).content.decode()
    assert draft_ballot.title in page
    client.post(reverse("voting:ballot_cancel", args=[draft_ballot.pk]))
    draft_ballot.refresh_from_db()
    assert draft_ballot.status == "cancelled"
    client.force_login(mallory)
    assert draft_ballot.title not in client.get(reverse("voting:ballot_list")).content.decode()


def test_it_shows_the_small_group_warning_on_the_projector_too(client, published):
    """The projector shows the result to the room: the warning goes with it."""
    published.small_group_threshold = 16
    published.save(update_fields=["small_group_threshold"])
    page = client.get(reverse("voting:projector", args=[published.pk])).content.decode()
    assert 'id="result-warnings"' in page and "7 phiếu" in page
    published.small_group_threshold = 5
    published.save(update_fields=["small_group_threshold"])
    page = client.get(reverse("voting:projector", args=[published.pk])).content.decode()
    assert 'id="result-warnings"' not in page


def test_it_warns_cells_of_up_to_fifteen_voters_by_default():
    from phieukin.voting.models import Ballot

    default = Ballot._meta.get_field("small_group_threshold").default
    assert all(voters < default for voters in range(1, 16))
