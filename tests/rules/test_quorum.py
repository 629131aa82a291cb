from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules import REG366, Exclusion, RuleError, check_quorum, denominator


def test_it_needs_two_thirds_of_the_denominator_present() -> None:
    d = denominator(REG366.vote, 31, {Exclusion.SUSPENDED: 1})  # 30
    assert not check_quorum(REG366.quorum, d, 19).met
    check = check_quorum(REG366.quorum, d, 20)
    assert check.met
    assert check.required == 20
    assert "đủ điều kiện" in check.explanation_vi
    assert check.source.uncertain


def test_it_rounds_the_quorum_up() -> None:
    d = denominator(REG366.vote, 10, {})
    assert check_quorum(REG366.quorum, d, 7).required == 7  # 6.67 → 7


def test_it_refuses_more_present_than_convened() -> None:
    d = denominator(REG366.vote, 10, {})
    with pytest.raises(RuleError):
        check_quorum(REG366.quorum, d, 11)


@given(st.integers(1, 500), st.data())
def test_it_is_met_exactly_from_two_thirds(convened: int, data: st.DataObject) -> None:
    d = denominator(REG366.vote, convened, {})
    present = data.draw(st.integers(0, convened))
    assert check_quorum(REG366.quorum, d, present).met == (3 * present >= 2 * convened)
