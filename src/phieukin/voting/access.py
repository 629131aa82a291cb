"""Load-and-authorize helpers and audit glue.

See docs/architecture.md §3.2, healthchecks' ``_get_check_for_user``.

A view's first line calls one of these, so a permission check cannot be forgotten. Roles come
from ``phieukin.accounts.permissions`` (org-scoped); a ballot belongs to the organization of
its conference.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from phieukin.voting.models import Ballot, Trustee

ORG_FIELD = "agenda_item__conference__organization"


def _ballots(*, for_update: bool) -> Any:
    qs = Ballot.objects.select_related("agenda_item__conference__organization")
    return qs.select_for_update(of=("self",)) if for_update else qs


def access_ballot(
    user: Any, ballot_id: object, *, role: str | tuple[str, ...] | None = "org_staff"
) -> Ballot:
    """The ballot if ``user`` holds ``role`` on its organization (404 hidden, 403 refused)."""
    from phieukin.accounts.permissions import get_object_for_user

    return get_object_for_user(
        user, _ballots(for_update=False), ballot_id, org_field=ORG_FIELD, role=role
    )


def access_trustee(user: Any, ballot_id: object) -> tuple[Ballot, Trustee]:
    """The ballot and the user's seat on its counting board, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    trustee = (
        Trustee.objects.select_related("ballot__agenda_item__conference__organization")
        .filter(ballot_id=_int(ballot_id), user_id=user.pk)
        .first()
    )
    if trustee is None:
        raise Http404
    return trustee.ballot, trustee


def lock_ballot(ballot_id: int) -> Ballot:
    """Re-read the ballot with its row lock: the board's head lock (see board.append)."""
    try:
        return _ballots(for_update=True).get(pk=ballot_id)
    except Ballot.DoesNotExist:
        raise Http404 from None


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise Http404 from None


def audit(
    event_type: str, *, actor: Any, ballot: Ballot, data: dict[str, Any] | None = None
) -> None:
    """One audit-log entry for a lifecycle step. Never called with anything about a voter."""
    from phieukin.audit.services import record_event

    record_event(
        event_type,
        actor=actor,
        obj=ballot,
        organization=ballot.agenda_item.conference.organization,
        data=data or {},
    )
