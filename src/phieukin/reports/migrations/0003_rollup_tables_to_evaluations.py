"""The roll-up tables move to the evaluations app, which writes them (state only: the tables
and their rows stay; ``evaluations.0003_rollup_tables_from_reports`` takes them over and
renames them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_owncount_depth_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OwnCount"),
                migrations.DeleteModel(name="SubtreeCount"),
                migrations.DeleteModel(name="RollupSnapshot"),
            ],
            database_operations=[],
        ),
    ]
