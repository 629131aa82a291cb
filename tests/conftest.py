"""Shared fixtures. Persona fixtures live beside the tests of each app (tests/<app>/conftest.py)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI runs a bounded number of examples; `make fuzz` raises it.
settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("PHIEUKIN_HYPOTHESIS_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")
