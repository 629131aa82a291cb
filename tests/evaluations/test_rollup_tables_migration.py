"""The roll-up tables move from reports to evaluations with their rows (issue: the
evaluations ⇄ reports cycle): migrate back to before the move, write counts, migrate forward,
read them from the evaluations models."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("evaluations", "0002_review_workflow"), ("reports", "0002_owncount_depth_index")]
AFTER = [("evaluations", "0003_rollup_tables_from_reports")]


def _migrate(targets: list[tuple[str, str]]) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_it_keeps_the_counts_when_the_tables_change_app() -> None:
    old = _migrate(BEFORE)
    org = old.get_model("organizations", "Organization").objects.create(
        code="HT", name="Đảng bộ Thành phố", kind="provincial", path="/1/", depth=0
    )
    period = old.get_model("evaluations", "Period").objects.create(
        organization_id=org.pk, title="2023", year=2023, regulation="reg124",
        starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2024, 2, 1),
    )  # fmt: skip
    old.get_model("reports", "OwnCount").objects.create(
        period_id=period.pk, organization_id=org.pk, path="/1/", depth=0, kind="collective",
        comparable_group="G", level="htxsnv", in_scope=True, n=3,
    )  # fmt: skip
    old.get_model("reports", "RollupSnapshot").objects.create(
        period_id=period.pk, refreshed_at=dt.datetime(2024, 1, 9, tzinfo=dt.UTC), subjects=3
    )

    new = _migrate(AFTER)
    row = new.get_model("evaluations", "OwnCount").objects.get()
    assert (row.n, row.level, row.comparable_group) == (3, "htxsnv", "G")
    assert new.get_model("evaluations", "RollupSnapshot").objects.get().subjects == 3
    assert "evaluations_owncount" in connection.introspection.table_names()
    assert "reports_owncount" not in connection.introspection.table_names()
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
