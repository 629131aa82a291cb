"""The kinds of period each regulation allows (QĐ 124: annual only; QĐ 366: by term, annual,
quarterly or when necessary) and the order of periods for the carry-over of shortcomings."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import PeriodKind, RuleError, check_period_kind, period_rank, quarter_dates
from phieukin.rules.cycles import REASON_MAX, quarter_of

KINDS = st.sampled_from(list(PeriodKind))
QUARTERS = st.one_of(st.none(), st.integers(-3, 8))
REASONS = st.one_of(st.just(""), st.just("   "), st.text(min_size=1, max_size=600))


def _allowed(code: str, kind: PeriodKind, quarter: int | None, reason: str) -> bool:
    if code == "124" and kind is not PeriodKind.ANNUAL:
        return False
    if kind is PeriodKind.QUARTERLY:
        if quarter is None or not 1 <= quarter <= 4:
            return False
    elif quarter is not None:
        return False
    if kind is PeriodKind.AD_HOC and not reason.strip():
        return False
    return len(reason.strip()) <= REASON_MAX


@given(st.sampled_from(["124", "366"]), KINDS, QUARTERS, REASONS)
def test_a_kind_is_accepted_exactly_when_the_regulation_allows_it(
    code: str, kind: PeriodKind, quarter: int | None, reason: str
) -> None:
    if _allowed(code, kind, quarter, reason):
        assert check_period_kind(code, kind.value, quarter, reason) is kind
    else:
        with pytest.raises(RuleError) as exc:
            check_period_kind(code, kind.value, quarter, reason)
        assert exc.value.code.startswith("cycle.")
        assert exc.value.violation.source.cite()  # every refusal names its source


@pytest.mark.parametrize("kind", ["quarterly", "term", "ad_hoc"])
def test_124_refuses_the_366_only_kinds_with_its_source(kind: str) -> None:
    with pytest.raises(RuleError) as exc:
        check_period_kind("124", kind, 1 if kind == "quarterly" else None, "Theo chỉ đạo")
    assert exc.value.code == "cycle.kind_not_allowed"
    assert "124-QĐ/TW" in exc.value.violation.explain_vi()


def test_the_quarter_and_the_reason_are_required_under_366() -> None:
    for args, code in (
        (("quarterly", None, ""), "cycle.quarter_required"),
        (("quarterly", 5, ""), "cycle.quarter_required"),
        (("annual", 2, ""), "cycle.quarter_not_quarterly"),
        (("ad_hoc", None, "  "), "cycle.reason_required"),
        (("biennial", None, ""), "cycle.unknown_kind"),
    ):
        with pytest.raises(RuleError) as exc:
            check_period_kind("366", *args)  # type: ignore[arg-type]
        assert exc.value.code == code
    assert check_period_kind("366", "ad_hoc", None, "Sau kết luận kiểm tra") is PeriodKind.AD_HOC
    assert check_period_kind("366", "term") is PeriodKind.TERM


@given(st.integers(1930, 2200), st.integers(1, 4))
def test_quarters_tile_the_year(year: int, quarter: int) -> None:
    first, last = quarter_dates(year, quarter)
    assert quarter_of(first) == quarter_of(last) == quarter
    if quarter == 1:
        assert first == date(year, 1, 1)
    else:
        assert first.toordinal() == quarter_dates(year, quarter - 1)[1].toordinal() + 1
    if quarter == 4:
        assert last == date(year, 12, 31)


@given(st.integers(2025, 2100), st.integers(1, 4), st.integers(1, 4))
def test_quarters_come_in_order_before_the_year_and_after_the_last_year(
    year: int, q1: int, q2: int
) -> None:
    def rank(q: int) -> tuple[int, int, int]:
        return period_rank("quarterly", year, q, quarter_dates(year, q)[0])

    annual = period_rank("annual", year, None, date(year, 1, 1))
    previous = period_rank("annual", year - 1, None, date(year - 1, 1, 1))
    assert (rank(q1) < rank(q2)) == (q1 < q2)
    assert previous < rank(q1) < annual
    ad_hoc = period_rank("ad_hoc", year, None, quarter_dates(year, q1)[0])
    assert rank(q1) < ad_hoc < annual
    assert ad_hoc < rank(q1 + 1) if q1 < 4 else True
