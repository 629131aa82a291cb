"""Services of an agenda item's discussion: speakers, comments, explanation, resolution.

The path of every item (DS §1.5, the Hanoi conference): documents distributed (≥ 3 working
days before — ``notice_violations`` warns when late), speeches and written comments, the
presiding member's explanation and acceptance report answering them, then the conclusion (a
report) or the announced result of a vote (a rating item), which is the item's resolution and
``AgendaItem.conclusion``. Each step is one audited ``do_<verb>(..., *, actor)``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.meetings.discussion_models import (
    Comment,
    CommentKind,
    ExplanationReport,
    Resolution,
    ResolutionMethod,
    Speaker,
)
from phieukin.meetings.models import AgendaItem
from phieukin.meetings.services import MeetingError
from phieukin.organizations.models import Member
from phieukin.rules import PUBLIC_HOLIDAYS, RuleViolation, Source, documents_notice_violation


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(event: str, item: AgendaItem, actor: Any, **data: Any) -> None:
    record_event(
        f"meetings.{event}",
        actor=actor,
        obj=item,
        organization=item.conference.organization,
        data={"agenda_item": item.pk, **data},
    )


def notice_violations(
    item: AgendaItem,
    *,
    working_days: int,
    source: Source,
    holidays: Collection[date] = PUBLIC_HOLIDAYS,
) -> list[RuleViolation]:
    """A warning per document distributed too late (or not recorded as distributed)."""
    meeting_on = item.conference.held_on
    found = []
    for doc in item.documents.all():
        sent = doc.distributed_on or meeting_on
        violation = documents_notice_violation(sent, meeting_on, working_days, source, holidays)
        if violation is not None:
            found.append(
                RuleViolation(
                    violation.code,
                    f"«{doc.title}»: {violation.message_vi}",
                    f"{doc.title!r}: {violation.message_en}",
                    violation.source,
                )
            )
    return found


def _check_times(started_at: datetime | None, ended_at: datetime | None) -> None:
    if ended_at is not None and (started_at is None or ended_at < started_at):
        raise MeetingError(_("A speech ends after it starts."))


@transaction.atomic
def do_add_speaker(
    item: AgendaItem,
    *,
    name: str,
    actor: Any,
    member: Member | None = None,
    started_at: datetime | None = None,
    ended_at: datetime | None = None,
    summary: str = "",
) -> Speaker:
    """Add a speaker to the item's list (in order), with the speech's times and gist."""
    name = (name or (member.full_name if member else "")).strip()
    if not name:
        raise MeetingError(_("A speaker needs a name."))
    _check_times(started_at, ended_at)
    item = AgendaItem.objects.select_for_update().select_related("conference").get(pk=item.pk)
    order = item.speakers.count() + 1
    speaker = Speaker.objects.create(
        agenda_item=item,
        order=order,
        member=member,
        name=name[:300],
        started_at=started_at,
        ended_at=ended_at,
        summary=summary.strip(),
        recorded_by=_user(actor),
    )
    _audit("speaker_added", item, actor, order=order)
    return speaker


@transaction.atomic
def do_add_comment(
    item: AgendaItem,
    *,
    author_name: str,
    text: str,
    actor: Any,
    kind: str = CommentKind.WRITTEN,
    member: Member | None = None,
    speaker: Speaker | None = None,
    submitted_at: datetime | None = None,
) -> Comment:
    """Attach a written comment (or the gist of a speech) to the item."""
    author_name = (author_name or (member.full_name if member else "")).strip()
    if not author_name or not text.strip():
        raise MeetingError(_("A comment needs its author and its text."))
    if kind not in CommentKind.values:
        raise MeetingError(_("Unknown kind of comment."))
    if speaker is not None and speaker.agenda_item_id != item.pk:
        raise MeetingError(_("That speaker spoke on another agenda item."))
    comment = Comment.objects.create(
        agenda_item=item,
        kind=kind,
        member=member,
        author_name=author_name[:300],
        text=text.strip(),
        speaker=speaker,
        submitted_at=submitted_at or timezone.now(),
        recorded_by=_user(actor),
    )
    _audit("comment_added", item, actor, comment=comment.pk, kind=kind)
    return comment


@transaction.atomic
def do_record_explanation(
    item: AgendaItem,
    *,
    presenter_name: str,
    text: str,
    actor: Any,
    presenter: Member | None = None,
    answers: Sequence[Comment] = (),
    presented_at: datetime | None = None,
) -> ExplanationReport:
    """The presiding member's explanation and acceptance report, answering the comments."""
    presenter_name = (presenter_name or (presenter.full_name if presenter else "")).strip()
    if not presenter_name or not text.strip():
        raise MeetingError(_("The explanation report needs its presenter and its text."))
    if any(c.agenda_item_id != item.pk for c in answers):
        raise MeetingError(_("The report answers only comments on this agenda item."))
    try:
        with transaction.atomic():
            report = ExplanationReport.objects.create(
                agenda_item=item,
                presenter=presenter,
                presenter_name=presenter_name[:300],
                text=text.strip(),
                presented_at=presented_at or timezone.now(),
                recorded_by=_user(actor),
            )
    except IntegrityError:
        raise MeetingError(_("This agenda item already has its explanation report.")) from None
    report.answers.set(answers or item.comments.all())
    _audit("explanation_recorded", item, actor, answers=report.answers.count())
    return report


def _save_resolution(item: AgendaItem, actor: Any, **fields: Any) -> Resolution:
    if Resolution.objects.filter(agenda_item=item).exists():
        raise MeetingError(_("This agenda item already has its resolution."))
    resolution = Resolution.objects.create(
        agenda_item=item, announced_at=timezone.now(), recorded_by=_user(actor), **fields
    )
    item.conclusion = fields["text"]
    item.save(update_fields=["conclusion"])
    _audit("resolution_recorded", item, actor, method=fields["method"])
    return resolution


@transaction.atomic
def do_conclude(item: AgendaItem, *, text: str, actor: Any) -> Resolution:
    """An item without a vote (a report, the financial report): the chair's conclusion, after
    the explanation report when there were comments."""
    item = AgendaItem.objects.select_for_update().select_related("conference").get(pk=item.pk)
    if not text.strip():
        raise MeetingError(_("Write the conclusion."))
    if item.comments.exists() and not ExplanationReport.objects.filter(agenda_item=item).exists():
        raise MeetingError(
            _("The comments have not been answered: record the explanation report first.")
        )
    return _save_resolution(item, actor, method=ResolutionMethod.CONCLUSION, text=text.strip())


@transaction.atomic
def do_record_resolution(
    item: AgendaItem,
    *,
    method: str,
    text: str,
    actor: Any,
    outcome: str = "",
    counts: Mapping[str, int] | None = None,
    denominator: int | None = None,
    decides: str = "",
) -> Resolution:
    """The announced result of a vote on the item (secret ballot or show of hands)."""
    item = AgendaItem.objects.select_for_update().select_related("conference").get(pk=item.pk)
    if method not in (ResolutionMethod.SECRET_BALLOT, ResolutionMethod.SHOW_OF_HANDS):
        raise MeetingError(_("A vote is by secret ballot or by show of hands."))
    if not text.strip():
        raise MeetingError(_("Write the resolution."))
    return _save_resolution(
        item,
        actor,
        method=method,
        text=text.strip(),
        outcome=outcome[:200],
        counts=dict(counts or {}),
        denominator=denominator,
        decides=decides[:200],
    )
