"""What the fault tests compare: a snapshot of every row the cast path could write."""

from __future__ import annotations

from phieukin.audit.models import AuditEvent
from phieukin.voting.models import Ballot, BoardEvent


def written(ballot: Ballot) -> tuple[list[tuple[int, str]], int]:
    """The ballot's board (seq, hash) and the audit log's length: must not move on a rejection."""
    board = list(
        BoardEvent.objects.filter(ballot=ballot).order_by("seq").values_list("seq", "hash")
    )
    return board, AuditEvent.objects.count()
