"""The downloadable template files: the header row the importer expects and one example row.

Built on the fly from ``columns.FIELDS``, so a template can never disagree with the importer.
The CSV carries a UTF-8 BOM because Excel on Windows reads a BOM-less CSV as Windows-1258 and
would show the Vietnamese headers as mojibake.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from phieukin.organizations.importing.columns import FIELDS, MEMBERS, ORGANIZATIONS

EXAMPLES: dict[str, list[dict[str, str | date]]] = {
    ORGANIZATIONS: [
        {"code": "HN", "name": "Đảng bộ thành phố Hà Nội", "kind": "Đảng bộ thành phố"},
        {
            "code": "HN-BD",
            "name": "Đảng bộ quận Ba Đình",
            "kind": "Đảng bộ trực thuộc",
            "parent_code": "HN",
            "is_active": "Có",
        },
        {
            "code": "HN-BD-PX",
            "name": "Đảng bộ phường Phúc Xá",
            "kind": "Đảng bộ cơ sở",
            "parent_code": "HN-BD",
            "is_active": "Có",
        },
        {
            "code": "HN-BD-PX-01",
            "name": "Chi bộ khu dân cư số 1",
            "kind": "Chi bộ",
            "parent_code": "HN-BD-PX",
            "is_active": "Có",
        },
    ],
    MEMBERS: [
        {
            "card_number": "01234567",
            "full_name": "Nguyễn Văn An",
            "birth_date": date(1975, 9, 2),
            "sex": "Nam",
            "admitted_on": date(2000, 5, 19),
            "official_on": date(2001, 5, 19),
            "status": "Chính thức",
            "position": "Bí thư chi bộ",
            "org_code": "HN-BD-PX-01",
        },
    ],
}
FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILENAMES = {ORGANIZATIONS: "mau-to-chuc", MEMBERS: "mau-dang-vien"}


def _rows(kind: str) -> tuple[list[str], list[list[str | date]]]:
    fields = FIELDS[kind]
    header = [f.header for f in fields]
    rows = [[example.get(f.name, "") for f in fields] for example in EXAMPLES[kind]]
    return header, rows


def template_csv(kind: str) -> bytes:
    header, rows = _rows(kind)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(kind: str) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    header, rows = _rows(kind)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tổ chức" if kind == ORGANIZATIONS else "Đảng viên"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = max(12, width + 2)
        for cell in column[1:]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_file(kind: str, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the template for ``kind`` in ``fmt``."""
    data = template_csv(kind) if fmt == "csv" else template_xlsx(kind)
    return data, CONTENT_TYPES[fmt], f"{FILENAMES[kind]}.{fmt}"
