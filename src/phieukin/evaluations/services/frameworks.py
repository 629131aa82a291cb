"""Default local criteria frameworks for QĐ 366 (weights below the 30/70 groups are local).

QĐ 366 Phụ lục 1–5 name the criteria of each group without points; the committees directly
under the Central Committee set the points (HD 43 mục 1). These defaults split each group
evenly over the criteria the annexes name (docs/document-notes.md §3.3), so a period works out
of the box; a committee replaces them by editing ``Period.criteria_framework``. Keys are the
forms.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from phieukin.rules import CriterionItem


def _items(*rows: tuple[str, str, int, str]) -> list[dict[str, str]]:
    return [{"code": c, "group": g, "max": str(m), "label": label} for c, g, m, label in rows]


_COLLECTIVE = _items(
    ("I.1", "I", 10, "Nguyên tắc tập trung dân chủ, quy chế làm việc"),
    ("I.2", "I", 10, "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị"),
    ("I.3", "I", 10, "Trách nhiệm lãnh đạo, chỉ đạo; đoàn kết nội bộ"),
    ("II.1", "II", 70, "Kết quả thực hiện mục tiêu, chỉ tiêu, nhiệm vụ được giao"),
)
_LEADER = _items(
    ("I.1", "I", 10, "Chính trị, tư tưởng, đạo đức, lối sống, ý thức tổ chức kỷ luật"),
    ("I.2", "I", 10, "Năng lực lãnh đạo, quản lý; đổi mới sáng tạo; trách nhiệm nêu gương"),
    ("I.3", "I", 10, "Tự phê bình và phê bình; khắc phục hạn chế, khuyết điểm"),
    ("II.1", "II", 70, "Kết quả thực hiện nhiệm vụ của cá nhân và lĩnh vực, đơn vị phụ trách"),
)
_MEMBER = _items(
    ("I.1", "I", 10, "Chính trị, phẩm chất đạo đức và ý thức tổ chức kỷ luật"),
    ("I.2", "I", 10, "Năng lực chuyên môn, thái độ công tác, tinh thần đổi mới"),
    ("I.3", "I", 10, "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm"),
    ("II.1", "II", 70, "Mức độ hoàn thành chỉ tiêu, nhiệm vụ được giao"),
)
_OUTSIDE = _items(
    ("I.1", "I", 15, "Phẩm chất chính trị, đạo đức, lối sống và ý thức tổ chức kỷ luật"),
    ("I.2", "I", 15, "Tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm"),
    ("II.1", "II", 30, "Thực hiện quyền, nghĩa vụ đảng viên; nhiệm vụ chi bộ phân công"),
    ("II.2", "II", 20, "Học tập nghị quyết; phát biểu xây dựng chi bộ"),
    ("II.3", "II", 20, "Nhiệm vụ đột xuất; hoạt động tại địa phương"),
)
DEFAULT_FRAMEWORKS: dict[str, list[dict[str, str]]] = {
    "01": _COLLECTIVE,
    "2A": _LEADER,
    "2B": _MEMBER,
    "2C": _OUTSIDE,
}


def framework_items(framework: dict[str, Any], form: str) -> tuple[CriterionItem, ...]:
    """The period's items for a form, as the rules' ``CriterionItem`` (empty: none set)."""
    return tuple(
        CriterionItem(row["code"], row["group"], Fraction(str(row["max"])))
        for row in framework.get(form, [])
    )


def labels(framework: dict[str, Any], form: str) -> list[tuple[str, str, str]]:
    """(code, label, max) for the self-review form."""
    return [(r["code"], r.get("label", r["code"]), str(r["max"])) for r in framework.get(form, [])]
