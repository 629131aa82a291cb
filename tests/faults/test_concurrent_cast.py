"""Concurrency on PostgreSQL through the real HTTP stack (Django's threaded live server).

Every request runs in its own server thread with its own database connection, as under
gunicorn's threads. SQLite serializes writers on its file lock, so the race cannot happen
there: these tests run on PostgreSQL only (CI runs the suite on both).

Each client thread connects from its own loopback address (127.0.0.k) so the per-address
throttle of bad attempts never hides the conflict code behind a 429.
"""

from __future__ import annotations

import datetime as dt
import http.client
import itertools
import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from phieukin.evaluations.models import Decision
from phieukin.evaluations.services import EvaluationError, do_decide
from phieukin.organizations.models import Member, MemberStatus, Organization
from phieukin.record.events import parse_event
from phieukin.record.verify import verify_record
from phieukin.rules import Body
from phieukin.voting import board
from phieukin.voting.models import Ballot, BoardEvent
from tests.evaluations.conftest import period, world  # noqa: F401 - fixtures for pytest
from tests.evaluations.world import World, self_review, subject_of
from tests.voting.helpers import build_ballot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
VOTERS = 51  # one card raced 50 times, then 50 cards at once


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real write concurrency needs PostgreSQL (SQLite serializes writers)")


@pytest.fixture
def members(org: Organization) -> list[Member]:
    """Overrides the voting fixture: enough members present for 51 cards."""
    return [
        Member.objects.create(
            card_number=f"0200{i:04d}",
            full_name=f"Trần Thị {i}",
            birth_date=dt.date(1970, 1, 1),
            sex="female",
            admitted_on=dt.date(1995, 1, 1),
            official_on=dt.date(1996, 1, 1),
            status=MemberStatus.OFFICIAL,
            organization=org,
        )
        for i in range(VOTERS + 2)
    ]


@pytest.fixture
def conference(org: Organization, members: list[Member]) -> Any:
    from phieukin.meetings.models import Attendance, AttendeeRole, Conference

    conf = Conference.objects.create(
        organization=org, title="Hội nghị kiểm thử đồng thời", held_on=dt.date(2025, 12, 20)
    )
    for i, member in enumerate(members):
        Attendance.objects.create(
            conference=conf, member=member, role=AttendeeRole.MEMBER, present=i < VOTERS
        )
    return conf


def race(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run every job in its own thread, released together; results in job order."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(k: int) -> None:
        barrier.wait(timeout=60)  # a thread that fails to start must not hang the rest
        try:
            results[k] = jobs[k]()
        except Exception as exc:  # the test inspects what each job got
            results[k] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a job did not finish in 120 s"
    return results


def poster(base: str, path: str, body: bytes, k: int) -> Callable[[], tuple[int, dict[str, Any]]]:
    url = urlsplit(base)

    def post() -> tuple[int, dict[str, Any]]:
        conn = http.client.HTTPConnection(
            url.hostname, url.port, timeout=60, source_address=(f"127.0.0.{k + 2}", 0)
        )
        try:
            conn.request("POST", path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            raw = response.read()
            try:
                return response.status, json.loads(raw)
            except ValueError:  # e.g. the HTML 503 page: keep it for the assertion message
                return response.status, {"code": None, "body": raw[:200]}
        except OSError as exc:  # reported as an outcome, so the assertion shows every one
            return 0, {"code": type(exc).__name__}
        finally:
            conn.close()

    return post


def chain_intact(ballot: Ballot) -> None:
    events = list(BoardEvent.objects.filter(ballot=ballot).order_by("seq"))
    assert [e.seq for e in events] == list(range(len(events)))  # no fork, no gap
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    lines = board.export_jsonl(ballot).splitlines()
    report = verify_record([parse_event(line) for line in lines])
    assert report.ok, report.failure


@pytest.mark.slow
def test_it_accepts_one_cast_per_card_under_50_parallel_requests(live_server, open_ballot):
    ballot, codes = open_ballot
    assert len(codes) == VOTERS
    path = reverse("voting:api_cast", args=[ballot.pk])
    same = [json.dumps(build_ballot(ballot, codes[0], [[0, 1, 0, 0, 0]])[0]) for _ in range(50)]
    outcomes = race([poster(live_server.url, path, b.encode(), k) for k, b in enumerate(same)])
    assert Counter(status for status, _ in outcomes) == {201: 1, 409: 49}, outcomes
    assert {r["code"] for status, r in outcomes if status == 409} == {"duplicate_credential"}
    assert BoardEvent.objects.filter(ballot=ballot, kind="ballot").count() == 1
    cache.clear()
    many = [json.dumps(build_ballot(ballot, c, [[1, 0, 0, 0, 0]])[0]) for c in codes[1:]]
    outcomes = race([poster(live_server.url, path, b.encode(), k) for k, b in enumerate(many)])
    assert [status for status, _ in outcomes] == [201] * 50, outcomes
    assert len({r["tracking_code"] for _, r in outcomes}) == 50
    assert BoardEvent.objects.filter(ballot=ballot, kind="ballot").count() == 51
    chain_intact(ballot)


def test_it_records_one_decision_under_parallel_deciders_and_the_audit_chain_holds(
    world: World,  # noqa: F811
    period: Any,  # noqa: F811
) -> None:
    subject = subject_of(period, world, "m1")
    self_review(subject, world)
    decide = lambda: do_decide(  # noqa: E731
        subject, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff
    )
    outcomes = race([decide] * 12)
    won = [o for o in outcomes if isinstance(o, Decision)]
    lost = [o for o in outcomes if not isinstance(o, Decision)]
    assert len(won) == 1, outcomes
    assert all(isinstance(o, EvaluationError) for o in lost), lost
    assert all("already rated" in o.english for o in lost)  # type: ignore[attr-defined]
    assert Decision.objects.filter(subject=subject).count() == 1
    call_command("audit", "verify")  # raises CommandError on any fork, gap or edit
