"""The audit log's words for the meetings app's events (see ``phieukin.audit.labels``)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from phieukin.audit.labels import Detail, choices, register
from phieukin.meetings.discussion_models import CommentKind, ResolutionMethod
from phieukin.meetings.models import ConferenceStatus

register(
    {
        "meetings.conference_created": pgettext_lazy("audit", "Conference created"),
        "meetings.convened": pgettext_lazy("audit", "Conference convened"),
        "meetings.conference_status": pgettext_lazy("audit", "Conference status changed"),
        "meetings.checked_in": pgettext_lazy("audit", "Attendance checked in"),
        "meetings.absence_recorded": pgettext_lazy("audit", "Absence recorded"),
        "meetings.speaker_added": pgettext_lazy("audit", "Speaker added"),
        "meetings.comment_added": pgettext_lazy("audit", "Comment added"),
        "meetings.explanation_recorded": pgettext_lazy("audit", "Explanation report recorded"),
        "meetings.resolution_recorded": pgettext_lazy("audit", "Resolution recorded"),
    },
    {
        "held_on": Detail(pgettext_lazy("audit", "held on"), date=True),
        "items": Detail(pgettext_lazy("audit", "agenda items")),
        "voting": Detail(pgettext_lazy("audit", "voting members")),
        "non_voting": Detail(pgettext_lazy("audit", "non-voting attendees")),
        "guests": Detail(pgettext_lazy("audit", "guests")),
        "conference": Detail(pgettext_lazy("audit", "conference"), ref="meetings.Conference"),
        "member": Detail(pgettext_lazy("audit", "member"), ref="organizations.Member"),
        "guest": Detail(pgettext_lazy("audit", "guest")),
        "meetings.conference_status:from": Detail(
            pgettext_lazy("audit", "from"), values=choices(ConferenceStatus)
        ),
        "meetings.conference_status:to": Detail(
            pgettext_lazy("audit", "to"), values=choices(ConferenceStatus)
        ),
        "agenda_item": Detail(pgettext_lazy("audit", "agenda item"), ref="meetings.AgendaItem"),
        "comment": Detail(pgettext_lazy("audit", "comment no.")),
        "meetings.comment_added:kind": Detail(
            pgettext_lazy("audit", "kind"), values=choices(CommentKind)
        ),
        "answers": Detail(pgettext_lazy("audit", "answers")),
        "meetings.resolution_recorded:method": Detail(
            pgettext_lazy("audit", "method"), values=choices(ResolutionMethod)
        ),
    },
)
