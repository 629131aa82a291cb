from __future__ import annotations

import copy

import pytest

from phieukin.crypto.threshold import sign_payload
from phieukin.record.events import parse_event
from phieukin.record.verify import verify_record
from phieukin.voting import board, services, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.errors import DecryptionRejectedError, IllegalTransitionError
from phieukin.voting.models import BallotStatus, RejectedSubmission, Trustee
from phieukin.voting.signals import result_published

from .helpers import build_ballot, open_ballot, partial_for, prepare, run_ceremony

LEVELS = [
    [1, 0, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [0, 1, 0, 0, 0],
    [1, 0, 0, 0, 0],
    [0, 0, 0, 0, 1],  # phiếu trắng
    [1, 0, 0, 0, 0],
    [0, 0, 1, 0, 0],
]


@pytest.fixture
def voted(draft_ballot, alice, charles):
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    shares = run_ceremony(ballot, charles)
    codes = prepare(ballot, shares, charles)
    open_ballot(ballot, charles)
    from phieukin.crypto.audit import audit_payload

    data, secrets = build_ballot(ballot, codes[0], [LEVELS[0]])
    do_cast(ballot.pk, audit_payload(data, secrets), audited=True)  # the first voter audits first
    for code, choice in zip(codes, LEVELS, strict=False):
        do_cast(ballot.pk, build_ballot(ballot, code, [choice])[0])
    return ballot, shares


def test_it_publishes_the_counts_from_two_of_three_trustees(
    voted, charles, django_capture_on_commit_callbacks
):
    ballot, shares = voted
    received = []
    result_published.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="t")
    tally.do_close(ballot, actor=charles)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED
    for index in (3, 1):
        seat = Trustee.objects.get(ballot=ballot, index=index)
        with django_capture_on_commit_callbacks(execute=True):
            tally.do_submit_partial(
                ballot, seat, partial_for(ballot, index, shares[index][1], shares[index][0])
            )
        ballot.refresh_from_db()
    assert ballot.status == BallotStatus.PUBLISHED
    assert ballot.result["counts"] == [[4, 1, 1, 0, 1]]
    assert ballot.result["trustees"] == [1, 3]
    assert ballot.result["head"] == board.head_hash(ballot)
    (sent,) = received
    assert sent["refs"] == ["evaluations.Subject:1"] and sent["result"]["counts"] == [
        [4, 1, 1, 0, 1]
    ]
    result_published.disconnect(dispatch_uid="t")
    record = board.export_jsonl(ballot).splitlines()
    report = verify_record([parse_event(line) for line in record])
    assert report.ok, report.failure
    assert report.result == [[4, 1, 1, 0, 1]] and report.head == ballot.result["head"]
    assert report.stats["counted"] == 7


def test_it_identifies_and_refuses_an_invalid_partial_decryption(voted, charles):
    ballot, shares = voted
    tally.do_close(ballot, actor=charles)
    ballot.refresh_from_db()
    seat = Trustee.objects.get(ballot=ballot, index=2)
    good = partial_for(ballot, 2, shares[2][1], shares[2][0])
    forged = copy.deepcopy(good)
    forged["factors"][0][0], forged["factors"][0][1] = (
        forged["factors"][0][1],
        forged["factors"][0][0],
    )
    with pytest.raises(DecryptionRejectedError) as err:
        tally.do_submit_partial(ballot, seat, forged)
    assert err.value.code == "invalid_signature"  # v2: the trustee's signature covers the factors
    unsigned = {k: v for k, v in forged.items() if k != "signature"}
    resigned = sign_payload(unsigned, shares[2][0].key, ballot.election_id, 2)
    with pytest.raises(DecryptionRejectedError) as err:
        tally.do_submit_partial(ballot, seat, resigned)
    assert err.value.code == "invalid_proof"
    other_close = sign_payload(
        {**unsigned, "close": "ab" * 32}, shares[2][0].key, ballot.election_id, 2
    )
    with pytest.raises(DecryptionRejectedError) as err:
        tally.do_submit_partial(ballot, seat, other_close)
    assert err.value.code == "event_mismatch"
    assert {r.trustee for r in RejectedSubmission.objects.filter(ballot=ballot)} == {seat}
    with pytest.raises(DecryptionRejectedError) as err:
        tally.do_submit_partial(ballot, seat, partial_for(ballot, 1, shares[1][1], shares[1][0]))
    assert err.value.code == "wrong_trustee"
    tally.do_submit_partial(ballot, seat, good)
    with pytest.raises(DecryptionRejectedError) as err:
        tally.do_submit_partial(ballot, seat, good)
    assert err.value.code == "duplicate_message"
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED  # one valid part of the two needed


def test_it_refuses_decryption_before_close_and_closing_twice(voted, charles):
    ballot, _shares = voted
    seat = Trustee.objects.get(ballot=ballot, index=1)
    with pytest.raises(DecryptionRejectedError):
        tally.do_submit_partial(ballot, seat, {"trustee": 1})
    tally.do_close(ballot, actor=charles)
    with pytest.raises(IllegalTransitionError):
        tally.do_close(ballot, actor=charles)
