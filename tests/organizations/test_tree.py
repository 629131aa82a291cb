"""Tree services: paths and depths, moves, cycles, bulk rebuild, subtree queries at scale."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from phieukin.organizations.errors import TreeError
from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.models import Member, Organization, OrganizationKind
from phieukin.organizations.services.members import do_add_member
from phieukin.organizations.services.tree import (
    do_create_organization,
    do_move_organization,
    members_in_subtree,
    rebuild_paths,
)

K = OrganizationKind
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> object:
    """Errors are matched on their English text; one test checks the Vietnamese."""
    with translation.override("en"):
        yield


@pytest.fixture
def city() -> Organization:
    return do_create_organization(
        code="HT", name="Đảng bộ Thành phố", kind=K.PROVINCIAL, parent=None, actor=None
    )


@pytest.fixture
def tree(city: Organization) -> dict[str, Organization]:
    """city > district A > ward > cell; city > district B; city > grassroots cell."""
    a = do_create_organization(code="A", name="Quận A", kind=K.DIRECT, parent=city, actor=None)
    b = do_create_organization(code="B", name="Quận B", kind=K.DIRECT, parent=city, actor=None)
    ward = do_create_organization(
        code="A1", name="Phường 1", kind=K.GRASSROOTS, parent=a, actor=None
    )
    cell = do_create_organization(code="A1C", name="Chi bộ 1", kind=K.CELL, parent=ward, actor=None)
    gc = do_create_organization(
        code="GC", name="Chi bộ cơ sở", kind=K.GRASSROOTS_CELL, parent=city, actor=None
    )
    return {"city": city, "a": a, "b": b, "ward": ward, "cell": cell, "gc": gc}


def test_it_sets_path_and_depth(tree: dict[str, Organization]) -> None:
    city, a, ward, cell = tree["city"], tree["a"], tree["ward"], tree["cell"]
    assert city.path == f"/{city.pk}/"
    assert city.depth == 0
    assert cell.path == f"/{city.pk}/{a.pk}/{ward.pk}/{cell.pk}/"
    assert cell.depth == 3
    assert Organization.objects.get(pk=cell.pk).path == cell.path
    assert cell.ancestor_ids() == [city.pk, a.pk, ward.pk]


def test_it_refuses_a_forbidden_child_kind(tree: dict[str, Organization]) -> None:
    with pytest.raises(TreeError, match="cannot be placed under"):
        do_create_organization(code="X", name="X", kind=K.CELL, parent=tree["cell"], actor=None)
    with pytest.raises(TreeError, match="must have a parent"):
        do_create_organization(code="Y", name="Y", kind=K.CELL, parent=None, actor=None)
    assert not Organization.objects.filter(code__in=["X", "Y"]).exists()


def test_it_refuses_a_duplicate_code(city: Organization) -> None:
    with pytest.raises(TreeError, match="already used"):
        do_create_organization(code="HT", name="Khác", kind=K.PROVINCIAL, parent=None, actor=None)


def test_it_translates_errors_to_vietnamese(tree: dict[str, Organization]) -> None:
    with pytest.raises(TreeError) as caught:
        do_move_organization(tree["a"], tree["ward"], actor=None)
    with translation.override("vi"):
        assert "Không thể chuyển" in str(caught.value)
    assert "Cannot move" in caught.value.english


def test_it_refuses_cycles(tree: dict[str, Organization]) -> None:
    before = dict(Organization.objects.values_list("pk", "path"))
    with pytest.raises(TreeError, match="lies below it"):
        do_move_organization(tree["a"], tree["ward"], actor=None)
    with pytest.raises(TreeError, match="lies below it"):
        do_move_organization(tree["ward"], tree["ward"], actor=None)
    assert dict(Organization.objects.values_list("pk", "path")) == before


def test_it_refuses_a_move_to_a_forbidden_parent(tree: dict[str, Organization]) -> None:
    with pytest.raises(TreeError, match="cannot be placed under"):
        do_move_organization(tree["ward"], tree["gc"], actor=None)


def test_it_moves_a_subtree_rewriting_paths(
    tree: dict[str, Organization], django_assert_max_num_queries: object
) -> None:
    city, b, ward, cell = tree["city"], tree["b"], tree["ward"], tree["cell"]
    # 8 for the move itself + 3 for its audit entry (PostgreSQL: LOCK, SELECT head, INSERT).
    with django_assert_max_num_queries(11):  # type: ignore[operator]
        do_move_organization(ward, b, actor=None)
    assert ward.parent_id == b.pk  # the caller's instance is refreshed
    assert ward.path == f"/{city.pk}/{b.pk}/{ward.pk}/"
    cell.refresh_from_db()
    assert ward.path == f"/{city.pk}/{b.pk}/{ward.pk}/"
    assert cell.path == f"/{city.pk}/{b.pk}/{ward.pk}/{cell.pk}/"
    assert (ward.depth, cell.depth) == (2, 3)
    assert set(b.subtree().values_list("code", flat=True)) == {"B", "A1", "A1C"}
    assert set(tree["a"].subtree().values_list("code", flat=True)) == {"A"}


def test_it_moves_a_grassroots_org_up_a_level(tree: dict[str, Organization]) -> None:
    do_move_organization(tree["ward"], tree["city"], actor=None)
    cell = Organization.objects.get(code="A1C")
    assert cell.depth == 2
    assert cell.path == f"/{tree['city'].pk}/{tree['ward'].pk}/{cell.pk}/"


def test_it_rebuilds_paths_after_bulk_insert(city: Organization) -> None:
    a = Organization.objects.create(code="A", name="A", kind=K.DIRECT, parent=city)
    w = Organization.objects.create(code="W", name="W", kind=K.GRASSROOTS, parent=a)
    c = Organization.objects.create(code="C", name="C", kind=K.CELL, parent=w)
    Organization.objects.filter(pk=city.pk).update(path="garbage", depth=9)
    assert rebuild_paths() == 4
    c.refresh_from_db()
    assert c.path == f"/{city.pk}/{a.pk}/{w.pk}/{c.pk}/"
    assert c.depth == 3
    assert Organization.objects.get(pk=city.pk).path == f"/{city.pk}/"


def test_it_detects_a_cycle_when_rebuilding(tree: dict[str, Organization]) -> None:
    # A loader bypassing the services could write a cycle: rebuild must refuse it whole.
    Organization.objects.filter(pk=tree["a"].pk).update(parent=tree["ward"])
    before = dict(Organization.objects.values_list("pk", "path"))
    with pytest.raises(TreeError, match="cycle"):
        rebuild_paths()
    assert dict(Organization.objects.values_list("pk", "path")) == before


def _bulk_tree(city: Organization, districts: int, wards: int, cells: int) -> None:
    """districts × wards × cells organizations with bulk_create + rebuild_paths (as loaders do)."""
    objs = [
        Organization(code=f"D{d}", name=f"Quận {d}", kind=K.DIRECT, parent=city)
        for d in range(districts)
    ]
    created = Organization.objects.bulk_create(objs)
    ds = created if created[0].pk else list(Organization.objects.filter(kind=K.DIRECT))
    ws = Organization.objects.bulk_create(
        [
            Organization(code=f"{d.code}W{w}", name=f"Phường {w}", kind=K.GRASSROOTS, parent=d)
            for d in ds
            for w in range(wards)
        ]
    )
    if not ws[0].pk:
        ws = list(Organization.objects.filter(kind=K.GRASSROOTS))
    Organization.objects.bulk_create(
        [
            Organization(code=f"{w.code}C{c}", name=f"Chi bộ {c}", kind=K.CELL, parent=w)
            for w in ws
            for c in range(cells)
        ]
    )
    rebuild_paths()


def test_it_answers_subtree_queries_in_constant_queries(
    city: Organization, django_assert_num_queries: object
) -> None:
    _bulk_tree(city, districts=10, wards=20, cells=15)  # 3,211 organizations
    assert Organization.objects.count() == 1 + 10 + 200 + 3000
    district = Organization.objects.get(code="D3")
    cell = Organization.objects.get(code="D3W7C2")
    do_add_member(
        MemberRecord(
            card_number="01.000001",
            full_name="Nguyễn Văn An",
            birth_date=date(1980, 1, 2),
            sex="male",
            admitted_on=date(2005, 3, 4),
            official_on=date(2006, 3, 4),
        ),
        organization=cell,
        actor=None,
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(list(district.subtree())) == 1 + 20 + 300
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert city.descendants().filter(kind=K.CELL).count() == 3000
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert list(members_in_subtree(district).values_list("full_name", flat=True)) == [
            "Nguyễn Văn An"
        ]
    other = Organization.objects.get(code="D4")
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert members_in_subtree(other).count() == 0
    assert Member.objects.count() == 1
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert [o.code for o in cell.ancestors()] == ["HT", "D3", "D3W7"]


def test_it_rebuilds_a_large_tree_in_few_statements(
    city: Organization, django_assert_max_num_queries: object
) -> None:
    _bulk_tree(city, districts=5, wards=20, cells=20)
    Organization.objects.update(path="", depth=0)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert rebuild_paths() == 4
    cell = Organization.objects.select_related("parent__parent").get(code="D4W19C19")
    assert cell.path == f"/{city.pk}/{cell.parent.parent_id}/{cell.parent_id}/{cell.pk}/"


@pytest.mark.postgres
def test_it_serves_subtree_queries_from_the_path_index(city: Organization) -> None:
    """On PostgreSQL, LIKE 'prefix%' uses org_path_prefix (varchar_pattern_ops), whatever the
    database collation; without the opclass a non-C collation forces a sequential scan."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no operator classes; its LIKE prefix optimisation differs")
    _bulk_tree(city, districts=3, wards=5, cells=5)
    district = Organization.objects.get(code="D1")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny tables: make the choice visible
        sql, params = district.subtree().values("id").query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "org_path_prefix" in plan, plan
