"""Documents and citations: every rule value carries where it comes from.

The workflow must be able to say "refused by rule X (Quy định 366-QĐ/TW, Điều 11, khoản 1)",
so a value is never a bare number: it travels with a :class:`Source`. Where the sources
(``docs/sources.md``) mark a fact UNCERTAIN, the source says so (``uncertain=True``)
and ``docs/rules.md`` lists the default chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Document:
    """A Party document (regulation, guidance, charter) or our own design default."""

    code: str  # "366-QĐ/TW"
    name_vi: str  # "Quy định 366-QĐ/TW"
    title_vi: str
    issued_on: date | None = None
    url: str = ""


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: document + article/clause, and whether it is verified."""

    document: Document
    article: str = ""  # "Điều 11, khoản 1"
    note: str = ""  # English remark: what exactly, or why uncertain
    uncertain: bool = False

    def cite(self) -> str:
        """The Vietnamese citation shown to users: "Quy định 366-QĐ/TW, Điều 11, khoản 1"."""
        text = self.document.name_vi
        if self.article:
            text = f"{text}, {self.article}"
        if self.uncertain:
            text = f"{text} (chưa xác minh được văn bản gốc)"
        return text


@dataclass(frozen=True)
class Sourced(Generic[T]):
    """A rule value with its source."""

    value: T
    source: Source


QD124 = Document(
    "124-QĐ/TW",
    "Quy định 124-QĐ/TW",
    "Quy định về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân"
    " trong hệ thống chính trị",
    date(2023, 10, 4),
    "https://lawnet.vn/giao-duc/en/guidelines-for-evaluation-and-classification-of-communist-"
    "party-members-according-to-regulation-124--15768.html",
)
HD25 = Document(
    "25-HD/BTCTW",
    "Hướng dẫn 25-HD/BTCTW",
    "Một số nội dung về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể,"
    " cá nhân trong hệ thống chính trị",
    date(2023, 11, 10),
    "https://hieuluat.vn/hanh-chinh/huong-dan-25-hd-btctw-ban-to-chuc-ban-chap-hanh-trung-uong-43683.html",
)
QD366 = Document(
    "366-QĐ/TW",
    "Quy định 366-QĐ/TW",
    "Quy định về việc kiểm điểm và đánh giá, xếp loại chất lượng đối với tập thể, cá nhân"
    " trong hệ thống chính trị",
    date(2025, 8, 30),
    "http://tintuc.thuvienphapluat.com/ho-tro-phap-luat/tu-van-phap-luat/100238/"
    "ty-le-dang-vien-hoan-thanh-xuat-sac-nhiem-vu-nam-2025",
)
HD43 = Document(
    "43-HD/BTCTW",
    "Hướng dẫn 43-HD/BTCTW",
    "Hướng dẫn kiểm điểm và đánh giá, xếp loại chất lượng đối với tập thể, cá nhân"
    " trong hệ thống chính trị",
    date(2025, 10, 31),
    "https://www.encovietnam.com/ban-tin-phap-luat/140-hanh-chinh/5216-da-co-huong-dan-43-hd-"
    "btctw-ve-kiem-diem-danh-gia-xep-loai-chat-luong-trong-he-thong-chinh-tri.html",
)
QC244 = Document(
    "244-QĐ/TW",
    "Quy chế bầu cử trong Đảng (Quyết định 244-QĐ/TW)",
    "Quy chế bầu cử trong Đảng",
    date(2014, 6, 9),
    "http://dangcongsan.vn/tien-toi-dai-hoi-dang-bo-cac-cap-va-dai-hoi-xiii-cua-dang/chuyen-muc-"
    "hoi-dap/cach-tinh-ket-qua-bau-cu-o-dai-hoi-cac-cap-dai-hoi-dang-vien-556421.html",
)
QC190 = Document(
    "190-QĐ/TW",
    "Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW)",
    "Quy chế bầu cử trong Đảng",
    date(2024, 10, 10),
    "https://hethongphapluat.com/quyet-dinh-190-qd-tw-nam-2024-ve-quy-che-bau-cu-trong-dang-do-"
    "ban-chap-hanh-trung-uong-ban-hanh/dieu-8",
)
HD07 = Document(
    "07-HD/BTCTW",
    "Hướng dẫn 07-HD/BTCTW (2011, đã hết hiệu lực)",
    "Hướng dẫn đánh giá chất lượng tổ chức cơ sở đảng và đảng viên (lịch sử)",
    date(2011, 10, 11),
)
CHARTER = Document("ĐLĐ", "Điều lệ Đảng", "Điều lệ Đảng Cộng sản Việt Nam")
LABOUR_CODE = Document(
    "45/2019/QH14", "Bộ luật Lao động 2019", "Bộ luật Lao động số 45/2019/QH14", date(2019, 11, 20)
)
HANOI_2024 = Document(
    "HN-9/1/2024",
    "Hội nghị lần thứ 16 BCH Đảng bộ TP Hà Nội khóa XVII (9/1/2024)",
    "Bỏ phiếu kín đánh giá, xếp loại chất lượng Đảng bộ thành phố năm 2023",
    date(2024, 1, 9),
    "https://beta.baomoi.com/ha-noi-bo-phieu-kin-danh-gia-xep-loai-chat-luong-dang-bo-thanh-pho-"
    "nam-2023-c48031920.epi",
)
DESIGN = Document(
    "phieukin",
    "Mặc định của phieukin (văn bản không quy định)",
    "Default chosen by phieukin where the sources are silent; see docs/rules.md",
)
