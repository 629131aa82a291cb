"""``phieukin manage check --deploy`` is clean under production settings (PHIEUKIN_SECURE=1)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def _production_like_environ() -> dict[str, str]:
    """The test process's environment without test-harness switches a server never has."""
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_check(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "phieukin.cli",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env={**_production_like_environ(), "PHIEUKIN_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_it_passes_check_deploy_in_production(tmp_path):
    result = run_check(
        tmp_path,
        PHIEUKIN_SECURE="1",
        PHIEUKIN_SECRET_KEY=secrets.token_urlsafe(60),
        PHIEUKIN_ALLOWED_HOSTS="phieukin.example.vn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_warns_without_tls_settings(tmp_path):
    result = run_check(tmp_path, PHIEUKIN_SECURE="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr  # no HSTS without PHIEUKIN_SECURE
