"""The ballot's lifecycle: one status field and one transition table (docs/architecture.md §3.4).

Preconditions of each step (ceremony done, credentials issued, quorum) are checked by the
services that call ``do_transition``; this module only knows which moves exist.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from phieukin.voting.errors import IllegalTransitionError
from phieukin.voting.models import Ballot, BallotStatus

S = BallotStatus
ALLOWED: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.CEREMONY, S.CANCELLED}),
    S.CEREMONY: frozenset({S.READY, S.CANCELLED}),
    S.READY: frozenset({S.OPEN, S.CANCELLED}),
    S.OPEN: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.PUBLISHED}),
    S.PUBLISHED: frozenset(),
    S.CANCELLED: frozenset(),
}
# Facts recorded when entering a state.
_STAMPS = {S.OPEN: "opened_at", S.CLOSED: "closed_at", S.PUBLISHED: "published_at"}


def do_transition(ballot: Ballot, to: str) -> None:
    """Move ``ballot`` to ``to`` or raise ``IllegalTransitionError``.

    Precondition: the caller holds the Ballot row lock (``select_for_update``) inside a
    transaction, so two chairs pressing "open" and "close" cannot interleave.
    """
    if to not in ALLOWED[ballot.status]:
        raise IllegalTransitionError(
            _("A ballot that is “%(status)s” cannot become “%(to)s”.")
            % {"status": S(ballot.status).label, "to": S(to).label}
        )
    ballot.status = to
    fields = ["status"]
    stamp = _STAMPS.get(to)
    if stamp:
        setattr(ballot, stamp, timezone.now())
        fields.append(stamp)
    ballot.save(update_fields=fields)
