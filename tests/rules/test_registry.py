from __future__ import annotations

import dataclasses

import pytest

from phieukin.rules import REG124, REG366, RULE_SETS, RuleError, rule_set_for, rule_set_for_year
from phieukin.rules.sources import Source


@pytest.mark.parametrize(
    ("year", "code"), [(2023, "124"), (2024, "124"), (2025, "366"), (2026, "366"), (2040, "366")]
)
def test_it_picks_the_regulation_in_force_for_the_year(year: int, code: str) -> None:
    assert rule_set_for_year(year).code == code


def test_it_refuses_a_year_before_any_rule_set() -> None:
    with pytest.raises(RuleError) as exc:
        rule_set_for_year(2022)
    assert exc.value.code == "ruleset.no_year"


@pytest.mark.parametrize(("code", "expected"), [("124", REG124), ("366-QĐ/TW", REG366)])
def test_it_finds_rule_sets_by_regulation_code(code: str, expected: object) -> None:
    assert rule_set_for(code) is expected


def test_it_refuses_an_unknown_regulation() -> None:
    with pytest.raises(RuleError) as exc:
        rule_set_for("132-QĐ/TW")
    assert exc.value.code == "ruleset.unknown"
    assert "132" in exc.value.violation.message_vi


def test_it_names_each_rule_sets_documents() -> None:
    assert REG124.regulation.code == "124-QĐ/TW"
    assert REG124.guidance.code == "25-HD/BTCTW"
    assert REG366.regulation.code == "366-QĐ/TW"
    assert REG366.guidance.code == "43-HD/BTCTW"
    assert set(RULE_SETS) == {"124", "366"}


def _sources(value: object) -> list[Source]:
    found: list[Source] = []
    if isinstance(value, Source):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            found += _sources(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            found += _sources(item)
    elif isinstance(value, dict):
        for item in value.values():
            found += _sources(item)
    return found


@pytest.mark.parametrize("rule_set", [REG124, REG366], ids=["124", "366"])
def test_it_gives_every_rule_a_citable_source(rule_set: object) -> None:
    sources = _sources(rule_set)
    assert len(sources) > 40
    for source in sources:
        assert source.document.name_vi
        assert source.cite().startswith(source.document.name_vi)
    # uncertain facts are flagged, and the citation says so
    flagged = [s for s in sources if s.uncertain]
    assert flagged
    assert all("chưa xác minh" in s.cite() for s in flagged)


def test_it_cites_the_clause_in_vietnamese() -> None:
    assert REG366.cap.source.cite() == "Quy định 366-QĐ/TW, Điều 11, khoản 1, tiết 1.5"
