"""The national generator at a small fraction (PostgreSQL), and its refusal elsewhere."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from phieukin.evaluations.models import Period, Subject
from phieukin.evaluations.rollup import cap_groups, rollup
from phieukin.organizations.models import Member, Organization
from phieukin.web.demo.national import ROOT_CODE, NationalScaleError, Shape, generate_national

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL")


def test_it_scales_the_shape_and_refuses_a_bad_fraction() -> None:
    full = Shape.for_fraction(1)
    assert (full.provinces, full.communes, full.cells, full.members) == (
        34,
        3321,
        300_000,
        5_600_000,
    )
    with pytest.raises(NationalScaleError, match="fraction"):
        Shape.for_fraction(0)


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for SQLite")
def test_it_refuses_sqlite_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("demo", "--scale", "national", "--fraction", "0.001")


@on_postgres
@pytest.mark.django_db
def test_it_loads_a_small_fraction_and_rolls_it_up() -> None:
    summary = generate_national(fraction=0.0003)
    shape = summary.shape
    assert Member.objects.count() == shape.members == 1680
    root = Organization.objects.get(code=ROOT_CODE)
    assert (
        root.subtree().count()
        == 1 + shape.provinces + shape.communes + shape.grassroots + shape.cells
    )
    period = Period.objects.get(pk=summary.period_id)
    data = rollup(root, period)
    assert data.individuals.in_scope + data.individuals.out_of_scope == shape.members
    decided = Subject.objects.filter(period=period, kind="individual", decided_level__isnull=False)
    assert data.individuals.decided == decided.count()
    province = root.children.get()
    assert rollup(province, period).individuals.decided == data.individuals.decided
    assert cap_groups(root, period)  # provinces' and communes' groups
    with pytest.raises(NationalScaleError, match="already holds"):
        generate_national(fraction=0.0003)
