"""HTXSNV <= 20% of those rated HTTNV per comparable group (QĐ 366 Điều 11 k1.5; QĐ 124 Đ12)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import (
    REG124,
    REG366,
    CapBase,
    CapDecision,
    CapPolicy,
    Level,
    Rounding,
    RuleError,
    check_cap,
)


def _group(n_t: int, n_x: int, proposals: int = 0) -> list[CapDecision]:
    rows = [CapDecision(f"t{i}", "chi-bo", Level.HTTNV) for i in range(n_t)]
    rows += [CapDecision(f"x{i}", "chi-bo", Level.HTXSNV) for i in range(n_x)]
    rows += [CapDecision(f"p{i}", "chi-bo", Level.HTXSNV, proposed=True) for i in range(proposals)]
    return rows


def test_it_allows_four_htxsnv_for_twenty_httnv() -> None:
    check = check_cap(_group(20, 4), "chi-bo", REG366.cap)
    assert check.ok
    assert (check.limit, check.remaining) == (4, 0)


def test_it_rounds_down_by_default() -> None:
    assert REG366.cap.rounding is Rounding.FLOOR
    check = check_cap(_group(9, 1), "chi-bo", REG366.cap)  # 20% of 9 = 1.8 → 1
    assert (check.limit, check.remaining, check.ok) == (1, 0, True)
    assert not check_cap(_group(4, 1), "chi-bo", REG366.cap).ok  # 0.8 → 0


def test_it_names_the_proposals_that_would_break_the_cap() -> None:
    check = check_cap(_group(20, 3, proposals=3), "chi-bo", REG366.cap)
    assert check.breaking == ("p1", "p2")
    assert check.violation is not None
    assert check.violation.code == "cap.exceeded"
    assert check.violation.source.cite() == "Quy định 366-QĐ/TW, Điều 11, khoản 1, tiết 1.5"
    assert "tối đa 4" in check.violation.message_vi


def test_it_counts_httnv_proposals_into_the_base() -> None:
    rows = _group(3, 0, proposals=1) + [
        CapDecision(f"q{i}", "chi-bo", Level.HTTNV, proposed=True) for i in range(2)
    ]
    assert check_cap(rows, "chi-bo", REG366.cap).ok  # 5 HTTNV → 1 HTXSNV


def test_it_reports_decided_levels_already_over_the_cap() -> None:
    check = check_cap(_group(5, 2), "chi-bo", REG366.cap)
    assert not check.ok
    assert check.breaking == ()


def test_it_checks_each_group_separately() -> None:
    rows = [*_group(20, 4), CapDecision("other", "uy-vien", Level.HTXSNV)]
    assert check_cap(rows, "chi-bo", REG366.cap).ok
    assert not check_cap(rows, "uy-vien", REG366.cap).ok


def test_it_allows_25_percent_by_recorded_exception_under_366_only() -> None:
    assert not check_cap(_group(20, 5), "chi-bo", REG366.cap).ok
    check = check_cap(_group(20, 5), "chi-bo", REG366.cap, exception=True)
    assert check.ok
    assert check.limit == 5
    with pytest.raises(RuleError, match="no cap exception"):
        check_cap(_group(20, 5), "chi-bo", REG124.cap, exception=True)


def test_it_offers_the_including_convention() -> None:
    including = replace(REG366.cap, base=CapBase.INCLUDING_HTXSNV)
    # 16 HTTNV + 4 HTXSNV: excluding → 3 allowed; including (20 qualify) → 4
    assert not check_cap(_group(16, 4), "chi-bo", REG366.cap).ok
    assert check_cap(_group(16, 4), "chi-bo", including).ok


def test_it_says_how_many_more_fit() -> None:
    check = check_cap(_group(30, 2), "chi-bo", REG366.cap)
    assert check.remaining == 4  # 6 allowed
    assert check.remaining_by_promotion == 3  # promoting 3 of the 30 leaves 27 → 5


_ROWS = st.lists(
    st.tuples(st.sampled_from(list(Level)), st.booleans(), st.sampled_from(["a", "b"])),
    max_size=60,
)
_POLICIES = st.builds(
    lambda base, exception: (replace(REG366.cap, base=base), exception),
    st.sampled_from(CapBase),
    st.booleans(),
)


@given(_ROWS, _POLICIES)
def test_it_never_accepts_a_set_that_exceeds_the_cap(
    rows: list[tuple[Level, bool, str]], policy_exception: tuple[CapPolicy, bool]
) -> None:
    """Accept proposals one at a time, only when the checker says ok: the cap always holds."""
    policy, exception = policy_exception
    ratio = policy.exception_ratio if exception else policy.ratio
    assert ratio is not None
    accepted: list[CapDecision] = []
    for i, (level, _, group) in enumerate(rows):
        candidate = [*accepted, CapDecision(f"s{i}", group, level)]
        if check_cap(candidate, group, policy, exception=exception).ok:
            accepted = candidate
    for group in ("a", "b"):
        check = check_cap(accepted, group, policy, exception=exception)
        assert check.ok
        including = policy.base is CapBase.INCLUDING_HTXSNV
        base = check.n_httnv + (check.n_htxsnv if including else 0)
        assert check.n_htxsnv <= ratio * base


@given(st.integers(0, 200), st.integers(0, 50))
def test_it_accepts_exactly_up_to_the_remaining_count(n_t: int, n_x: int) -> None:
    check = check_cap(_group(n_t, n_x), "chi-bo", REG366.cap)
    if not check.ok:
        return
    fits = check_cap(_group(n_t, n_x, proposals=check.remaining), "chi-bo", REG366.cap)
    assert fits.ok
    over = check_cap(_group(n_t, n_x, proposals=check.remaining + 1), "chi-bo", REG366.cap)
    assert not over.ok
    assert len(over.breaking) == 1


@given(st.integers(0, 200), st.integers(0, 50))
def test_it_excluding_is_never_looser_than_including(n_t: int, n_x: int) -> None:
    including = replace(REG366.cap, base=CapBase.INCLUDING_HTXSNV)
    if check_cap(_group(n_t, n_x), "chi-bo", REG366.cap).ok:
        assert check_cap(_group(n_t, n_x), "chi-bo", including).ok
