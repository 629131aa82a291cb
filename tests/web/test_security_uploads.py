from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from phieukin.lib.uploads import MB, UploadRejectedError, validate_upload


def xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Số thẻ"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_it_accepts_real_files_by_content():
    assert (
        validate_upload(upload("a.csv", "Họ tên,Số thẻ\n".encode()), kinds={"csv"}, max_bytes=MB)
        == "csv"
    )
    assert (
        validate_upload(upload("a.xlsx", xlsx_bytes()), kinds={"csv", "xlsx"}, max_bytes=MB)
        == "xlsx"
    )
    assert validate_upload(upload("a.pdf", b"%PDF-1.7\n..."), kinds={"pdf"}, max_bytes=MB) == "pdf"
    utf16 = "Họ tên\tSố thẻ\n".encode("utf-16")
    assert validate_upload(upload("a.txt", utf16), kinds={"csv"}, max_bytes=MB) == "csv"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("members.xlsx", b"<html><script>alert(1)</script></html>"),  # renamed HTML
        ("members.csv", b"\x7fELF\x02\x01\x01\x00\x00\x00binary"),  # an executable
        ("members.xlsx", b"PK\x03\x04 not really a zip"),
        ("members.pdf", b"%PDF-1.4"),  # right content, wrong kind asked for
        ("report.docx", b""),  # empty
    ],
)
def test_it_refuses_files_whose_content_is_not_accepted(name, content):
    with pytest.raises(UploadRejectedError):
        validate_upload(upload(name, content), kinds={"csv", "xlsx"}, max_bytes=MB)


def test_it_refuses_a_docx_posing_as_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UploadRejectedError):
        validate_upload(upload("x.xlsx", out.getvalue()), kinds={"xlsx"}, max_bytes=MB)


def test_it_refuses_a_zip_bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/sheet.xml", b"0" * (50 * MB))
    with translation.override("vi"), pytest.raises(UploadRejectedError, match="kích thước"):
        validate_upload(upload("bomb.xlsx", out.getvalue()), kinds={"xlsx"}, max_bytes=MB)


def test_it_refuses_oversized_files_with_a_clear_message():
    with translation.override("vi"):
        with pytest.raises(UploadRejectedError) as info:
            validate_upload(upload("a.csv", b"a" * (2 * MB)), kinds={"csv"}, max_bytes=MB)
        # The message is translated when read: read it in the language it is checked in.
        assert "quá lớn" in str(info.value)
    assert "too large" in info.value.english


def test_it_rewinds_the_file():
    f = upload("a.csv", b"x,y\n")
    validate_upload(f, kinds={"csv"}, max_bytes=MB)
    assert f.read() == b"x,y\n"
