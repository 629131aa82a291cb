"""A small tree with known numbers, shared by the roll-up and document tests.

Province P -> commune A (direct) -> grassroots G1 -> cells C1 (10 members), C2 (5 members);
P -> commune B (direct) -> grassroots cell G2 (6 members). Period 2025 under QĐ 366.
Levels of members (decided): C1: 3 HTXSNV, 5 HTTNV, 1 HTNV, 1 unrated; C2: 1 HTXSNV, 4 HTTNV;
G2: 2 HTXSNV, 3 HTTNV, 1 out of scope. Member groups: "Đảng viên — G1" (4 HTXSNV / 9 HTTNV:
over the 20% cap, limit 1) and "Đảng viên — G2" (2 / 3: over, limit 0).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from phieukin.evaluations.models import Period, Subject
from phieukin.organizations.models import Member, Organization

DECIDED_AT = datetime(2025, 12, 20, 9, 0, tzinfo=UTC)


@dataclass
class Tree:
    province: Organization
    a: Organization
    b: Organization
    g1: Organization
    c1: Organization
    c2: Organization
    g2: Organization
    period: Period
    members: dict[str, list[Member]] = field(default_factory=dict)


def make_org(code: str, name: str, kind: str, parent: Organization | None) -> Organization:
    """An organization with its path, written directly (the tree service is not under test)."""
    org = Organization.objects.create(code=code, name=name, kind=kind, parent=parent)
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    return org


def _members(cell: Organization, prefix: str, n: int) -> list[Member]:
    return [
        Member.objects.create(
            card_number=f"{prefix}{i:04d}",
            full_name=f"Nguyễn Văn {prefix}{i}",
            birth_date=date(1980, 1, 1),
            sex="male",
            admitted_on=date(2005, 1, 1),
            organization=cell,
        )
        for i in range(n)
    ]


def _rate(period: Period, members: list[Member], levels: list[str | None], group: str) -> None:
    for member, level in zip(members, levels, strict=True):
        out = level == "out"
        Subject.objects.create(
            period=period,
            kind="individual",
            member=member,
            comparable_group=group,
            in_scope=not out,
            out_of_scope_reason="Miễn sinh hoạt" if out else "",
            decided_level=None if out else level,
            decided_at=DECIDED_AT if level and not out else None,
        )


def build_tree(year: int = 2025) -> Tree:
    p = make_org("P", "Đảng bộ tỉnh Hà Thành", "provincial", None)
    a = make_org("A", "Đảng bộ xã An Bình", "direct", p)
    b = make_org("B", "Đảng bộ xã Bình Minh", "direct", p)
    g1 = make_org("G1", "Đảng bộ Trường THPT An Bình", "grassroots", a)
    c1 = make_org("C1", "Chi bộ Tổ Toán", "cell", g1)
    c2 = make_org("C2", "Chi bộ Tổ Văn", "cell", g1)
    g2 = make_org("G2", "Chi bộ Trạm Y tế Bình Minh", "grassroots_cell", b)
    period = Period.objects.create(
        organization=p,
        title=f"Kiểm điểm, đánh giá, xếp loại chất lượng năm {year}",
        year=year,
        regulation="reg366",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    tree = Tree(p, a, b, g1, c1, c2, g2, period)
    tree.members = {"c1": _members(c1, "C1", 10), "c2": _members(c2, "C2", 5)}
    tree.members["g2"] = _members(g2, "G2", 6)
    x, t, h = "htxsnv", "httnv", "htnv"
    _rate(period, tree.members["c1"], [x, x, x, t, t, t, t, t, h, None], "Đảng viên — G1")
    _rate(period, tree.members["c2"], [x, t, t, t, t], "Đảng viên — G1")
    _rate(period, tree.members["g2"], [x, x, t, t, t, "out"], "Đảng viên — G2")
    for org, level, group in (
        (a, "httnv", "Đảng bộ cấp trên cơ sở trực thuộc P"),
        (b, "htxsnv", "Đảng bộ cấp trên cơ sở trực thuộc P"),
        (g1, "httnv", "Đảng bộ cơ sở trực thuộc A"),
        (c1, "htxsnv", "Chi bộ trực thuộc G1"),
        (c2, None, "Chi bộ trực thuộc G1"),
        (g2, "httnv", "Chi bộ cơ sở trực thuộc B"),
    ):
        Subject.objects.create(
            period=period,
            kind="collective",
            collective_kind="cell" if org.kind == "cell" else "party_organization",
            organization=org,
            comparable_group=group,
            decided_level=level,
            decided_at=DECIDED_AT if level else None,
        )
    return tree
