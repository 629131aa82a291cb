"""Secret ballots on a rating agenda item: created from its subjects, their results recorded.

``do_create_rating_ballot`` builds the ballot through the voting app's services: one rating
question per subject the item rates (``item_subjects``: the subjects of the Tờ trình before the
conference), each with the opaque reference ``"evaluations.Subject:<id>"`` set here — no person
types it — and the counting board chosen by staff among the holders of the trustee role. The
voting app knows nothing of subjects; the ``RatingBallot`` row is this app's side of the link.

When the ballot's result is published (``voting.signals.result_published``, after its commit),
``record_ballot_result`` reads the published counts and head hash and records one
``VoteRecord`` per subject (``do_record_vote``: the decision when the conference's body
decides, a proposal to the competent level otherwise), then the item's resolution. A subject for
which no level reached the threshold is offered a round-2 ballot (``do_create_revote``) on the
same agenda item, linked to round 1.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import (
    CollectiveKind,
    RatingBallot,
    Subject,
    Submission,
    VoteMethod,
    VoteRecord,
)
from phieukin.evaluations.services.conference import do_announce_result
from phieukin.evaluations.services.errors import EvaluationError
from phieukin.evaluations.services.kinds import BODY_LABELS, body_of
from phieukin.evaluations.services.votes import do_record_vote
from phieukin.meetings.models import AgendaItem, AgendaKind, AttendeeRole
from phieukin.meetings.services import MeetingError
from phieukin.rules import Body, Exclusion, VoteReason
from phieukin.voting import services as voting
from phieukin.voting.errors import VotingError
from phieukin.voting.models import Ballot, BallotStatus

logger = logging.getLogger(__name__)
REF_PREFIX = "evaluations.Subject:"
LEVEL_OPTIONS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")  # the order of voting.services.RATING_OPTIONS
_SUBJECTS = Subject.objects.select_related(
    "period__organization", "organization", "member", "committee"
)


def subject_ref(subject: Subject) -> str:
    """The opaque reference a ballot question carries to rate ``subject``."""
    return f"{REF_PREFIX}{subject.pk}"


def _subject(ref: str) -> Subject | None:
    if not ref.startswith(REF_PREFIX):
        return None
    try:
        return _SUBJECTS.get(pk=int(ref.removeprefix(REF_PREFIX)))
    except (Subject.DoesNotExist, ValueError):
        return None


def item_subjects(item: AgendaItem) -> list[Subject]:
    """The subjects a rating item votes on: those of the Tờ trình on the item itself, or else
    those submitted to the conference on its other items (the Tờ trình is discussed on its own
    item, then the rating item holds the vote), in agenda order."""
    submissions = Submission.objects.filter(subject__in_scope=True).select_related("subject")
    own = submissions.filter(agenda_item=item)
    chosen = (
        own
        if own.exists()
        else submissions.filter(agenda_item__conference_id=item.conference_id).exclude(
            agenda_item__kind=AgendaKind.RATING
        )
    )
    ordered = chosen.order_by("agenda_item__order", "subject__kind", "subject_id")
    seen: dict[int, Subject] = {}
    for submission in ordered:
        seen.setdefault(submission.subject_id, submission.subject)
    return list(_SUBJECTS.filter(pk__in=list(seen)).order_by("kind", "pk"))


def question_label(subject: Subject) -> str:
    """What the ballot prints for a subject: the organization's name, the committee with its
    organization, or the member with their position."""
    if subject.member_id is not None:
        member = subject.member
        return f"{member.full_name} — {subject.title}" if subject.title else member.full_name
    org = subject.organization.name
    if subject.collective_kind in (CollectiveKind.PARTY_ORGANIZATION, CollectiveKind.CELL):
        return org
    return f"{CollectiveKind(subject.collective_kind).label} — {org}"


def rating_ballots(item: AgendaItem) -> list[RatingBallot]:
    return list(
        RatingBallot.objects.filter(agenda_item=item)
        .select_related("ballot")
        .prefetch_related("subjects")
        .order_by("round", "id")
    )


@transaction.atomic
def do_create_rating_ballot(
    item: AgendaItem,
    *,
    trustees: Sequence[Any],
    threshold: int,
    actor: Any,
    subjects: Sequence[Subject] | None = None,
    previous: RatingBallot | None = None,
) -> RatingBallot:
    """A draft secret ballot on ``item``: one rating question per subject (reference set
    here), the counting board seated. Refuses a non-rating item, an item with nothing to rate,
    and a second open ballot on the same item (a re-vote goes through ``do_create_revote``)."""
    if item.kind != AgendaKind.RATING:
        raise EvaluationError(_("Only a rating agenda item holds a rating ballot."))
    chosen = list(subjects) if subjects is not None else item_subjects(item)
    if not chosen:
        raise EvaluationError(_("No proposal (Tờ trình) is before the conference to vote on."))
    active = RatingBallot.objects.filter(agenda_item=item).exclude(
        ballot__status=BallotStatus.CANCELLED
    )
    if previous is None and active.exists():
        raise EvaluationError(_("This agenda item already has its ballot."))
    try:
        ballot = voting.do_create_ballot(
            item,
            title=item.title if previous is None else f"{item.title} (vòng {previous.round + 1})",
            threshold=threshold,
            trustee_count=len(trustees),
            actor=actor,
        )
        voting.do_add_rating_list(
            ballot, [(question_label(s), subject_ref(s), s.member) for s in chosen], actor=actor
        )
        voting.do_set_trustees(ballot, list(trustees), actor=actor)
    except VotingError as exc:
        raise EvaluationError(
            _("The ballot cannot be set up: %(reason)s"), reason=exc.message
        ) from None
    rating = RatingBallot.objects.create(
        agenda_item=item,
        ballot=ballot,
        round=previous.round + 1 if previous else 1,
        previous=previous,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    rating.subjects.set(chosen)
    record_event(
        "evaluations.rating_ballot_created",
        actor=actor,
        obj=item,
        organization=item.conference.organization,
        data={"ballot": ballot.pk, "round": rating.round, "subjects": [s.pk for s in chosen]},
    )
    return rating


def revote_subjects(rating: RatingBallot) -> list[Subject]:
    """Subjects of a published ballot whose vote reached no level and calls for a re-vote."""
    votes = VoteRecord.objects.filter(
        ballot=rating.ballot, reason_code=VoteReason.NO_MAJORITY_REVOTE
    )
    return list(_SUBJECTS.filter(pk__in=votes.values("subject_id")).order_by("kind", "pk"))


@transaction.atomic
def do_create_revote(rating: RatingBallot, *, actor: Any) -> RatingBallot:
    """Round 2 on the same agenda item for the subjects round 1 left without a level, with
    the same counting board (the body votes again, as in further election rounds)."""
    rating = RatingBallot.objects.select_for_update().select_related("ballot").get(pk=rating.pk)
    if rating.ballot.status != BallotStatus.PUBLISHED:
        raise EvaluationError(_("A re-vote follows a published result."))
    if RatingBallot.objects.filter(previous=rating).exists():
        raise EvaluationError(_("The re-vote of this ballot already exists."))
    subjects = revote_subjects(rating)
    if not subjects:
        raise EvaluationError(_("Every subject of this ballot reached a level: no re-vote."))
    board = [t.user for t in rating.ballot.trustees.select_related("user").order_by("index")]
    return do_create_rating_ballot(
        rating.agenda_item,
        trustees=board,
        threshold=rating.ballot.threshold,
        subjects=subjects,
        previous=rating,
        actor=actor,
    )


def convened_counts(item: AgendaItem) -> tuple[int, dict[str, int]]:
    """Voting members convened and those excused for the whole session (G.39 exclusions)."""
    rows = item.conference.attendance.filter(role=AttendeeRole.MEMBER)
    convened = rows.count()
    excused = rows.filter(present=False).exclude(absence_reason="").count()
    return convened, ({Exclusion.ABSENT_WITH_APPROVED_REASON.value: excused} if excused else {})


def record_ballot_result(ballot: Ballot, *, actor: Any = None) -> list[VoteRecord]:
    """Record every rating question of a published ballot from its published result (counts,
    head hash); refusals are audited, not raised: the publication has committed, and a rule
    refusal leaves the decision to staff. Already recorded questions are skipped."""
    ballot = Ballot.objects.select_related("agenda_item__conference__committee").get(pk=ballot.pk)
    result = ballot.result or {}
    if ballot.status != BallotStatus.PUBLISHED or not result.get("counts"):
        raise EvaluationError(_("The ballot has no published result yet."))
    item = ballot.agenda_item
    rating = RatingBallot.objects.filter(ballot=ballot).first()
    convened, excluded = convened_counts(item)
    refs = ballot.questions.order_by("order").values_list("subject_ref", flat=True)
    votes = []
    for ref, row in zip(refs, result["counts"], strict=False):
        subject = _subject(ref)
        if subject is None or VoteRecord.objects.filter(subject=subject, ballot=ballot).exists():
            continue
        try:
            with transaction.atomic():
                votes.append(
                    do_record_vote(
                        subject,
                        method=VoteMethod.SECRET_BALLOT,
                        body=body_of(
                            item.conference.committee, item.conference.organization, subject
                        ),
                        counts=dict(zip(LEVEL_OPTIONS, row[:4], strict=True)),
                        blank=row[4] if len(row) > 4 else 0,
                        convened=convened,
                        excluded=excluded,
                        ballot_ref=f"voting.Ballot:{ballot.pk}",
                        ballot=ballot,
                        head_hash=str(result.get("head", "")),
                        vote_round=rating.round if rating else 1,
                        agenda_item=item,
                        actor=actor,
                    )
                )
        except (EvaluationError, ValueError) as exc:
            record_event(
                "evaluations.ballot_result_unrecorded",
                actor=actor,
                obj=subject,
                organization=subject.period.organization,
                data={"ballot": ballot.pk, "reason": str(exc)[:500]},
            )
    if votes:
        # An item whose resolution was already announced by hand keeps it.
        with contextlib.suppress(EvaluationError, MeetingError):
            do_announce_result(item, votes, actor=actor)
    return votes


def on_result_published(sender: Any, **kwargs: Any) -> None:
    """Receiver for ``voting.signals.result_published``. It runs after the ballot's commit, so
    nothing here may fail the publication: an unexpected error is logged with its ballot (the
    result stays on the board; staff record it with the item page's button)."""
    ballot = kwargs["ballot"]
    try:
        record_ballot_result(ballot)
    except Exception:  # see the docstring: never break the voting app's commit
        logger.exception("could not record the result of ballot %s", getattr(ballot, "pk", "?"))


def outcome_lines(sender: Any, **kwargs: Any) -> list[str] | None:
    """Receiver for ``voting.signals.result_outcomes``: per question, the outcome recorded
    here (decision or proposal, with the one denominator), so the result page and the minutes
    print what the workflow recorded; None for a ballot this app did not create."""
    ballot = kwargs["ballot"]
    refs = list(ballot.questions.order_by("order").values_list("subject_ref", flat=True))
    if not any(ref.startswith(REF_PREFIX) for ref in refs):
        return None
    votes = {
        subject_ref(v.subject): v
        for v in VoteRecord.objects.filter(ballot=ballot).select_related("subject")
    }
    return [outcome_text(votes[ref]) if ref in votes else "" for ref in refs]


def outcome_text(vote: VoteRecord) -> str:
    """One sentence: the explanation, and whether the vote decides or proposes."""
    if vote.is_decision and vote.outcome_level:
        return f"{vote.explanation}. Đây là quyết định xếp loại của hội nghị."
    if vote.outcome_level and vote.competent_body:
        competent = BODY_LABELS.get(Body(vote.competent_body), vote.competent_body)
        return f"{vote.explanation}. Kết quả là đề xuất trình {competent} xem xét, quyết định."
    return vote.explanation
