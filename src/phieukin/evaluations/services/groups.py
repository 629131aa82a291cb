"""Default groups of comparable subjects for the HTXSNV cap (configurable per subject).

QĐ 366 Điều 11 k1.5 counts the cap "theo đối tượng có vị trí, vai trò, chức năng, nhiệm vụ
tương đồng", decided by the competent level; the text names no groups, so the defaults follow
the authority matrix: subjects decided by the same body at the same level form one group —
party organizations by kind and superior, committees by kind, leaders of one organization,
members per grassroots organization. Staff change a subject's group with
``do_set_comparable_group``; the group names are data (Vietnamese), printed in reports.
"""

from __future__ import annotations

from phieukin.evaluations.models import CollectiveKind, Subject, SubjectKind
from phieukin.organizations.models import Organization, OrganizationKind

_ORG_KIND_VI = {
    OrganizationKind.CENTRAL: "Cấp Trung ương",
    OrganizationKind.PROVINCIAL: "Đảng bộ tỉnh, thành phố",
    OrganizationKind.DIRECT: "Đảng bộ cấp trên cơ sở",
    OrganizationKind.GRASSROOTS: "Đảng bộ cơ sở",
    OrganizationKind.PARTIAL: "Đảng bộ bộ phận",
    OrganizationKind.GRASSROOTS_CELL: "Chi bộ cơ sở",
    OrganizationKind.CELL: "Chi bộ trực thuộc",
}
_COMMITTEE_VI = {
    CollectiveKind.EXECUTIVE_COMMITTEE: "Ban Chấp hành",
    CollectiveKind.STANDING_COMMITTEE: "Ban Thường vụ",
    CollectiveKind.CELL_COMMITTEE: "Chi ủy",
    CollectiveKind.LEADERSHIP_COLLECTIVE: "Tập thể lãnh đạo, quản lý",
}
_GROUP_MAX = 120


def _grassroots_of(org: Organization) -> Organization:
    """The grassroots organization a cell belongs to (itself for a grassroots cell)."""
    current = org
    while current.kind in (OrganizationKind.CELL, OrganizationKind.PARTIAL) and current.parent:
        current = current.parent
    return current


def default_group(subject: Subject, org: Organization) -> str:
    """A sensible default group for ``subject`` whose home organization is ``org``."""
    if subject.kind == SubjectKind.COLLECTIVE:
        if subject.collective_kind in (CollectiveKind.PARTY_ORGANIZATION, CollectiveKind.CELL):
            above = org.parent.name if org.parent is not None else "—"
            label = f"{_ORG_KIND_VI[OrganizationKind(org.kind)]} trực thuộc {above}"
        else:
            kind = _COMMITTEE_VI[CollectiveKind(subject.collective_kind)]
            label = f"{kind} {_ORG_KIND_VI[OrganizationKind(org.kind)].lower()}"
        return label[:_GROUP_MAX]
    if subject.is_leader:
        return f"Cán bộ lãnh đạo, quản lý — {_grassroots_of(org).name}"[:_GROUP_MAX]
    return f"Đảng viên — {_grassroots_of(org).name}"[:_GROUP_MAX]
