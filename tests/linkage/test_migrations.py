"""Data migrations of the linkage app, run against the database they change."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("linkage", "0002_run_stage_and_one_running")]
AFTER = [("linkage", "0003_run_stages_follow_the_engine")]


@pytest.fixture
def migrator(transactional_db):
    """A MigrationExecutor; the database is back at the latest migrations afterwards."""
    yield lambda: MigrationExecutor(connection)
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())


def test_runs_at_the_old_combined_stage_lose_it_rather_than_guess_one(migrator):
    executor = migrator()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("linkage", "LinkageRun")
    stopped = old.objects.create(status="failed", stage="linking", failure="Stopped")
    updating = old.objects.create(status="finished", stage="updating")

    executor = migrator()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("linkage", "LinkageRun")
    assert new.objects.get(pk=stopped.pk).stage == ""
    assert new.objects.get(pk=updating.pk).stage == "updating"
