"""Kill the server during a cast loop: every acknowledged ballot is on the board after restart.

Runs ``bench/cast_load.py`` in a subprocess (its own scratch PostgreSQL database, a real
gunicorn killed with SIGKILL after 20 acknowledged casts, then restarted).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "bench" / "cast_load.py"


@pytest.mark.slow
@pytest.mark.django_db
def test_it_keeps_every_acknowledged_ballot_across_a_server_kill():
    if connection.vendor != "postgresql":
        pytest.skip("the crash test runs gunicorn against PostgreSQL")
    env = {**os.environ, "DATABASE_URL": os.environ["DATABASE_URL"]}
    args = [
        "--voters",
        "60",
        "--seconds",
        "3",
        "--crash-after",
        "20",
        "--workers",
        "2",
        "--no-save",
    ]
    command = [sys.executable, str(BENCH), *args]
    run = subprocess.run(command, check=False, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads(run.stdout[run.stdout.index("{") : run.stdout.rindex("}") + 1])
    assert report["crashed_and_restarted"] is True
    assert report["acknowledged_missing_from_board"] == 0
    assert report["on_board"] >= report["accepted"] - report["errors"].get(
        "duplicate_credential", 0
    )
    assert report["on_board"] == 60  # every voter got in, after retrying unanswered casts
