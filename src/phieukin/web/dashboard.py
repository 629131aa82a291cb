"""The home dashboard's task lists: what the logged-in user has to do next.

The project app is the one place allowed to read every app, so the cross-app questions are
asked here: which conferences come next (meetings), which ballots wait for this user as a
counting-board member or chair (voting), which evaluation subjects wait for this member's
self-review and how far the open periods have come (evaluations). Every list is scoped by
the permission layer (``phieukin.accounts.permissions``), as the pages it links to are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import member_for_user, organizations_for_user
from phieukin.evaluations.models import Period, PeriodStatus, Subject
from phieukin.evaluations.services import Progress, period_progress
from phieukin.meetings.models import Conference
from phieukin.meetings.views import conferences_for_user
from phieukin.voting.models import Ballot, BallotStatus

if TYPE_CHECKING:
    from phieukin.accounts.permissions import AnyUser

LIMIT = 10
# Ballots that still need the chair or the counting board: key ceremony to decryption.
ACTIVE_BALLOT = (
    BallotStatus.CEREMONY,
    BallotStatus.READY,
    BallotStatus.OPEN,
    BallotStatus.CLOSED,
)


@dataclass(frozen=True)
class BallotTask:
    ballot: Ballot
    as_trustee: bool  # a seat on its counting board (else: chairing it)


@dataclass(frozen=True)
class PeriodTask:
    period: Period
    progress: Progress


def upcoming_conferences(user: AnyUser) -> QuerySet[Conference]:
    today = timezone.localdate()
    return (
        conferences_for_user(user)
        .filter(held_on__gte=today)
        .order_by("held_on", "starts_at")[:LIMIT]
    )


def ballot_tasks(user: AnyUser) -> list[BallotTask]:
    """Active ballots where ``user`` sits on the counting board or holds the CHAIR role.

    Chairing is the role the chair's screen admits (being named the conference's chair without
    the role would link to a page that refuses). Superusers see every ballot on the ballot
    list; here only their own tasks are listed.
    """
    if not user.is_authenticated:
        return []
    chair_orgs = _role_orgs(user, Role.CHAIR)
    ballots = list(
        Ballot.objects.filter(status__in=ACTIVE_BALLOT)
        .filter(Q(trustees__user=user) | Q(agenda_item__conference__organization__in=chair_orgs))
        .select_related("agenda_item__conference")
        .distinct()
        .order_by("-agenda_item__conference__held_on", "-id")[:LIMIT]
    )
    seated = set(
        Ballot.objects.filter(trustees__user=user, pk__in=[b.pk for b in ballots]).values_list(
            "pk", flat=True
        )
    )
    return [BallotTask(b, b.pk in seated) for b in ballots]


def _role_orgs(user: AnyUser, role: Role) -> QuerySet:
    """Organizations where ``user`` holds ``role`` explicitly (a superuser is not a chair)."""
    if user.is_superuser:
        return organizations_for_user(user).none()
    return organizations_for_user(user, role=role).values("pk")


def self_reviews_due(user: AnyUser) -> QuerySet[Subject]:
    """Subjects of open periods about the member this login belongs to, not yet self-reviewed."""
    member = member_for_user(user)
    if member is None:
        return Subject.objects.none()
    return (
        Subject.objects.filter(
            member=member,
            period__status=PeriodStatus.OPEN,
            in_scope=True,
            self_review__isnull=True,
            decided_level__isnull=True,
        )
        .select_related("period")
        .order_by("period__deadline", "pk")
    )


def periods_in_progress(user: AnyUser) -> list[PeriodTask]:
    """Open periods run by organizations ``user`` may see, with their progress counts."""
    visible = organizations_for_user(user).values("pk")
    periods = (
        Period.objects.filter(organization__in=visible, status=PeriodStatus.OPEN)
        .select_related("organization")
        .order_by("-year", "organization__path")[:LIMIT]
    )
    return [PeriodTask(p, period_progress(p)) for p in periods]
