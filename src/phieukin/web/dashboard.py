"""The home dashboard's task lists: what the logged-in user has to do next.

The project app is the one place allowed to read every app, so the cross-app questions are
asked here: which conferences come next (meetings), which ballots wait for this user as a
counting-board member or chair (voting), which evaluation subjects wait for this member's
self-review and how far the open periods have come (evaluations). Every list is scoped by
the permission layer (``phieukin.accounts.permissions``), as the pages it links to are.

``next_steps`` puts the first thing each role must do at the top of the page, as one sentence
with its button: the trustee's ceremony step (or decryption), the chair's opening (or why not
yet), the member's self-review, conference and ballot result, the staff's ballot to create
and decision waiting, and the period's progress. What a ballot waits for is said by
``voting.progress`` (one place, as on the ballot's own pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import member_for_user, organizations_for_user
from phieukin.evaluations.models import Period, PeriodStatus, RatingBallot, Subject, VoteRecord
from phieukin.evaluations.services import Progress, period_progress
from phieukin.evaluations.services.ballots import outcome_text
from phieukin.meetings.models import AgendaItem, AgendaKind, Conference, ConferenceStatus
from phieukin.meetings.views import conferences_for_user
from phieukin.voting import chair
from phieukin.voting.models import Ballot, BallotStatus, Trustee
from phieukin.voting.progress import BOARD, CHAIR, first_step_for

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


@dataclass(frozen=True)
class NextStep:
    """One thing to do now: a sentence, the button that does it, and (when it cannot be done
    yet) why not."""

    role: str  # "trustee", "chair", "member", "staff": the heading it goes under
    text: str
    url: str
    button: str
    blocked: tuple[str, ...] = ()


def _waits_for(ballot: Ballot, who: str) -> str | None:
    """What ``who`` must do next on the ballot, as its own pages say it (``voting.progress``)."""
    step = first_step_for(ballot, who)
    return (
        None if step is None else _("«%(title)s»: %(step)s") % {"title": ballot.title, "step": step}
    )


def trustee_steps(user: AnyUser) -> list[NextStep]:
    """The counting board's ballots from the key ceremony to the decryption: what each waits
    for (the ceremony page shows the button when it is this trustee's turn)."""
    seats = Trustee.objects.filter(
        user_id=user.pk,
        ballot__status__in=[BallotStatus.CEREMONY, BallotStatus.READY, BallotStatus.CLOSED],
    ).select_related("ballot")[:LIMIT]
    return [
        NextStep(
            "trustee", text, reverse("voting:ceremony", args=[seat.ballot_id]), _("Counting board")
        )
        for seat in seats
        if (text := _waits_for(seat.ballot, BOARD)) is not None
    ]


def chair_steps(user: AnyUser) -> list[NextStep]:
    """Open when ready, or say why not yet; close when the ballots are in."""
    if not user.is_authenticated:
        return []
    ballots = Ballot.objects.filter(
        status__in=[BallotStatus.CEREMONY, BallotStatus.READY, BallotStatus.OPEN],
        agenda_item__conference__organization__in=_role_orgs(user, Role.CHAIR),
    ).order_by("-id")[:LIMIT]
    steps = []
    for ballot in ballots:
        url = reverse("voting:chair", args=[ballot.pk])
        if ballot.status == BallotStatus.OPEN:
            count = chair.live_count(ballot)
            text = _("«%(title)s» is open: %(received)d of %(issued)d ballots received.") % {
                "title": ballot.title,
                "received": count.received,
                "issued": count.issued,
            }
            steps.append(NextStep("chair", text, url, _("Chair's screen")))
            continue
        blockers = tuple(chair.open_blockers(ballot))
        mine = _waits_for(ballot, CHAIR) if blockers else None  # e.g. sign the attendance
        text = mine or _("Open the vote «%(title)s».") % {"title": ballot.title}
        steps.append(NextStep("chair", text, url, _("Chair's screen"), blockers))
    items = AgendaItem.objects.filter(
        kind=AgendaKind.RATING,
        conference__status=ConferenceStatus.IN_PROGRESS,
        conference__organization__in=_role_orgs(user, Role.CHAIR),
        ballots__isnull=True,
    ).select_related("conference")[:LIMIT]
    for item in items:
        text = _("Open the vote «%(title)s».") % {"title": item.title}
        why = (_("The Organization Committee has not created its secret ballot yet."),)
        url = reverse("meetings:conference_detail", args=[item.conference_id])
        steps.append(NextStep("chair", text, url, _("Conference"), why))
    return steps


def member_steps(user: AnyUser) -> list[NextStep]:
    """The self-review to write, the conference to attend, the ballots' results."""
    member = member_for_user(user)
    if member is None:
        return []
    steps = [
        NextStep(
            "member",
            _("Write your self-review for %(period)s.") % {"period": s.period.title},
            reverse("evaluations:subject_detail", args=[s.pk]) + "#review-heading",
            _("Self-review"),
        )
        for s in self_reviews_due(user)[:LIMIT]
    ]
    today = timezone.localdate()
    conferences = Conference.objects.filter(attendance__member=member).filter(
        Q(status=ConferenceStatus.IN_PROGRESS) | Q(held_on__gte=today)
    )
    for conf in conferences.distinct().order_by("held_on")[:LIMIT]:
        text = _("You are convened to %(title)s on %(day)s.") % {
            "title": conf.title,
            "day": conf.held_on.strftime("%d/%m/%Y"),
        }
        steps.append(
            NextStep("member", text, reverse("meetings:conference_detail", args=[conf.pk]),
                     _("Conference"))
        )  # fmt: skip
    votes = (
        VoteRecord.objects.filter(
            ballot__status=BallotStatus.PUBLISHED,
            agenda_item__conference__attendance__member=member,
        )
        .select_related("subject__organization", "subject__member")
        .distinct()
        .order_by("-recorded_at")[:LIMIT]
    )
    for vote in votes:
        text = _("Result of the ballot on %(subject)s: %(outcome)s") % {
            "subject": vote.subject,
            "outcome": outcome_text(vote),
        }
        url = reverse("voting:result", args=[vote.ballot_id])
        steps.append(NextStep("member", text, url, _("Result")))
    return steps


def staff_steps(user: AnyUser) -> list[NextStep]:
    """The ballot to create on a rating item, the ceremony to start, and a decision the rules
    hold for staff (the cards are the counting board's: they are made in its browser)."""
    if not user.is_authenticated:
        return []
    orgs = _role_orgs(user, Role.ORG_STAFF)
    steps = []
    proposed = Q(rating_submissions__isnull=False) | Q(
        conference__agenda_items__rating_submissions__isnull=False
    )
    items = AgendaItem.objects.filter(
        proposed,
        kind=AgendaKind.RATING,
        conference__organization__in=orgs,
        conference__status__in=[ConferenceStatus.PLANNED, ConferenceStatus.IN_PROGRESS],
    )
    rated = RatingBallot.objects.exclude(ballot__status=BallotStatus.CANCELLED)
    for item in (
        items.exclude(rating_ballots__in=rated).distinct().select_related("conference")[:LIMIT]
    ):
        text = _("%(conference)s: create the secret ballot for «%(item)s».") % {
            "conference": item.conference.title,
            "item": item.title,
        }
        url = reverse("evaluations:rating_item", args=[item.pk])
        steps.append(NextStep("staff", text, url, _("Rating vote")))
    drafts = Ballot.objects.filter(
        agenda_item__conference__organization__in=orgs, status=BallotStatus.DRAFT
    ).order_by("-id")[:LIMIT]
    for ballot in drafts:
        text = _("«%(title)s»: start the counting board's key ceremony.") % {"title": ballot.title}
        url = reverse("voting:ballot_detail", args=[ballot.pk])
        steps.append(NextStep("staff", text, url, _("Ballot set-up")))
    waiting = VoteRecord.objects.filter(
        is_decision=True,
        outcome_level__isnull=False,
        subject__decided_level__isnull=True,
        subject__period__organization__in=orgs,
    ).select_related("subject__organization", "subject__member")[:LIMIT]
    for vote in waiting:
        text = _("The vote on %(subject)s waits for a decision: see the rule checks.") % {
            "subject": vote.subject
        }
        url = reverse("evaluations:subject_detail", args=[vote.subject_id]) + "#decision-heading"
        steps.append(NextStep("staff", text, url, _("Decision")))
    return steps


def next_steps(user: AnyUser) -> list[NextStep]:
    """Everything the user should do now, by role (a person may hold several)."""
    return [*trustee_steps(user), *chair_steps(user), *staff_steps(user), *member_steps(user)]
