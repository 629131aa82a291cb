"""Tracking a shortcoming between reviews: its status as the remedy progresses.

Items are created by the self-review that names them (``do_submit_self_review``) and reported
on by the next review of the same owner; in between, staff record progress here, so the
roll-up and next year's review see how far each remedy has gone.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from phieukin.audit.services import record_event
from phieukin.evaluations.models import Shortcoming, ShortcomingStatus
from phieukin.evaluations.services.errors import EvaluationError


@transaction.atomic
def do_update_shortcoming(item: Shortcoming, *, status: str, note: str, actor: Any) -> Shortcoming:
    """Record how far the remedy has gone (a remedied item needs its note)."""
    if status not in ShortcomingStatus.values:
        raise EvaluationError(_("Unknown status of a shortcoming."))
    if status == ShortcomingStatus.REMEDIED and not note.strip():
        raise EvaluationError(_("Say how the shortcoming was remedied."))
    item = Shortcoming.objects.select_for_update().select_related("subject__period").get(pk=item.pk)
    old = item.status
    item.status, item.status_note = status, note.strip()
    item.save(update_fields=["status", "status_note", "updated_at"])
    record_event(
        "evaluations.shortcoming_updated",
        actor=actor,
        obj=item,
        organization=item.subject.period.organization,
        data={"old": old, "new": status},
    )
    return item
