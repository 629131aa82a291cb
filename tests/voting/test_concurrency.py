"""Concurrent casts of one credential on PostgreSQL: exactly one is accepted."""

from __future__ import annotations

import itertools
import threading

import pytest
from django.db import connection, connections

from phieukin.voting.cast import do_cast
from phieukin.voting.errors import CastRejectedError
from phieukin.voting.models import BoardEvent

from .helpers import build_ballot

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_accepts_exactly_one_of_many_concurrent_casts_of_one_card(request):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency need PostgreSQL")
    ballot, codes = request.getfixturevalue("open_ballot")
    ballots = [build_ballot(ballot, codes[0], [[0, 1, 0, 0, 0]])[0] for _ in range(30)]
    others = [build_ballot(ballot, code, [[1, 0, 0, 0, 0]])[0] for code in codes[1:6]]
    barrier = threading.Barrier(len(ballots) + len(others))
    outcomes: list[str] = []
    lock = threading.Lock()

    def cast(data: dict) -> None:
        barrier.wait(timeout=60)  # a thread that fails to start must not hang the rest
        try:
            result = do_cast(ballot.pk, data).status
        except CastRejectedError as exc:
            result = exc.code
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=cast, args=(d,)) for d in ballots + others]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a cast did not finish in 60 s"
    assert len(outcomes) == 35
    assert outcomes.count("accepted") == 1 + len(others)
    assert outcomes.count("duplicate_credential") == len(ballots) - 1
    events = BoardEvent.objects.filter(ballot=ballot).order_by("seq")
    assert [e.seq for e in events] == list(range(events.count()))  # no fork, no gap
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
