"""The demo's organization tree: a fictitious city Party organization down to its cells.

"Đảng bộ Thành phố Hà Thành" is invented; its shape follows a real city organization:
districts (quận/huyện) and the bloc of city agencies directly under the city, wards and
communes (đảng bộ cơ sở) with their cells, one partial organization, grassroots cells, and a
couple of grassroots cells directly under the city. Everything goes through
``do_create_organization`` so the paths are exactly what production code would write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from phieukin.organizations.models import Organization
from phieukin.organizations.models import OrganizationKind as K
from phieukin.organizations.services.tree import do_create_organization

CITY_NAME = "Đảng bộ Thành phố Hà Thành"

# (code, name, kind of district-level org, [wards/communes], [grassroots cells])
DISTRICTS: tuple[tuple[str, str, list[str], list[str]], ...] = (
    (
        "DS",
        "Đảng bộ quận Đông Sơn",
        ["phường Ngọc Lâm", "phường Bạch Mai", "phường Thanh Lương", "phường Hòa Bình"],
        ["Trường Trung học phổ thông Đông Sơn", "Bệnh viện đa khoa quận Đông Sơn"],
    ),
    (
        "TH",
        "Đảng bộ quận Tây Hà",
        ["phường Phú Thượng", "phường Quảng An", "phường Xuân La"],
        ["Trung tâm Y tế quận Tây Hà"],
    ),
    (
        "BG",
        "Đảng bộ huyện Bình Giang",
        ["xã Bình Minh", "xã Phù Lưu", "xã Tân Hòa", "thị trấn Bình Giang"],
        ["Trường Trung học cơ sở Phù Lưu", "Hợp tác xã nông nghiệp Tân Hòa"],
    ),
)
WARD_CELLS = (
    "Chi bộ Tổ dân phố số 1",
    "Chi bộ Tổ dân phố số 2",
    "Chi bộ Tổ dân phố số 3",
    "Chi bộ Cơ quan",
    "Chi bộ Trường Tiểu học",
)
COMMUNE_CELLS = (
    "Chi bộ thôn Đông",
    "Chi bộ thôn Tây",
    "Chi bộ thôn Trung",
    "Chi bộ Cơ quan",
    "Chi bộ Trạm Y tế",
)
# City agencies: grassroots organizations with their cells, and grassroots cells.
AGENCY_ORGS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "VPTU",
        "Đảng bộ Văn phòng Thành ủy",
        ("Chi bộ Lãnh đạo Thành ủy", "Chi bộ Phòng Tổng hợp", "Chi bộ Phòng Tài chính – Quản trị"),
    ),
    (
        "VPUB",
        "Đảng bộ Văn phòng Ủy ban nhân dân Thành phố",
        ("Chi bộ Lãnh đạo Ủy ban nhân dân", "Chi bộ Phòng Kinh tế", "Chi bộ Phòng Nội chính"),
    ),
    (
        "STC",
        "Đảng bộ Sở Tài chính",
        ("Chi bộ Phòng Ngân sách", "Chi bộ Phòng Quản lý giá và công sản"),
    ),
)
AGENCY_CELLS: tuple[tuple[str, str], ...] = (
    ("BTC", "Chi bộ Ban Tổ chức Thành ủy"),
    ("BTG", "Chi bộ Ban Tuyên giáo Thành ủy"),
    ("UBKT", "Chi bộ Cơ quan Ủy ban Kiểm tra Thành ủy"),
    ("BDV", "Chi bộ Ban Dân vận Thành ủy"),
    ("SNV", "Chi bộ Sở Nội vụ"),
    ("HDND", "Chi bộ Văn phòng Hội đồng nhân dân Thành phố"),
    ("SKH", "Chi bộ Sở Kế hoạch và Đầu tư"),
    ("SXD", "Chi bộ Sở Xây dựng"),
    ("SGT", "Chi bộ Sở Giao thông vận tải"),
    ("SYT", "Chi bộ Sở Y tế"),
    ("SGD", "Chi bộ Sở Giáo dục và Đào tạo"),
    ("STP", "Chi bộ Sở Tư pháp"),
    ("SCT", "Chi bộ Sở Công Thương"),
    ("SNN", "Chi bộ Sở Nông nghiệp và Phát triển nông thôn"),
    ("STN", "Chi bộ Sở Tài nguyên và Môi trường"),
    ("SVH", "Chi bộ Sở Văn hóa và Thể thao"),
    ("STT", "Chi bộ Sở Thông tin và Truyền thông"),
    ("SLD", "Chi bộ Sở Lao động – Thương binh và Xã hội"),
    ("SKC", "Chi bộ Sở Khoa học và Công nghệ"),
    ("TTTP", "Chi bộ Thanh tra Thành phố"),
    ("TAND", "Chi bộ Tòa án nhân dân Thành phố"),
    ("VKS", "Chi bộ Viện Kiểm sát nhân dân Thành phố"),
    ("DH", "Chi bộ Trường Đại học Hà Thành"),
)
CITY_CELLS: tuple[tuple[str, str], ...] = (
    ("BAO", "Chi bộ Báo Hà Thành Mới"),
    ("MTTQ", "Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc Thành phố"),
)


@dataclass
class DemoTree:
    city: Organization
    districts: list[Organization] = field(default_factory=list)
    cells: list[Organization] = field(default_factory=list)
    by_code: dict[str, Organization] = field(default_factory=dict)

    def add(self, org: Organization) -> Organization:
        self.by_code[org.code] = org
        if org.is_cell:
            self.cells.append(org)
        return org


def build_tree() -> DemoTree:
    """Create the whole tree (≈ 110 organizations) and return handles on it."""
    tree = DemoTree(
        city=do_create_organization(
            code="HT", name=CITY_NAME, kind=K.PROVINCIAL, parent=None, actor=None
        )
    )
    tree.add(tree.city)
    for code, name, wards, cells in DISTRICTS:
        district = tree.add(
            do_create_organization(
                code=code, name=name, kind=K.DIRECT, parent=tree.city, actor=None
            )
        )
        tree.districts.append(district)
        _district_body(tree, district, wards, cells)
    _agency_bloc(tree)
    for code, name in CITY_CELLS:
        tree.add(
            do_create_organization(
                code=code, name=name, kind=K.GRASSROOTS_CELL, parent=tree.city, actor=None
            )
        )
    return tree


def _district_body(
    tree: DemoTree, district: Organization, wards: list[str], cells: list[str]
) -> None:
    dc = district.code
    level, place = district.name.removeprefix("Đảng bộ ").split(" ", 1)
    tree.add(
        do_create_organization(
            code=f"{dc}-CQ",
            name=f"Chi bộ Cơ quan {level.capitalize()} ủy {place}",
            kind=K.GRASSROOTS_CELL,
            parent=district,
            actor=None,
        )
    )
    for w, ward in enumerate(wards, start=1):
        grassroots = tree.add(
            do_create_organization(
                code=f"{dc}-{w:02d}",
                name=f"Đảng bộ {ward}",
                kind=K.GRASSROOTS,
                parent=district,
                actor=None,
            )
        )
        names = COMMUNE_CELLS if ward.startswith(("xã", "thị trấn")) else WARD_CELLS
        parent = grassroots
        if w == 1:  # one large ward groups its residential cells in a partial organization
            parent = tree.add(
                do_create_organization(
                    code=f"{dc}-{w:02d}-BP",
                    name=f"Đảng bộ bộ phận Khu dân cư số 1 {ward}",
                    kind=K.PARTIAL,
                    parent=grassroots,
                    actor=None,
                )
            )
        for c, cell_name in enumerate(names[: 3 + w % 3], start=1):
            tree.add(
                do_create_organization(
                    code=f"{dc}-{w:02d}-{c:02d}",
                    name=f"{cell_name} {ward}",
                    kind=K.CELL,
                    parent=parent if c <= 3 else grassroots,
                    actor=None,
                )
            )
    for g, cell_name in enumerate(cells, start=1):
        tree.add(
            do_create_organization(
                code=f"{dc}-CS{g}",
                name=f"Chi bộ {cell_name}",
                kind=K.GRASSROOTS_CELL,
                parent=district,
                actor=None,
            )
        )


def _agency_bloc(tree: DemoTree) -> None:
    bloc = tree.add(
        do_create_organization(
            code="KCQ",
            name="Đảng bộ Khối các cơ quan Thành phố",
            kind=K.DIRECT,
            parent=tree.city,
            actor=None,
        )
    )
    tree.districts.append(bloc)
    for code, name, cells in AGENCY_ORGS:
        org = tree.add(
            do_create_organization(code=code, name=name, kind=K.GRASSROOTS, parent=bloc, actor=None)
        )
        for c, cell_name in enumerate(cells, start=1):
            tree.add(
                do_create_organization(
                    code=f"{code}-{c:02d}", name=cell_name, kind=K.CELL, parent=org, actor=None
                )
            )
    for code, name in AGENCY_CELLS:
        tree.add(
            do_create_organization(
                code=code, name=name, kind=K.GRASSROOTS_CELL, parent=bloc, actor=None
            )
        )
