"""Deadlines of a period and the working-day rule for documents (HD 43 mục 2.1, mục 4).

"Trước ngày X" is read strictly (the last allowed day is the day before X): it is the cautious
reading and a warning a day early costs nothing. ``DeadlineRule.strict`` switches it.

Working days skip Saturdays, Sundays and public holidays. Holidays are data
(:data:`PUBLIC_HOLIDAYS`), passed in explicitly, because the observed days (Tết, 2/9) are set
each year by government notice; a deployment can extend the set.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from phieukin.rules.errors import RuleViolation
from phieukin.rules.sources import Source


@dataclass(frozen=True)
class DeadlineRule:
    code: str
    month: int
    day: int
    year_offset: int  # 0: the evaluation year; 1: the next year
    label_vi: str
    source: Source
    strict: bool = True


@dataclass(frozen=True)
class Deadline:
    code: str
    due: date  # the date named in the text
    strict: bool
    label_vi: str
    source: Source

    @property
    def last_day(self) -> date:
        return self.due - timedelta(days=1) if self.strict else self.due

    def is_met(self, on: date) -> bool:
        return on <= self.last_day

    def violation(self, on: date) -> RuleViolation | None:
        if self.is_met(on):
            return None
        return RuleViolation(
            f"deadline.{self.code}",
            f"{self.label_vi}: hạn {'trước ngày' if self.strict else 'đến ngày'}"
            f" {self.due:%d/%m/%Y}, thực hiện ngày {on:%d/%m/%Y}",
            f"{self.code}: due {'before' if self.strict else 'by'} {self.due.isoformat()},"
            f" done {on.isoformat()}",
            self.source,
        )


def deadlines_for(rules: Collection[DeadlineRule], year: int) -> dict[str, Deadline]:
    return {
        r.code: Deadline(
            r.code, date(year + r.year_offset, r.month, r.day), r.strict, r.label_vi, r.source
        )
        for r in rules
    }


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def subtract_working_days(day: date, n: int, holidays: Collection[date]) -> date:
    """The date ``n`` working days before ``day`` (``day`` itself not counted)."""
    current = day
    while n > 0:
        current -= timedelta(days=1)
        if is_working_day(current, holidays):
            n -= 1
    return current


def working_days_between(start: date, end: date, holidays: Collection[date]) -> int:
    """Working days in (start, end]: how many working days ``start`` is before ``end``."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        count += is_working_day(current, holidays)
    return count


def documents_notice_violation(
    sent_on: date, meeting_on: date, working_days: int, source: Source, holidays: Collection[date]
) -> RuleViolation | None:
    """Documents must reach participants >= ``working_days`` working days before the meeting.

    Counting: the latest allowed send date is ``working_days`` working days before the meeting
    day, the meeting day not counted (meeting Thursday, 3 days → Monday).
    """
    latest = subtract_working_days(meeting_on, working_days, holidays)
    if sent_on <= latest:
        return None
    return RuleViolation(
        "deadline.documents_notice",
        f"Tài liệu phải gửi trước ít nhất {working_days} ngày làm việc (chậm nhất"
        f" {latest:%d/%m/%Y} cho hội nghị ngày {meeting_on:%d/%m/%Y}); đã gửi {sent_on:%d/%m/%Y}",
        f"documents must be sent at least {working_days} working days before the meeting"
        f" (by {latest.isoformat()}); sent {sent_on.isoformat()}",
        source,
    )


def _span(start: date, end: date) -> set[date]:
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# Public holidays (Bộ luật Lao động 2019 Điều 112: 1/1; Tết 5 days; 10/3 lunar; 30/4; 1/5;
# 2/9 + one adjacent day), as observed by public servants per the yearly notices. Only the
# fixed dates are certain; the observed Tết and Hùng Kings days are recorded as announced and
# must be checked against each year's notice (docs/rules.md, "Uncertain / configurable").
PUBLIC_HOLIDAYS: frozenset[date] = frozenset(
    {date(y, 1, 1) for y in range(2023, 2028)}
    | {date(y, 4, 30) for y in range(2023, 2028)}
    | {date(y, 5, 1) for y in range(2023, 2028)}
    | {date(y, 9, 2) for y in range(2023, 2028)}
    | _span(date(2023, 1, 20), date(2023, 1, 26))
    | {date(2023, 5, 2), date(2023, 5, 3), date(2023, 9, 1), date(2023, 9, 4)}
    | _span(date(2024, 2, 8), date(2024, 2, 14))
    | {date(2024, 4, 18), date(2024, 9, 3)}
    | _span(date(2025, 1, 25), date(2025, 2, 2))
    | {date(2025, 4, 7), date(2025, 9, 1)}
    | _span(date(2026, 2, 14), date(2026, 2, 22))
    | {date(2026, 4, 27), date(2026, 9, 1)}
)
