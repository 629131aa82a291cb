"""Every bad-row class gives a specific per-row error and writes nothing."""

from __future__ import annotations

import pytest

from phieukin.organizations.importing import ImportInvalid, run_import
from phieukin.organizations.importing.errors import RowError

from .fixtures.importing import MEMBERS, ORGS, load_base, members_csv, orgs_csv, snapshot

pytestmark = pytest.mark.django_db


def _errors(files: list[tuple[str, bytes]]) -> list[RowError]:
    before = snapshot()
    with pytest.raises(ImportInvalid) as caught:
        run_import(files)
    assert snapshot() == before, "a failed import must write nothing"
    assert caught.value.total == len(caught.value.errors)
    return caught.value.errors


def _codes(errors: list[RowError]) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.code) for e in errors]


def test_it_reports_duplicate_card_numbers_with_both_lines() -> None:
    load_base()
    rows = [*MEMBERS, MEMBERS[1].replace("Trần Thị Bình", "Trần Thị Bích")]
    errors = _errors([("m.csv", members_csv(rows))])
    assert _codes(errors) == [(5, "Số thẻ đảng viên", "duplicate_card")]
    assert errors[0].params == {"card": "01000002", "line": 3}
    assert errors[0].english() == "The card number 01000002 already appears on line 3."


def test_it_reports_an_unknown_parent_code() -> None:
    rows = [*ORGS, "X1,Chi bộ lạc,Chi bộ,KHONGCO"]
    errors = _errors([("o.csv", orgs_csv(rows))])
    assert _codes(errors) == [(7, "Mã tổ chức cấp trên", "unknown_parent")]
    assert "KHONGCO" in errors[0].english()


def test_it_reports_a_cycle_inside_the_file() -> None:
    rows = [*ORGS, "A,Đảng bộ A,Đảng bộ cơ sở,B", "B,Đảng bộ B,Đảng bộ cơ sở,A"]
    errors = _errors([("o.csv", orgs_csv(rows))])
    assert {(e.line, e.code) for e in errors} == {(7, "cycle"), (8, "cycle")}
    assert "A → B → A" in errors[0].english()


def test_it_reports_a_cycle_formed_with_rows_already_in_the_database() -> None:
    run_import([("o.csv", orgs_csv())])
    # BD exists under HN; making HN a child of PX (below BD) would close a loop.
    errors = _errors([("o.csv", orgs_csv(["HN,Đảng bộ thành phố Hà Nội,Đảng bộ thành phố,PX"]))])
    assert [e.code for e in errors] == ["cycle"]
    assert errors[0].params["cycle"] == "HN → PX → BD → HN"


def test_it_reports_an_organization_that_is_its_own_parent() -> None:
    errors = _errors([("o.csv", orgs_csv([*ORGS, "Z,Chi bộ Z,Chi bộ,Z"]))])
    assert _codes(errors) == [(7, "Mã tổ chức cấp trên", "cycle")]


def test_it_reports_a_kind_not_allowed_under_its_parent() -> None:
    errors = _errors([("o.csv", orgs_csv([*ORGS, "Q,Đảng bộ Q,Đảng bộ cơ sở,PX1"]))])
    assert _codes(errors) == [(7, "Loại tổ chức", "wrong_kind")]
    assert errors[0].english() == (
        "A Grassroots Party organization cannot be placed under PX1 (a Party cell)."
    )


def test_it_refuses_to_turn_a_cell_with_members_into_a_committee() -> None:
    load_base()
    errors = _errors([("o.csv", orgs_csv(["PX1,Chi bộ 1,Đảng bộ bộ phận,PX"]))])
    assert [e.code for e in errors] == ["has_members"]


def test_it_reports_duplicate_codes_and_a_root_that_needs_a_parent() -> None:
    rows = [*ORGS, "PX1,Chi bộ trùng,Chi bộ,PX", "LONE,Chi bộ mồ côi,Chi bộ,"]
    assert [e.code for e in _errors([("o.csv", orgs_csv(rows))])] == [
        "duplicate_code",
        "parent_required",
    ]


def test_it_reports_a_member_in_a_non_cell_and_an_unknown_cell() -> None:
    load_base()
    rows = [MEMBERS[0].replace(",PX1", ",PX"), MEMBERS[1].replace(",PX1", ",NOWHERE")]
    errors = _errors([("m.csv", members_csv(rows))])
    assert _codes(errors) == [(2, "Mã chi bộ", "not_a_cell"), (3, "Mã chi bộ", "unknown_cell")]
    assert errors[0].english() == (
        "PX is a Grassroots Party organization; members belong to a Party cell."
    )


@pytest.mark.parametrize(
    ("change", "column", "code"),
    [
        (("02/09/1975", "02/09/2999"), "Ngày sinh", "future_date"),
        (("19/05/2000", "19/05/2999"), "Ngày vào Đảng", "future_date"),
        (("02/09/1975", "31/02/1975"), "Ngày sinh", "bad_date"),
        (("02/09/1975", "1975/09/02"), "Ngày sinh", "bad_date"),
        (("02/09/1975", "02/09/75"), "Ngày sinh", "bad_date"),
        (("02/09/1975", "02/09/1890"), "Ngày sinh", "implausible_birth"),
        (("19/05/2000", "19/05/1920"), "Ngày vào Đảng", "before_founding"),
        (("02/09/1975", "02/09/1985"), "Ngày vào Đảng", "too_young"),
        (("19/05/2001", "19/05/1999"), "Ngày chính thức", "official_before_admitted"),
        (("Chính thức", "Dự bị"), "Ngày chính thức", "probationary_with_official"),
        (("Chính thức", "Nghỉ hưu"), "Trạng thái", "bad_status"),
        ((",Nam,", ",Khác,"), "Giới tính", "bad_sex"),
        (("Nguyễn Văn An", ""), "Họ và tên", "required"),
        (("Nguyễn Văn An", "12345"), "Họ và tên", "bad_name"),
        (("01000001", "010 001"), "Số thẻ đảng viên", "bad_code"),
        (("01000001", "0" * 21), "Số thẻ đảng viên", "too_long"),
    ],
)
def test_it_reports_a_bad_member_cell(change: tuple[str, str], column: str, code: str) -> None:
    run_import([("o.csv", orgs_csv())])
    row = MEMBERS[0].replace(*change, 1)
    errors = _errors([("m.csv", members_csv([row, MEMBERS[1]]))])
    assert _codes(errors) == [(2, column, code)]
    assert errors[0].english() and errors[0].text()


def test_it_reports_every_bad_row_not_only_the_first() -> None:
    run_import([("o.csv", orgs_csv())])
    rows = [MEMBERS[0].replace("02/09/1975", "x"), MEMBERS[1], MEMBERS[2].replace(",PX2", ",Q")]
    assert [e.line for e in _errors([("m.csv", members_csv(rows))])] == [2, 4]


def test_it_reports_a_row_with_more_cells_than_the_header() -> None:
    run_import([("o.csv", orgs_csv())])
    errors = _errors([("m.csv", members_csv([MEMBERS[0] + ",extra"]))])
    assert [e.code for e in errors] == ["extra_cells"]


def test_it_writes_nothing_when_one_file_of_two_is_bad() -> None:
    bad_members = members_csv([MEMBERS[0].replace(",PX1", ",NOWHERE")])
    errors = _errors([("o.csv", orgs_csv()), ("m.csv", bad_members)])
    assert errors[0].sheet == "m.csv" and errors[0].code == "unknown_cell"
