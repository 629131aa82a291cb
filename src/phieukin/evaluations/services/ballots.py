"""The voting app's published results, recorded on the subjects they rate.

``voting.signals.result_published`` is sent after the commit that publishes a ballot's result
with the opaque references of what it decides (``"evaluations.Subject:<id>"``, per question or
for the whole ballot) and the counts per option (the protocol's rating options, best first,
then the blank). Each referenced subject gets a ``VoteRecord`` (via ``do_record_vote``), and
the agenda item its resolution. Voting never imports evaluations; this module subscribes.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from django.db import transaction

from phieukin.audit.services import record_event
from phieukin.evaluations.models import Subject, VoteMethod, VoteRecord
from phieukin.evaluations.services.conference import do_announce_result
from phieukin.evaluations.services.errors import EvaluationError
from phieukin.evaluations.services.kinds import body_of
from phieukin.evaluations.services.votes import do_record_vote
from phieukin.meetings.models import AgendaItem, AttendeeRole
from phieukin.meetings.services import MeetingError
from phieukin.rules import Exclusion

logger = logging.getLogger(__name__)
REF_PREFIX = "evaluations.Subject:"
LEVEL_OPTIONS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")  # the order of voting.services.RATING_OPTIONS


def subject_ref(subject: Subject) -> str:
    """The opaque reference a ballot (or question) carries to rate ``subject``."""
    return f"{REF_PREFIX}{subject.pk}"


def _subject(ref: str) -> Subject | None:
    if not ref.startswith(REF_PREFIX):
        return None
    try:
        return Subject.objects.select_related("period").get(pk=int(ref.removeprefix(REF_PREFIX)))
    except (Subject.DoesNotExist, ValueError):
        return None


def convened_counts(item: AgendaItem) -> tuple[int, dict[str, int]]:
    """Voting members convened and those excused for the whole session (G.39 exclusions)."""
    rows = item.conference.attendance.filter(role=AttendeeRole.MEMBER)
    convened = rows.count()
    excused = rows.filter(present=False).exclude(absence_reason="").count()
    return convened, ({Exclusion.ABSENT_WITH_APPROVED_REASON.value: excused} if excused else {})


def record_ballot_result(
    *, ballot: Any, decides: str, refs: list[str], result: dict[str, Any], actor: Any = None
) -> list[VoteRecord]:
    """Record every rating question of a published ballot; refusals are audited, not raised
    (the ballot's publication has committed; a rule refusal leaves the decision to staff)."""
    item = AgendaItem.objects.select_related("conference__committee").get(pk=ballot.agenda_item_id)
    convened, excluded = convened_counts(item)
    counts = result.get("counts", [])
    questions = [(ref or (decides if len(refs) == 1 else ""), i) for i, ref in enumerate(refs)]
    votes = []
    for ref, index in questions:
        subject = _subject(ref)
        if subject is None or index >= len(counts):
            continue
        row = counts[index]
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
    result stays on the board and can be recorded again — ``VoteRecord`` is unique per ballot)."""
    ballot = kwargs["ballot"]
    try:
        record_ballot_result(
            ballot=ballot,
            decides=kwargs.get("decides", ""),
            refs=list(kwargs.get("refs", [])),
            result=kwargs.get("result") or {},
        )
    except Exception:  # see the docstring: never break the voting app's commit
        logger.exception("could not record the result of ballot %s", getattr(ballot, "pk", "?"))
