from __future__ import annotations

import pytest

from phieukin.evaluations.models import Period
from phieukin.evaluations.services import do_open_period
from tests.evaluations.world import REVIEW_ON, World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def period(world: World) -> Period:
    """The 2025 period under QĐ 366, group totals entered directly (no local framework)."""
    period = do_open_period(world.city, 2025, review_on=REVIEW_ON, actor=world.staff)
    period.criteria_framework = {}
    period.save(update_fields=["criteria_framework"])
    return period
