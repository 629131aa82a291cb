"""The demo holds a frozen ballot the counting board can take through the ceremony."""

from __future__ import annotations

import pytest

from phieukin.voting.models import Ballot, BallotStatus
from phieukin.web.demo import load_demo

from .helpers import prepare, run_ceremony


@pytest.mark.slow
@pytest.mark.django_db
def test_it_loads_a_ballot_ready_for_the_ceremony_and_cards():
    load_demo()
    ballot = Ballot.objects.get()
    assert ballot.status == BallotStatus.CEREMONY
    assert ballot.decides.startswith("evaluations.Subject:")
    assert [t.user.username for t in ballot.trustees.order_by("index")] == [
        "kiemphieu1",
        "kiemphieu2",
        "kiemphieu3",
    ]
    shares = run_ceremony(ballot)
    codes = prepare(ballot, shares, ballot.created_by)
    assert 60 <= len(codes) <= 71  # one per Executive Committee member present
