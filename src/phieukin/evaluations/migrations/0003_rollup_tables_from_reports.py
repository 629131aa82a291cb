"""The roll-up tables, written by ``evaluations.rollup``, belong to this app (they were the
reports app's: the one cycle between domain apps). The models are taken over in the state
only, on the existing tables, which are then renamed: every row is kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0002_review_workflow"),
        ("organizations", "0001_initial"),
        ("reports", "0003_rollup_tables_to_evaluations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RollupSnapshot",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("refreshed_at", models.DateTimeField(verbose_name="figures as of")),
                        ("subjects", models.PositiveIntegerField(default=0, verbose_name="subjects counted")),
                        ("period", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="rollup_snapshot", to="evaluations.period")),
                    ],
                    options={
                        "verbose_name": "roll-up snapshot",
                        "verbose_name_plural": "roll-up snapshots",
                        "db_table": "reports_rollupsnapshot",
                    },
                ),
                migrations.CreateModel(
                    name="OwnCount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("path", models.CharField(max_length=400)),
                        ("depth", models.PositiveSmallIntegerField()),
                        ("kind", models.CharField(max_length=20)),
                        ("comparable_group", models.CharField(blank=True, max_length=120)),
                        ("level", models.CharField(blank=True, max_length=10, null=True)),
                        ("in_scope", models.BooleanField(default=True)),
                        ("n", models.PositiveIntegerField()),
                        ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organizations.organization")),
                        ("period", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="evaluations.period")),
                    ],
                    options={
                        "db_table": "reports_owncount",
                        "indexes": [models.Index(fields=["period", "depth", "path"], name="owncount_period_depth_path", opclasses=["", "", "varchar_pattern_ops"])],
                    },
                ),
                migrations.CreateModel(
                    name="SubtreeCount",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("depth", models.PositiveSmallIntegerField()),
                        ("kind", models.CharField(max_length=20)),
                        ("level", models.CharField(blank=True, max_length=10, null=True)),
                        ("in_scope", models.BooleanField(default=True)),
                        ("n", models.PositiveIntegerField()),
                        ("organization", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organizations.organization")),
                        ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organizations.organization")),
                        ("period", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="evaluations.period")),
                    ],
                    options={
                        "db_table": "reports_subtreecount",
                        "indexes": [models.Index(fields=["period", "organization"], name="subtreecount_period_org"), models.Index(fields=["period", "parent"], name="subtreecount_period_parent")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="rollupsnapshot", table=None),
        migrations.AlterModelTable(name="owncount", table=None),
        migrations.AlterModelTable(name="subtreecount", table=None),
    ]
