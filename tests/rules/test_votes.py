"""Decision from a rating vote: strategies, threshold, denominator, failure handling."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import (
    REG124,
    REG366,
    Exclusion,
    Level,
    OnFailure,
    RuleError,
    Tally,
    VoteReason,
    VoteStrategy,
    decide_from_votes,
    denominator,
)
from phieukin.rules.votes import VotePolicy, votes_needed

POLICY = REG366.vote


def _d(convened: int, **excluded: int) -> object:
    return denominator(POLICY, convened, {Exclusion(k): v for k, v in excluded.items()})


def test_it_defaults_to_more_than_half_of_the_members_convened() -> None:
    for rs in (REG124, REG366):
        assert rs.vote.strategy is VoteStrategy.MAJORITY_SINGLE_LEVEL
        assert rs.vote.strict
        assert rs.vote.threshold == 0.5
        assert rs.vote.result_is_proposal
    assert POLICY.denominator_source.cite().startswith("Quy chế bầu cử trong Đảng")


def test_it_reproduces_the_hanoi_result() -> None:
    """9/1/2024: every Executive Committee member voted HTXSNV ("100% nhất trí"); the member
    count here is illustrative."""
    d = denominator(REG124.vote, 50, {})
    outcome = decide_from_votes(REG124.vote, Tally({Level.HTXSNV: 50}), d, proposed=Level.HTXSNV)
    assert outcome.level is Level.HTXSNV
    assert outcome.reason is VoteReason.PASSED
    assert outcome.proposed_passed is True
    assert "50/50 phiếu (100,00%" in outcome.explanation_vi
    assert outcome.needed == 26
    assert outcome.shares[Level.HTXSNV] == 1


def test_it_needs_strictly_more_than_half_of_the_denominator() -> None:
    d = _d(40, suspended=1, absent_with_approved_reason=1)  # 38
    assert decide_from_votes(POLICY, Tally({Level.HTTNV: 19}), d).level is None  # type: ignore[arg-type]
    outcome = decide_from_votes(POLICY, Tally({Level.HTTNV: 20}), d)  # type: ignore[arg-type]
    assert outcome.level is Level.HTTNV
    assert outcome.needed == 20
    assert "mẫu số 38 = 40 đảng viên chính thức được triệu tập trừ 2" in outcome.explanation_vi


def test_it_counts_absent_members_in_the_denominator() -> None:
    """The approval ratio is against all official members convened, not those present."""
    outcome = decide_from_votes(POLICY, Tally({Level.HTXSNV: 12}), _d(30))  # type: ignore[arg-type]
    assert outcome.level is None
    assert outcome.reason is VoteReason.NO_MAJORITY_REVOTE
    assert "biểu quyết lại" in outcome.explanation_vi


def test_it_reports_a_failed_proposal() -> None:
    tally = Tally({Level.HTXSNV: 5, Level.HTTNV: 20}, blank=1)
    outcome = decide_from_votes(POLICY, tally, _d(30), proposed=Level.HTXSNV)  # type: ignore[arg-type]
    assert outcome.level is Level.HTTNV
    assert outcome.proposed_passed is False


def test_it_accumulates_top_down_when_configured() -> None:
    cumulative = replace(POLICY, strategy=VoteStrategy.CUMULATIVE_TOP_DOWN)
    tally = Tally({Level.HTXSNV: 10, Level.HTTNV: 6, Level.HTNV: 10})
    outcome = decide_from_votes(cumulative, tally, _d(30))  # type: ignore[arg-type]
    assert outcome.level is Level.HTTNV  # 10 + 6 = 16 > 15
    assert outcome.reason is VoteReason.PASSED_CUMULATIVE
    assert "16/30" in outcome.explanation_vi


def test_it_offers_the_historical_two_thirds_rule() -> None:
    historical = replace(POLICY, strategy=VoteStrategy.TWO_THIRDS_FOR_TOP)
    assert decide_from_votes(historical, Tally({Level.HTXSNV: 20}), _d(30)).level is Level.HTXSNV  # type: ignore[arg-type]
    outcome = decide_from_votes(historical, Tally({Level.HTXSNV: 19, Level.HTTNV: 11}), _d(30))  # type: ignore[arg-type]
    assert outcome.level is None  # 19 < 20 for the top; HTTNV 11 is not > 15


@pytest.mark.parametrize(
    ("on_failure", "level", "reason"),
    [
        (OnFailure.NEXT_LEVEL_DOWN, Level.HTTNV, VoteReason.FALLBACK_NEXT_LEVEL_DOWN),
        (OnFailure.REVOTE, None, VoteReason.NO_MAJORITY_REVOTE),
        (OnFailure.REFER_TO_COMPETENT_LEVEL, None, VoteReason.NO_MAJORITY_REFER),
    ],
)
def test_it_applies_the_configured_failure_rule(
    on_failure: OnFailure, level: Level | None, reason: VoteReason
) -> None:
    policy = replace(POLICY, on_failure=on_failure)
    tally = Tally({Level.HTXSNV: 12, Level.HTTNV: 6, Level.HTNV: 2})
    outcome = decide_from_votes(policy, tally, _d(30))  # type: ignore[arg-type]
    assert (outcome.level, outcome.reason) == (level, reason)


def test_it_refuses_inconsistent_tallies_and_denominators() -> None:
    with pytest.raises(RuleError) as exc:
        decide_from_votes(POLICY, Tally({Level.HTXSNV: 31}), _d(30))  # type: ignore[arg-type]
    assert exc.value.code == "input.tally"
    with pytest.raises(RuleError):
        decide_from_votes(POLICY, Tally({Level.HTXSNV: -1}), _d(30))  # type: ignore[arg-type]
    with pytest.raises(RuleError):
        _d(3, suspended=3)
    narrow = replace(POLICY, exclusions=frozenset({Exclusion.SUSPENDED}))
    with pytest.raises(RuleError, match="not allowed"):
        denominator(narrow, 30, {Exclusion.TEMPORARY_ACTIVITY_ELSEWHERE: 1})


@pytest.mark.parametrize(
    ("d", "strict", "needed"), [(30, True, 16), (31, True, 16), (30, False, 15)]
)
def test_it_computes_the_votes_needed(d: int, strict: bool, needed: int) -> None:
    assert votes_needed(POLICY.threshold, strict, d) == needed


_TALLIES = st.tuples(st.lists(st.integers(0, 20), min_size=6, max_size=6), st.integers(0, 20)).map(
    lambda c: (max(1, sum(c[0]) + c[1]), c[0])
)


@given(
    _TALLIES,
    st.sampled_from(VoteStrategy),
    st.sampled_from(OnFailure),
    st.sampled_from([(1, 2), (2, 3), (1, 3)]),
    st.booleans(),
)
def test_it_never_returns_a_level_whose_count_is_below_the_threshold(
    case: tuple[int, list[int]],
    strategy: VoteStrategy,
    on_failure: OnFailure,
    threshold: tuple[int, int],
    strict: bool,
) -> None:
    from fractions import Fraction

    d, (x, t, n, k, blank, invalid) = case
    policy: VotePolicy = replace(
        POLICY,
        strategy=strategy,
        on_failure=on_failure,
        threshold=Fraction(*threshold),
        strict=strict,
    )
    tally = Tally({Level.HTXSNV: x, Level.HTTNV: t, Level.HTNV: n, Level.KHTNV: k}, blank, invalid)
    outcome = decide_from_votes(policy, tally, denominator(policy, d, {}))
    if outcome.level is None:
        return
    counted = (
        sum(tally.count(lv) for lv in Level if lv >= outcome.level)
        if outcome.reason in (VoteReason.PASSED_CUMULATIVE, VoteReason.FALLBACK_NEXT_LEVEL_DOWN)
        else tally.count(outcome.level)
    )
    assert counted >= outcome.needed
    if strict:
        assert counted > policy.threshold * d or outcome.reason is VoteReason.PASSED_TOP_TWO_THIRDS
    else:
        assert counted >= policy.threshold * d
