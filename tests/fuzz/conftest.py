"""A small simulated election (pure core, no database) shared by the fuzz tests."""

from __future__ import annotations

import pytest

from phieukin.record.simulate import SimulatedElection, simulate_election


@pytest.fixture(scope="session")
def election() -> SimulatedElection:
    return simulate_election(3, seed="fuzz", audits=1)
