"""Happy paths: CSV, XLSX, both kinds in one go, idempotent re-import, updates, transfers."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from phieukin.organizations.importing import run_import
from phieukin.organizations.models import Member, Membership, MemberStatus, Organization
from tests.clock import NOW, TODAY

from .fixtures.importing import (
    MEMBER_HEADER,
    MEMBERS,
    ORG_HEADER,
    ORGS,
    csv_bytes,
    load_base,
    members_csv,
    orgs_csv,
    snapshot,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def test_it_imports_organizations_with_paths_and_depths() -> None:
    result = run_import([("orgs.csv", orgs_csv())])
    assert vars(result.organizations) == {"created": 5, "updated": 0, "unchanged": 0}
    hn, bd, px, px1 = (Organization.objects.get(code=c) for c in ("HN", "BD", "PX", "PX1"))
    assert px1.parent == px and px.parent == bd and bd.parent == hn
    assert px1.path == f"/{hn.pk}/{bd.pk}/{px.pk}/{px1.pk}/" and px1.depth == 3
    assert px1.kind == "cell" and hn.kind == "provincial" and bd.kind == "direct"
    assert set(hn.subtree().values_list("code", flat=True)) == {"HN", "BD", "PX", "PX1", "PX2"}


def test_it_imports_members_with_their_open_membership_and_search_keys() -> None:
    load_base()
    an = Member.objects.get(card_number="01000001")
    assert an.full_name == "Nguyễn Văn An" and an.birth_date == date(1975, 9, 2)
    assert an.sex == "male" and an.status == MemberStatus.OFFICIAL
    assert an.position == "Bí thư chi bộ" and an.organization.code == "PX1"
    assert an.search_name == "nguyen van an" and an.sort_key
    cuong = Member.objects.get(card_number="01000003")
    assert cuong.status == MemberStatus.PROBATIONARY and cuong.official_on is None
    membership = Membership.objects.get(member=an)
    assert membership.organization.code == "PX1" and membership.end_on is None
    assert membership.start_on == date(2000, 5, 19)


def test_it_reads_a_csv_with_a_bom_and_semicolons_and_folded_headers() -> None:
    header = "so the dang vien;ho va ten;ngay sinh;gioi tinh;ngay vao dang;ma chi bo"
    rows = ["01000009;Phạm Thu Hà;01/01/1985;nu;01/06/2010;PX2"]
    run_import([("orgs.csv", orgs_csv())])
    data = b"\xef\xbb\xbf" + csv_bytes(header, rows)
    result = run_import([("m.csv", data)])
    assert result.members.created == 1
    assert Member.objects.get(card_number="01000009").full_name == "Phạm Thu Hà"


def test_it_reads_english_column_names() -> None:
    header = "card_number,full_name,birth_date,sex,admitted_on,official_on,status,cell_code"
    rows = ["01000010,Đỗ Minh Quân,1970-12-31,male,1995-01-01,1996-01-01,official,PX1"]
    run_import([("orgs.csv", orgs_csv())])
    assert run_import([("m.csv", csv_bytes(header, rows))]).members.created == 1


def test_it_reads_windows_1258_csv() -> None:
    run_import([("orgs.csv", orgs_csv())])
    data = csv_bytes(MEMBER_HEADER, MEMBERS, encoding="cp1258")
    assert run_import([("m.csv", data)]).members.created == 3
    names = set(Member.objects.values_list("full_name", flat=True))
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường"}


def test_it_reads_utf16_text_as_excel_saves_unicode_text() -> None:
    run_import([("orgs.csv", orgs_csv())])
    text = "\r\n".join([MEMBER_HEADER, *MEMBERS]).replace(",", "\t")
    assert run_import([("m.txt", text.encode("utf-16"))]).members.created == 3


def test_it_imports_a_workbook_with_an_organizations_and_a_members_sheet() -> None:
    orgs = [ORG_HEADER.split(","), *(r.split(",") for r in ORGS)]
    members = [
        MEMBER_HEADER.split(","),
        [
            "1000001",
            "Vũ Thị Lan",
            date(1988, 4, 30),
            "Nữ",
            date(2012, 2, 3),
            date(2013, 2, 3),
            "Chính thức",
            None,
            "PX2",
        ],
        [1000002, "Bùi Đức Long", "12/12/1979", "Nam", 40000, None, None, None, "PX1"],
    ]
    data = xlsx_bytes({"Tổ chức": orgs, "Đảng viên": members})
    result = run_import([("data.xlsx", data)])
    assert result.organizations.created == 5 and result.members.created == 2
    lan = Member.objects.get(card_number="1000001")
    assert lan.birth_date == date(1988, 4, 30) and lan.organization.code == "PX2"
    long_ = Member.objects.get(card_number="1000002")
    assert long_.admitted_on == date(2009, 7, 6)  # Excel serial 40000
    assert long_.status == MemberStatus.PROBATIONARY


def test_it_changes_nothing_on_a_second_identical_import() -> None:
    load_base()
    before = snapshot()
    result = run_import([("orgs.csv", orgs_csv()), ("members.csv", members_csv())])
    assert vars(result.organizations) == {"created": 0, "updated": 0, "unchanged": 5}
    assert vars(result.members) == {"created": 0, "updated": 0, "unchanged": 3}
    assert not result.changed and result.transfers == 0
    assert snapshot() == before


def test_it_updates_a_member_by_card_number() -> None:
    load_base()
    rows = [MEMBERS[0].replace("Nguyễn Văn An", "Nguyễn Văn Ân").replace("Bí thư", "Phó Bí thư")]
    result = run_import([("m.csv", members_csv(rows))])
    assert vars(result.members) == {"created": 0, "updated": 1, "unchanged": 0}
    an = Member.objects.get(card_number="01000001")
    assert an.full_name == "Nguyễn Văn Ân" and an.position == "Phó Bí thư chi bộ"
    assert an.search_name == "nguyen van an"
    assert Member.objects.count() == 3


@time_machine.travel(NOW, tick=False)
def test_it_transfers_a_member_between_cells_and_keeps_the_history() -> None:
    load_base()
    rows = [MEMBERS[0].replace(",PX1", ",PX2")]
    result = run_import([("m.csv", members_csv(rows))])
    assert result.transfers == 1 and result.members.updated == 1
    an = Member.objects.get(card_number="01000001")
    assert an.organization.code == "PX2"
    history = list(an.memberships.order_by("start_on").values_list("organization__code", "end_on"))
    assert history == [("PX1", TODAY), ("PX2", None)]  # the import dates a transfer today
    again = run_import([("m.csv", members_csv(rows))])
    assert not again.changed and an.memberships.count() == 2


def test_it_updates_and_moves_organizations_by_code() -> None:
    run_import([("orgs.csv", orgs_csv())])
    rows = [*ORGS, "PY,Đảng bộ phường Phúc Yên,Đảng bộ cơ sở,BD"]
    rows[4] = "PX2,Chi bộ khu dân cư số 2 (mới),Chi bộ,PY"
    result = run_import([("orgs.csv", orgs_csv(rows))])
    assert vars(result.organizations) == {"created": 1, "updated": 1, "unchanged": 4}
    px2, py = Organization.objects.get(code="PX2"), Organization.objects.get(code="PY")
    assert px2.parent == py and px2.name.endswith("(mới)")
    assert px2.path == f"{py.path}{px2.pk}/" and px2.depth == 3


def test_it_validates_without_writing_on_a_dry_run() -> None:
    before = snapshot()
    result = run_import([("orgs.csv", orgs_csv())], dry_run=True)
    assert result.organizations.created == 5 and result.dry_run
    assert snapshot() == before


def test_it_skips_title_rows_above_the_header() -> None:
    run_import([("o.csv", orgs_csv())])
    title = [["DANH SÁCH ĐẢNG VIÊN"], ["Chi bộ khu dân cư số 1", None, "Ngày 09/01/2024"], []]
    header = ["STT", *MEMBER_HEADER.split(",")]
    rows = [[i + 1, *line.split(",")] for i, line in enumerate(MEMBERS)]
    result = run_import([("ds.xlsx", xlsx_bytes({"Danh sách": [*title, header, *rows]}))])
    assert result.members.created == 3 and result.ignored_columns == ["STT"]
