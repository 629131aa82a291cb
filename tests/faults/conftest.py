"""Fault tests reuse the voting app's personas and ballot fixtures (one source of truth)."""

from __future__ import annotations

from tests.voting.conftest import (  # noqa: F401 - fixtures re-exported for pytest
    agenda_item,
    alice,
    board_users,
    charles,
    conference,
    draft_ballot,
    mallory,
    members,
    open_ballot,
    org,
    ready_ballot,
)
