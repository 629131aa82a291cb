"""QĐ 366 Điều 11: bands >= 90, 70–<90, 50–<70, < 50 on the 100-point scale."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import REG366, Level, RuleError
from phieukin.rules.criteria import CriterionItem, group_scores

SCORE = REG366.score
assert SCORE is not None


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, Level.HTXSNV),
        (90, Level.HTXSNV),
        (Fraction(8999, 100), Level.HTTNV),
        (70, Level.HTTNV),
        (Decimal("69.99"), Level.HTNV),
        (50, Level.HTNV),
        (Decimal("49.5"), Level.KHTNV),
        (0, Level.KHTNV),
    ],
)
def test_it_maps_band_edges_exactly(score: Fraction | int | Decimal, level: Level) -> None:
    assert SCORE.level_for(Fraction(score)) is level


def test_it_totals_group_scores_with_their_maxima() -> None:
    assert SCORE.total({"I": 30, "II": 70}) == 100
    assert SCORE.total({"I": Decimal("27.5"), "II": 62.25}) == Fraction(8975, 100)


@pytest.mark.parametrize("groups", [{"I": 31, "II": 50}, {"I": 10, "II": 71}, {"I": -1, "II": 50}])
def test_it_refuses_a_group_score_out_of_range(groups: dict[str, int]) -> None:
    with pytest.raises(RuleError) as exc:
        SCORE.total(groups)
    assert exc.value.code == "score.out_of_range"
    assert "Điều 10" in exc.value.violation.source.cite()


def test_it_refuses_missing_or_unknown_groups() -> None:
    with pytest.raises(RuleError) as exc:
        SCORE.total({"I": 20, "III": 50})
    assert exc.value.code == "score.groups"


def test_it_refuses_a_bool_as_a_score() -> None:
    with pytest.raises(TypeError):
        SCORE.total({"I": True, "II": 50})


@given(
    st.fractions(min_value=0, max_value=100, max_denominator=100),
    st.fractions(min_value=0, max_value=100, max_denominator=100),
)
def test_it_is_monotone_in_the_score(a: Fraction, b: Fraction) -> None:
    low, high = sorted((a, b))
    assert SCORE.level_for(low) <= SCORE.level_for(high)


@given(st.fractions(min_value=0, max_value=100, max_denominator=1000))
def test_it_puts_every_score_in_exactly_one_band(score: Fraction) -> None:
    assert sum(band.contains(score) for band in SCORE.bands) == 1


FRAMEWORK = (
    CriterionItem("chinh_tri", "I", Fraction(10)),
    CriterionItem("dao_duc", "I", Fraction(10)),
    CriterionItem("ky_luat", "I", Fraction(10)),
    CriterionItem("ket_qua", "II", Fraction(70)),
)


def test_it_sums_locally_weighted_criteria_into_groups() -> None:
    scores = {"chinh_tri": 9, "dao_duc": Decimal("9.5"), "ky_luat": 10, "ket_qua": 62}
    totals = group_scores(SCORE, FRAMEWORK, scores)
    assert totals == {"I": Fraction(57, 2), "II": 62}
    assert SCORE.level_for(SCORE.total(totals)) is Level.HTXSNV


def test_it_refuses_a_framework_whose_maxima_do_not_add_up() -> None:
    bad = (*FRAMEWORK[:2], CriterionItem("ky_luat", "I", Fraction(5)), FRAMEWORK[3])
    with pytest.raises(RuleError) as exc:
        group_scores(SCORE, bad, {})
    assert exc.value.code == "input.framework"


def test_it_refuses_item_scores_out_of_range_or_missing() -> None:
    with pytest.raises(RuleError) as exc:
        group_scores(SCORE, FRAMEWORK, {"chinh_tri": 11, "dao_duc": 1, "ky_luat": 1, "ket_qua": 1})
    assert exc.value.code == "score.out_of_range"
    with pytest.raises(RuleError) as exc:
        group_scores(SCORE, FRAMEWORK, {"chinh_tri": 1})
    assert exc.value.code == "input.criterion_scores"
