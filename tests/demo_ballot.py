"""Conference No. 16's rating ballot run with the services, from the freshly loaded demo.

The same service calls the pages make (``tests/browser/test_conference_16.py`` clicks them):
staff create the ballot from the rating item, the three ``kiemphieu`` run the ceremony, the
chair registers its key, keys are proven, the chair signs the attendance, trustee 1 issues the
cards and trustee 2 confirms the list, the chair opens, the cards cast, the chair closes and
two trustees decrypt. Shared by the tests that need the day's outcome (the documents, the
demo flow), so that a change of the ballot's steps is made once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from phieukin.accounts.models import User
from phieukin.evaluations.services import do_create_rating_ballot
from phieukin.meetings.models import AgendaKind
from phieukin.voting import services, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.models import Ballot, BallotStatus, Trustee
from tests.voting.helpers import build_ballot, open_ballot, partial_for, prepare, run_ceremony

HTXSNV, HTTNV = [1, 0, 0, 0, 0], [0, 1, 0, 0, 0]


def run_demo_ballot(
    summary: Any,
    *,
    votes: Callable[[int], list[list[int]]] = lambda n: [HTXSNV],
    cast: int | None = None,
    on_commit: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext,
) -> Ballot:
    """Run the demo's rating ballot to its published result and return it.

    ``votes(n)``: the choices on the n-th card (default: every card HTXSNV); ``cast``: how many
    cards vote (default: all); ``on_commit``: a context manager under which the result is
    published (pytest-django's ``django_capture_on_commit_callbacks(execute=True)`` in a test
    that is not transactional, so the evaluations app records the vote)."""
    staff = User.objects.get(username="bantochuc")
    chair_user = User.objects.get(username="chutri")
    board = list(User.objects.filter(username__startswith="kiemphieu").order_by("username"))
    item = summary.conference.agenda_items.get(kind=AgendaKind.RATING)
    rating = do_create_rating_ballot(item, trustees=board, threshold=2, actor=staff)
    ballot = services.do_start_ceremony(rating.ballot, actor=staff)
    shares = run_ceremony(ballot, chair_user)
    codes = prepare(ballot, shares, chair_user)
    open_ballot(ballot, chair_user)
    for n, code in enumerate(codes[:cast]):
        do_cast(ballot.pk, build_ballot(ballot, code, votes(n))[0])
    tally.do_close(ballot, actor=chair_user)
    ballot.refresh_from_db()
    for index in (1, 2):
        seat = Trustee.objects.get(ballot=ballot, index=index)
        secret, share = shares[index]
        with on_commit():
            tally.do_submit_partial(ballot, seat, partial_for(ballot, index, share, secret))
        ballot.refresh_from_db()
    assert ballot.status == BallotStatus.PUBLISHED
    return ballot
