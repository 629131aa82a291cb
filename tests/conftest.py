"""Shared fixtures. Persona fixtures live beside the tests of each app (tests/<app>/conftest.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs a bounded number of examples; `make fuzz` raises it.
settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("PHIEUKIN_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Give every test process its own PostgreSQL test database.

    pytest-django already suffixes per xdist worker; the pid suffix also keeps two
    simultaneous pytest runs on one machine (CI and a developer) from colliding.
    """
    from django.conf import settings as django_settings

    for db in django_settings.DATABASES.values():
        test = db.setdefault("TEST", {})
        if db["ENGINE"] == "django.db.backends.postgresql":
            base = test.get("NAME") or f"test_{db['NAME']}"
            test["NAME"] = f"{base}_p{os.getpid()}"
        elif db["ENGINE"] == "django.db.backends.sqlite3" and not test.get("NAME"):
            # A file, not Django's shared-cache in-memory default: the live-server and thread
            # tests then meet SQLite's real locking (WAL, busy_timeout) as the product does,
            # instead of shared-cache SQLITE_LOCKED errors that no deployment can produce.
            test["NAME"] = str(Path(tempfile.gettempdir()) / f"phieukin-test-{os.getpid()}.sqlite3")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run every real-browser test in one xdist worker, one after another.

    Chromium plus the crypto in the page need most of a core; two browser tests at once on
    the 2-core CI machine starve each other (and the other worker) into timeouts.
    """
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("browser"))
