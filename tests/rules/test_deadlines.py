"""Deadlines (HD 43 mục 4) and the 3-working-day notice for documents (HD 43 mục 2.1)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import (
    PUBLIC_HOLIDAYS,
    REG124,
    REG366,
    deadlines_for,
    documents_notice_violation,
    subtract_working_days,
    working_days_between,
)


def test_it_sets_the_period_deadlines() -> None:
    d = deadlines_for(REG366.deadlines, 2025)
    assert d["finish"].due == date(2025, 12, 31)
    assert d["finish_special_cycle"].due == date(2026, 1, 15)
    assert d["dossiers_to_coc"].due == date(2026, 2, 1)
    assert d["report_to_politburo"].due == date(2026, 3, 1)
    assert d["finish"].source.cite() == "Hướng dẫn 43-HD/BTCTW, mục 4"


def test_it_reads_before_strictly() -> None:
    dossiers = deadlines_for(REG366.deadlines, 2025)["dossiers_to_coc"]
    assert dossiers.is_met(date(2026, 1, 31))
    late = dossiers.violation(date(2026, 2, 1))
    assert late is not None
    assert late.code == "deadline.dossiers_to_coc"
    assert "trước ngày 01/02/2026" in late.message_vi


def test_it_flags_the_124_deadlines_as_assumed() -> None:
    finish = deadlines_for(REG124.deadlines, 2023)["finish"]
    assert finish.source.uncertain
    assert "9/1/2024" in finish.source.note


def test_it_skips_weekends_and_holidays() -> None:
    # meeting Thursday 8/1/2026 → documents by Monday 5/1/2026
    assert subtract_working_days(date(2026, 1, 8), 3, PUBLIC_HOLIDAYS) == date(2026, 1, 5)
    # meeting Monday 5/1/2026: back over the weekend and New Year's Day → Tuesday 30/12/2025
    assert subtract_working_days(date(2026, 1, 5), 3, PUBLIC_HOLIDAYS) == date(2025, 12, 30)
    assert working_days_between(date(2025, 12, 30), date(2026, 1, 5), PUBLIC_HOLIDAYS) == 3


def test_it_warns_when_documents_go_out_late() -> None:
    notice = REG366.documents_notice
    meeting = date(2026, 1, 8)
    ok = documents_notice_violation(
        date(2026, 1, 5), meeting, notice.value, notice.source, PUBLIC_HOLIDAYS
    )
    assert ok is None
    late = documents_notice_violation(
        date(2026, 1, 6), meeting, notice.value, notice.source, PUBLIC_HOLIDAYS
    )
    assert late is not None
    assert late.code == "deadline.documents_notice"
    assert "05/01/2026" in late.message_vi
    assert late.source.cite() == "Hướng dẫn 43-HD/BTCTW, mục 2.1"


@pytest.mark.parametrize("day", [date(2025, 1, 1), date(2025, 9, 2), date(2026, 2, 17)])
def test_it_knows_the_public_holidays(day: date) -> None:
    assert day in PUBLIC_HOLIDAYS


@given(st.dates(date(2023, 1, 1), date(2027, 12, 31)), st.integers(1, 30))
def test_it_counts_back_exactly_n_working_days(day: date, n: int) -> None:
    earlier = subtract_working_days(day, n, PUBLIC_HOLIDAYS)
    span = [earlier + timedelta(days=i) for i in range((day - earlier).days)]
    working = [d for d in span if d.weekday() < 5 and d not in PUBLIC_HOLIDAYS]
    assert len(working) == n
    assert working[0] == earlier


@given(st.dates(date(2023, 1, 1), date(2027, 12, 31)))
def test_it_accepts_the_latest_send_date_and_not_a_day_later(meeting: date) -> None:
    notice = REG366.documents_notice
    latest = subtract_working_days(meeting, notice.value, PUBLIC_HOLIDAYS)
    args = (meeting, notice.value, notice.source, PUBLIC_HOLIDAYS)
    assert documents_notice_violation(latest, *args) is None
    assert documents_notice_violation(latest + timedelta(days=1), *args) is not None
