"""The four rating levels, per-criterion ratings (124) and the kinds of subjects rated.

Levels are an ``IntEnum`` so that "higher" is ``>``: KHTNV < HTNV < HTTNV < HTXSNV
(QĐ 124 Điều 12; QĐ 366 Điều 11). Subject kinds follow QĐ 124 Điều 5 / QĐ 366 Điều 5 and the
per-type criteria frameworks of QĐ 366 (Phụ lục 2–5) and HD 43 forms (Mẫu 01, 2A/2B/2C).
"""

from __future__ import annotations

from enum import Enum, IntEnum, StrEnum


class Level(IntEnum):
    """Mức xếp loại chất lượng, ordered from lowest to highest."""

    KHTNV = 1
    HTNV = 2
    HTTNV = 3
    HTXSNV = 4

    @property
    def abbr(self) -> str:
        return self.name

    @property
    def label_vi(self) -> str:
        return _LEVEL_VI[self]

    @property
    def label_en(self) -> str:
        return _LEVEL_EN[self]

    @classmethod
    def from_abbr(cls, abbr: str) -> Level:
        """Parse "HTXSNV" (any case); raises ValueError with the allowed values."""
        try:
            return cls[abbr.strip().upper()]
        except KeyError:
            allowed = ", ".join(level.name for level in cls)
            raise ValueError(f"unknown level {abbr!r}; expected one of {allowed}") from None


_LEVEL_VI = {
    Level.HTXSNV: "Hoàn thành xuất sắc nhiệm vụ",
    Level.HTTNV: "Hoàn thành tốt nhiệm vụ",
    Level.HTNV: "Hoàn thành nhiệm vụ",
    Level.KHTNV: "Không hoàn thành nhiệm vụ",
}
_LEVEL_EN = {
    Level.HTXSNV: "Excellently completed tasks",
    Level.HTTNV: "Well completed tasks",
    Level.HTNV: "Completed tasks",
    Level.KHTNV: "Did not complete tasks",
}


class CriterionRating(IntEnum):
    """Per-criterion rating of QĐ 124 (no points before QĐ 366)."""

    KEM = 1
    TRUNG_BINH = 2
    TOT = 3
    XUAT_SAC = 4

    @property
    def label_vi(self) -> str:
        return {1: "Kém", 2: "Trung bình", 3: "Tốt", 4: "Xuất sắc"}[self.value]


class SubjectClass(Enum):
    """The three families the regulations write separate criteria and triggers for."""

    COLLECTIVE = "collective"
    LEADER = "leader"
    NON_LEADER = "non_leader"


class SubjectKind(StrEnum):
    """Who is rated (đối tượng kiểm điểm, đánh giá, xếp loại)."""

    PARTY_ORGANIZATION = "party_organization"  # tổ chức đảng (đảng bộ, chi bộ)
    PARTY_COMMITTEE = "party_committee"  # cấp ủy (ban chấp hành, đảng ủy, chi ủy)
    STANDING_COMMITTEE = "standing_committee"  # ban thường vụ
    LEADERSHIP_COLLECTIVE = "leadership_collective"  # tập thể lãnh đạo, quản lý cơ quan, đơn vị
    LEADER_CENTRAL = "leader_central"  # cán bộ diện BCH TW, Bộ Chính trị, Ban Bí thư quản lý
    LEADER = "leader"  # cán bộ lãnh đạo, quản lý
    MEMBER = "member"  # đảng viên không giữ chức vụ lãnh đạo, quản lý
    MEMBER_OUTSIDE_SYSTEM = "member_outside_system"  # đảng viên không làm việc trong HTCT

    @property
    def subject_class(self) -> SubjectClass:
        if self in _COLLECTIVES:
            return SubjectClass.COLLECTIVE
        if self in (SubjectKind.LEADER, SubjectKind.LEADER_CENTRAL):
            return SubjectClass.LEADER
        return SubjectClass.NON_LEADER

    @property
    def is_collective(self) -> bool:
        return self in _COLLECTIVES

    @property
    def label_vi(self) -> str:
        return _KIND_VI[self]

    @property
    def form(self) -> str:
        """The self-review form of HD 43 (Mẫu 01 collective, 2A/2B/2C individual)."""
        if self.is_collective:
            return "01"
        if self.subject_class is SubjectClass.LEADER:
            return "2A"
        return "2C" if self is SubjectKind.MEMBER_OUTSIDE_SYSTEM else "2B"


_COLLECTIVES = frozenset(
    {
        SubjectKind.PARTY_ORGANIZATION,
        SubjectKind.PARTY_COMMITTEE,
        SubjectKind.STANDING_COMMITTEE,
        SubjectKind.LEADERSHIP_COLLECTIVE,
    }
)
_KIND_VI = {
    SubjectKind.PARTY_ORGANIZATION: "Tổ chức đảng",
    SubjectKind.PARTY_COMMITTEE: "Cấp ủy",
    SubjectKind.STANDING_COMMITTEE: "Ban Thường vụ",
    SubjectKind.LEADERSHIP_COLLECTIVE: "Tập thể lãnh đạo, quản lý cơ quan, đơn vị",
    SubjectKind.LEADER_CENTRAL: "Cán bộ diện Trung ương quản lý",
    SubjectKind.LEADER: "Cán bộ lãnh đạo, quản lý",
    SubjectKind.MEMBER: "Đảng viên",
    SubjectKind.MEMBER_OUTSIDE_SYSTEM: "Đảng viên không làm việc trong hệ thống chính trị",
}


class OrgKind(StrEnum):
    """Organization kinds, same values as ``organizations.models.OrganizationKind``."""

    CENTRAL = "central"
    PROVINCIAL = "provincial"  # đảng bộ tỉnh, thành phố
    DIRECT = "direct"  # đảng bộ cấp trên cơ sở (trực thuộc tỉnh ủy)
    GRASSROOTS = "grassroots"  # đảng bộ cơ sở
    PARTIAL = "partial"  # đảng bộ bộ phận
    GRASSROOTS_CELL = "grassroots_cell"  # chi bộ cơ sở
    CELL = "cell"  # chi bộ trực thuộc
