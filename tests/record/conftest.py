"""An honest 1,000-ballot record shared by the record tests (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phieukin.record.events import write_record
from phieukin.record.simulate import SimulatedElection, simulate_election


@pytest.fixture(scope="session")
def big() -> SimulatedElection:
    return simulate_election(1000, seed="record-tests", jobs=2)


@pytest.fixture(scope="session")
def big_file(big: SimulatedElection, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("records") / "honest.jsonl"
    write_record(big.events, path)
    return path


@pytest.fixture(scope="session")
def small() -> SimulatedElection:
    return simulate_election(12, seed="record-small", revotes=2, audits=2)


@pytest.fixture(scope="session")
def small_v1() -> SimulatedElection:
    return simulate_election(12, seed="record-small-v1", revotes=2, audits=2, version="PHIEUKIN-v1")


@pytest.fixture(scope="session")
def v2() -> SimulatedElection:
    """A v2 record of 6 ballots and one audit, with receipts and the test-only secrets."""
    return simulate_election(6, seed="record-v2", audits=1)
