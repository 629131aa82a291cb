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


def _deeper_listen_backlog() -> None:
    """Django's test server listens with a backlog of 10: 50 simultaneous connects overflow it
    and the kernel resets some before the server ever sees them (a client-side artefact, not
    the behaviour under test). Set at import, i.e. before the session's live server binds."""
    from django.core.servers.basehttp import WSGIServer

    WSGIServer.request_queue_size = 128


_deeper_listen_backlog()
