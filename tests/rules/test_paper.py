"""Paper ballots: reconciliation, option totals, double entry and reading one sheet
(rules/paper.py, docs/paper.md)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phieukin.rules.errors import RuleError
from phieukin.rules.paper import (
    Cell,
    PaperCount,
    QuestionShape,
    SheetMarks,
    Sheets,
    check_issuance,
    combined,
    compare_entries,
    count_problems,
    count_sheets,
    parse_count,
    read_sheet,
    reconciliation_problems,
)

RATING = QuestionShape(5)


@st.composite
def honest_counts(draw: st.DrawFn, questions: int = 2, options: int = 5) -> PaperCount:
    """A count that reconciles: every numbered sheet accounted for, totals ≤ valid."""
    valid = draw(st.integers(0, 40))
    invalid = draw(st.integers(0, 5))
    spoiled = draw(st.integers(0, 5))
    unused = draw(st.integers(0, 10))
    returned = valid + invalid
    rows = []
    for _ in range(questions):
        left = valid
        row = []
        for _ in range(options):
            n = draw(st.integers(0, left))
            row.append(n)
            left -= n
        rows.append(tuple(row))
    sheets = Sheets(returned + spoiled + unused, returned, spoiled, unused, valid, invalid)
    return PaperCount(sheets, tuple(rows))


@given(honest_counts())
def test_it_accepts_every_reconciled_count(count: PaperCount) -> None:
    assert count_problems(count) == []


@given(honest_counts(), st.integers(1, 3))
def test_it_blocks_a_missing_sheet(count: PaperCount, missing: int) -> None:
    s = count.sheets
    short = Sheets(s.issued + missing, s.returned, s.spoiled, s.unused, s.valid, s.invalid)
    problems = reconciliation_problems(short)
    assert [p.code for p in problems] == ["paper_unreconciled"]
    assert str(missing) in problems[0].message_vi


@given(honest_counts(), st.integers(1, 3))
def test_it_blocks_returned_not_split_into_valid_and_invalid(count: PaperCount, k: int) -> None:
    s = count.sheets
    bad = Sheets(s.issued, s.returned, s.spoiled, s.unused, s.valid, s.invalid + k)
    assert [p.code for p in reconciliation_problems(bad)] == ["paper_unreconciled"]


@given(honest_counts(), st.integers(0, 1), st.integers(0, 4))
def test_it_blocks_option_totals_above_valid(count: PaperCount, q: int, o: int) -> None:
    rows = [list(r) for r in count.counts]
    rows[q][o] += count.sheets.valid - sum(rows[q]) + 1
    bad = PaperCount(count.sheets, tuple(tuple(r) for r in rows))
    assert [p.code for p in count_problems(bad)] == ["paper_option_exceeds_valid"]


@given(honest_counts(), st.integers(0, 1), st.integers(0, 4), st.integers(1, 9))
def test_it_names_the_one_cell_two_entries_differ_in(
    count: PaperCount, q: int, o: int, delta: int
) -> None:
    rows = [list(r) for r in count.counts]
    rows[q][o] += delta
    other = PaperCount(count.sheets, tuple(tuple(r) for r in rows))
    assert compare_entries(count, count, first_by=1, second_by=2).agreed
    verdict = compare_entries(count, other, first_by=1, second_by=2)
    assert not verdict.agreed
    assert verdict.cells == (Cell(q, o),)


def test_it_names_a_differing_sheet_figure_first() -> None:
    a = PaperCount(Sheets(10, 8, 1, 1, 7, 1), ((3, 2, 1, 0, 1),))
    b = PaperCount(Sheets(10, 8, 1, 1, 8, 0), ((3, 2, 1, 1, 1),))
    cells = compare_entries(a, b, first_by="kp1", second_by="kp2").cells
    assert cells == (Cell(None, None, "valid"), Cell(None, None, "invalid"), Cell(0, 3))
    assert cells[0].label_vi() == "Số phiếu hợp lệ"
    assert cells[2].label_vi(["Đ/c A"], [["XS", "Tốt", "HT", "KHT", "Trắng"]]) == "Đ/c A: KHT"


def test_it_refuses_two_entries_by_one_member() -> None:
    a = PaperCount(Sheets(1, 1, 0, 0, 1, 0), ((1, 0, 0, 0, 0),))
    with pytest.raises(RuleError) as caught:
        compare_entries(a, a, first_by=3, second_by=3)
    assert caught.value.code == "paper_same_member"


def test_it_parses_a_count_and_refuses_malformed_ones() -> None:
    good = {
        "sheets": {"issued": 5, "returned": 4, "spoiled": 0, "unused": 1, "valid": 4, "invalid": 0},
        "counts": [[1, 2, 1, 0, 0]],
    }
    assert parse_count(good, [5]).sheets.handed_out == 4
    for bad in (
        {**good, "counts": [[1, 2, 1, 0]]},
        {**good, "counts": [[1, 2, 1, 0, -1]]},
        {**good, "counts": []},
        {**good, "sheets": {**good["sheets"], "valid": "4"}},  # type: ignore[dict-item]
        {"counts": good["counts"]},
    ):
        with pytest.raises(RuleError):
            parse_count(bad, [5])


def test_it_reads_a_sheet_by_the_party_validity_rules() -> None:
    one = (True, False, False, False, False)
    two = (True, True, False, False, False)
    none = (False,) * 5
    assert read_sheet(SheetMarks(False, (one,)), [RATING]).reason == "not_issued_by_board"
    assert not read_sheet(SheetMarks(True, (one,), written_on=True), [RATING]).valid
    reading = read_sheet(SheetMarks(True, (one, two, none)), [RATING] * 3)
    assert reading.valid and reading.chosen == ((0,), None, None)


@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=2, max_size=2),
        ),
        max_size=30,
    ),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_a_count_of_read_sheets_always_reconciles(
    sheets: list[tuple[bool, list[list[bool]]]], spoiled: int, unused: int
) -> None:
    questions = [RATING, RATING]
    readings = [
        read_sheet(SheetMarks(ok, tuple(tuple(r) for r in rows)), questions) for ok, rows in sheets
    ]
    count = count_sheets(
        readings, questions, issued=len(sheets) + spoiled + unused, spoiled=spoiled, unused=unused
    )
    assert count_problems(count) == []
    assert count.sheets.valid == sum(ok for ok, _ in sheets)


@given(honest_counts(questions=1), st.integers(0, 40))
def test_one_card_or_one_sheet_per_member_present(count: PaperCount, cards: int) -> None:
    present = cards + count.sheets.handed_out
    assert check_issuance(present=present, cards=cards, sheets=count.sheets) is None
    over = check_issuance(present=present - 1, cards=cards, sheets=count.sheets)
    assert over is not None and over.code == "paper_issuance_exceeds_present"


@given(
    honest_counts(questions=2),
    st.lists(st.lists(st.integers(0, 50), min_size=5, max_size=5), min_size=2, max_size=2),
)
def test_the_total_is_electronic_plus_paper(count: PaperCount, electronic: list[list[int]]) -> None:
    total = combined(electronic, count)
    for q in range(2):
        assert sum(total[q]) == sum(electronic[q]) + sum(count.counts[q])
        assert all(total[q][o] == electronic[q][o] + count.counts[q][o] for o in range(5))
