"""Who is out of scope (QĐ 366 Điều 5 k2; QĐ 124 Điều 5; HD 43 mục 7.6)."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.rules import REG124, REG366, MemberStanding, ScopeFacts, out_of_scope
from phieukin.rules.scope import add_months

REVIEW = date(2025, 12, 15)


def _facts(**kw: object) -> ScopeFacts:
    base: dict[str, object] = {
        "standing": MemberStanding.OFFICIAL,
        "admitted_on": date(2010, 5, 19),
        "review_on": REVIEW,
    }
    base.update(kw)
    return ScopeFacts(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("rules", [REG124, REG366], ids=["124", "366"])
def test_it_rates_official_and_probationary_members(rules: object) -> None:
    assert out_of_scope(rules, _facts()) is None  # type: ignore[arg-type]
    admitted = date(2025, 3, 1)
    probationary = _facts(standing=MemberStanding.PROBATIONARY, admitted_on=admitted)
    assert out_of_scope(rules, probationary) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("standing", "code"),
    [
        (MemberStanding.SUSPENDED, "scope.suspended"),
        (MemberStanding.EXEMPTED, "scope.exempted"),
        (MemberStanding.TRANSFERRED, "scope.transferred"),
    ],
)
def test_it_leaves_out_suspended_exempted_and_transferred(
    standing: MemberStanding, code: str
) -> None:
    violation = out_of_scope(REG366, _facts(standing=standing))
    assert violation is not None
    assert violation.code == code


def test_it_cites_the_regulation_for_the_exemption() -> None:
    violation = out_of_scope(REG366, _facts(standing=MemberStanding.SUSPENDED))
    assert violation is not None
    assert violation.explain_vi().endswith("(Quy định 366-QĐ/TW, Điều 5, khoản 2)")


def test_it_leaves_out_members_admitted_less_than_six_months_before() -> None:
    recent = out_of_scope(REG366, _facts(admitted_on=date(2025, 6, 16)))
    assert recent is not None
    assert recent.code == "scope.recently_admitted"
    assert "16/06/2025" in recent.message_vi
    assert out_of_scope(REG366, _facts(admitted_on=date(2025, 6, 15))) is None  # exactly 6 months


def test_it_rates_temporary_members_at_their_official_cell() -> None:
    violation = out_of_scope(REG366, _facts(temporary_registration=True))
    assert violation is not None
    assert violation.source.cite() == "Hướng dẫn 43-HD/BTCTW, mục 7.6"


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 1, 15), 6, date(2025, 7, 15)),
        (date(2025, 7, 1), 6, date(2026, 1, 1)),
    ],
)
def test_it_adds_calendar_months(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end
