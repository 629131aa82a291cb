"""The pure member rules, by property: every valid record passes, every too-young one fails."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from phieukin.organizations import member_rules as rules
from phieukin.organizations.member_rules import MemberRecord, check_record, values_of

TODAY = date(2025, 6, 2)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@st.composite
def valid_records(draw: st.DrawFn) -> MemberRecord:
    birth = draw(st.dates(date(1900, 1, 1), date(2006, 1, 1)))
    earliest = max(_years_after(birth, rules.MIN_ADMISSION_AGE), rules.PARTY_FOUNDED)
    admitted = draw(st.dates(earliest, TODAY))
    official = draw(st.none() | st.dates(admitted, TODAY))
    return MemberRecord(
        card_number=draw(st.from_regex(r"[0-9.]{1,20}", fullmatch=True)),
        full_name=draw(st.sampled_from(["Nguyễn Văn An", "Đỗ Thị Hà", "Lê Ánh"])),
        birth_date=birth,
        sex=draw(st.sampled_from(rules.SEXES)),
        admitted_on=admitted,
        official_on=official,
        status=rules.default_status(official),
    )


@given(valid_records())
def test_a_valid_record_has_no_problem(record: MemberRecord) -> None:
    assert check_record(values_of(record), today=TODAY) == []


@given(valid_records(), st.integers(1, 365 * 18 - 1))
def test_admission_before_18_is_refused_on_the_admission_date(
    record: MemberRecord, days_short: int
) -> None:
    admitted = _years_after(record.birth_date, 18) - timedelta(days=days_short)
    if admitted < rules.PARTY_FOUNDED:
        return
    values = values_of(record) | {"admitted_on": admitted, "official_on": None}
    values["status"] = rules.PROBATIONARY
    codes = [(p.field, p.code) for p in check_record(values, today=TODAY)]
    assert codes == [("admitted_on", "too_young")]


def test_an_unreadable_field_is_skipped_not_guessed() -> None:
    """The importer leaves out a cell it could not read: no rule compares it."""
    values = {"birth_date": date(1990, 1, 1), "official_on": None, "status": "official"}
    codes = [p.code for p in check_record(values, today=TODAY)]
    assert codes == ["official_date_required"]  # no admission date: no age rule


def test_every_transition_is_between_known_statuses() -> None:
    for old, targets in rules.STATUS_TRANSITIONS.items():
        assert old not in targets
        for new in targets:
            assert rules.check_status(old, new) == []
    assert rules.check_status(rules.OFFICIAL, rules.PROBATIONARY)[0].code == "bad_transition"
    assert rules.membership_change(rules.OFFICIAL, rules.TRANSFERRED) == "close"
    assert rules.membership_change(rules.TRANSFERRED, rules.OFFICIAL) == "open"
    assert rules.membership_change(rules.OFFICIAL, rules.SUSPENDED) is None
