"""Two decisions in one comparable group at the same moment, one HTXSNV place left: the Period
lock taken where the cap is checked (``services.decisions.lock_subject``) lets exactly one
through without confirmation; the other reads the first one's HTXSNV and is held for the cap.

The race is forced: each decision waits (up to 3 s) after its rule checks for the other to
reach the same point. Without the lock both get there having read "one place left" and both
commit (the test then fails); with it the second is still waiting for the lock."""

from __future__ import annotations

import contextlib
import threading
from datetime import date
from typing import Any

import pytest
from django.db import connection, connections

from phieukin.evaluations.models import Decision, Subject
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.evaluations.services import (
    CapConfirmationError,
    do_decide,
    do_open_period,
    do_set_comparable_group,
    generate_subjects,
)
from phieukin.evaluations.services import decisions as decisions_module
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.services.members import do_add_member
from phieukin.rules import Body
from tests.evaluations.world import REVIEW_ON, build_world, excellent, self_review

GROUP = "Đảng viên — nhóm đồng thời"
GC = Body.GRASSROOTS_COMMITTEE


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_htxsnv_decisions_cannot_both_take_the_last_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serializes writers by its IMMEDIATE transactions")
    world = build_world()
    period = do_open_period(world.city, 2025, review_on=REVIEW_ON, actor=world.staff)
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    for i in range(5):
        record = MemberRecord(
            card_number=f"Y{i}", full_name=f"Đảng viên {i}", birth_date=date(1980, 1, 1),
            sex="female", admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1),
        )  # fmt: skip
        do_add_member(record, organization=world.cell, actor=world.staff)
    Subject.objects.filter(period=period).delete()
    generate_subjects(period)
    refresh_rollup(period)
    subjects = [
        do_set_comparable_group(s, GROUP, actor=world.staff)
        for s in Subject.objects.filter(
            period=period, member__organization=world.cell, is_leader=False, in_scope=True
        ).order_by("pk")
    ]
    for s in subjects:
        self_review(s, world, "htxsnv", **excellent())
    first, second, *rest = subjects
    for s in rest:  # 5 HTTNV → at most 1 HTXSNV in the group
        do_decide(s, "httnv", body=GC, method="superior", actor=world.staff)

    meeting = threading.Barrier(2)
    checked = decisions_module.check_decision

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        result = checked(*args, **kwargs)
        # A broken barrier: the other decision is waiting for the period lock, as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            meeting.wait(timeout=3)
        return result

    monkeypatch.setattr(decisions_module, "check_decision", slow_check)
    outcomes: dict[int, str] = {}

    def decide(subject: Subject) -> None:
        try:
            do_decide(subject, "htxsnv", body=GC, method="superior", actor=world.staff)
            outcomes[subject.pk] = "decided"
        except CapConfirmationError:
            outcomes[subject.pk] = "held for the cap"
        except BaseException as exc:
            outcomes[subject.pk] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(s,)) for s in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["decided", "held for the cap"], outcomes
    assert Decision.objects.filter(subject__comparable_group=GROUP, level="htxsnv").count() == 1
