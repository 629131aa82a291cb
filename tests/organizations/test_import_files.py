"""Unusable files: each gets a specific file-level error, and nothing is written."""

from __future__ import annotations

import io
import zipfile

import pytest

from phieukin.organizations.importing import ImportFileError, run_import
from phieukin.organizations.importing.decode import decode_text

from .fixtures.importing import (
    MEMBER_HEADER,
    MEMBERS,
    csv_bytes,
    members_csv,
    orgs_csv,
    snapshot,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


def _file_error(data: bytes, **kwargs: object) -> ImportFileError:
    before = snapshot()
    with pytest.raises(ImportFileError) as caught:
        run_import([("upload", data)], **kwargs)  # type: ignore[arg-type]
    assert snapshot() == before
    assert caught.value.english and str(caught.value)
    return caught.value


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("data", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf", b",,,\r\n,,\r\n"])
def test_it_refuses_an_empty_file(data: bytes) -> None:
    assert _file_error(data).code == "empty"


def test_it_refuses_binary_garbage_by_content_whatever_the_name() -> None:
    error = _file_error(b"%PDF-1.7\n\x00\x01\x02binary\xff\xfe stuff")
    assert error.code in {"binary", "not_utf8", "legacy_encoding"}
    assert _file_error(bytes(range(256)) * 4).code in {"binary", "not_utf8", "legacy_encoding"}
    assert _file_error(b"abc,def\n\x00\x00\x00\n").code == "binary"


def test_it_refuses_an_old_xls_file_with_instructions() -> None:
    error = _file_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert error.code == "xls" and ".xlsx" in error.english


def test_it_refuses_an_ods_and_a_zip_that_is_not_a_workbook() -> None:
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "a.xml": b"<a/>"})
    assert _file_error(ods).code == "ods"
    assert _file_error(_zip({"readme.txt": b"hello"})).code == "not_spreadsheet"


def test_it_refuses_a_damaged_xlsx() -> None:
    good = xlsx_bytes({"Đảng viên": [MEMBER_HEADER.split(",")]})
    assert _file_error(good[: len(good) // 2]).code == "malformed_xlsx"
    fake = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"not xml"})
    assert _file_error(fake).code == "malformed_xlsx"


def test_it_refuses_a_file_over_the_size_limit() -> None:
    error = _file_error(members_csv(), max_bytes=100)
    assert error.code == "too_large" and error.params["limit"] == 100


def test_it_refuses_malformed_csv_with_the_line() -> None:
    data = csv_bytes(MEMBER_HEADER, [MEMBERS[0], '01000002,"Trần "Thị" Bình,x'])
    error = _file_error(data)
    assert error.code == "malformed_csv" and error.params["line"] == 3


def test_it_refuses_a_legacy_vietnamese_encoding_with_instructions() -> None:
    # "Nguyễn Văn An" in TCVN3 (ABC): bytes that decode to symbols in Windows-1258.
    tcvn3 = b"so the dang vien,ho va ten\r\n01000001,Nguy\xd6n V\xa8n An\r\n"
    error = _file_error(tcvn3)
    assert error.code == "legacy_encoding" and "UTF-8" in error.english


def test_it_refuses_invalid_utf8_after_a_bom() -> None:
    error = _file_error(b"\xef\xbb\xbf" + MEMBER_HEADER.encode() + b"\r\n\xff\xfe\xfa")
    assert error.code == "bad_encoding" and error.params["line"] == 2


def test_it_names_the_missing_columns() -> None:
    data = csv_bytes("Số thẻ đảng viên,Họ và tên", ["01000001,Nguyễn Văn An"])
    error = _file_error(data)
    assert error.code == "missing_columns"
    assert "Ngày sinh" in error.params["columns"] and "Mã chi bộ" in error.params["columns"]


def test_it_refuses_a_table_it_cannot_recognize() -> None:
    assert _file_error(csv_bytes("a,b,c", ["1,2,3"])).code == "unknown_table"


def test_it_refuses_two_columns_for_one_field() -> None:
    header = MEMBER_HEADER + ",card_number"
    assert _file_error(csv_bytes(header, [MEMBERS[0] + ",x"])).code == "duplicate_column"


def test_it_obeys_a_forced_kind() -> None:
    assert _file_error(orgs_csv(), kind="members").code == "missing_columns"


def test_it_accepts_windows_1258_only_when_it_reads_as_vietnamese() -> None:
    assert decode_text("Đảng viên".encode()) == "Đảng viên"
    assert decode_text(b"\xd0a\xecng") == "Đáng"  # Đ a + combining acute -> NFC


def test_it_refuses_vni_text_with_instructions() -> None:
    # "Nguyễn Thị Hường" typed with a VNI-Windows font: "Nguyeãn Thò Höôøng".
    vni = b"so the dang vien,ho va ten\r\n01000001,Nguye\xe3n Th\xf2 H\xf6\xf4\xf8ng\r\n"
    error = _file_error(vni)
    assert error.code == "legacy_encoding" and "VNI" in error.english
