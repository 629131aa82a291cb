from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from phieukin.lib.env import ConfigError, envbool, envint


def _import_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import phieukin.web.settings"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_it_rejects_a_bad_database_url() -> None:
    result = _import_settings({"DATABASE_URL": "mysqlx://nonsense"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_it_rejects_an_unsupported_engine() -> None:
    result = _import_settings({"DATABASE_URL": "mysql://root@localhost/x"})
    assert result.returncode != 0
    assert "only SQLite and PostgreSQL" in result.stderr


def test_it_rejects_a_bad_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ConfigError, match="X_FLAG"):
        envbool("X_FLAG", default=False)


def test_it_rejects_a_bad_integer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUM", "12a")
    with pytest.raises(ConfigError, match="X_NUM"):
        envint("X_NUM", 1)


def test_debug_is_off_by_default() -> None:
    assert settings.DEBUG is False


def test_vietnamese_is_the_default_language() -> None:
    assert settings.LANGUAGE_CODE == "vi"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_full_sync() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 2  # FULL
    # In-memory test databases cannot use WAL; the option is checked on a file database.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            (
                "import django,os;django.setup();from django.db import connection as c;"
                "cur=c.cursor();cur.execute('PRAGMA journal_mode');print(cur.fetchone()[0])"
            ),
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "phieukin.web.settings",
            "DATABASE_URL": f"sqlite:///{settings.DATA_DIR}/wal-check-{os.getpid()}.sqlite3",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == "wal"
