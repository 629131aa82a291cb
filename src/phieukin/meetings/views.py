"""Read-only conference pages: the list, one conference with its agenda, documents and attendance.

The attendance numbers (convened, present, quorum) come from ``meetings.services.quorum``, the
same numbers the minutes and the ballot use, so the page can never disagree with them.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    has_role,
    member_for_user,
    organizations_for_user,
)
from phieukin.lib.text import fold
from phieukin.meetings.models import (
    AgendaDocument,
    AgendaItem,
    AttendeeRole,
    Conference,
    ConferenceStatus,
)
from phieukin.meetings.services import Quorum, quorum
from phieukin.rules import check_quorum
from phieukin.rules.common import quorum_policy
from phieukin.rules.votes import Denominator

if TYPE_CHECKING:
    from phieukin.accounts.permissions import AnyUser

CONFERENCES_PER_PAGE = 30
_DOC_ORG = "agenda_item__conference__organization"
# The URL walk's plain-member persona sits on the convened list of the conference it walks.
CONVENED_MEMBER = {"member": "ok"}
# The convened list reads as the minutes do: voting members, then non-voting, then guests.
_ROLE_RANK = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(AttendeeRole.values)),
    default=Value(len(AttendeeRole.values)),
)


def _convened(user: AnyUser) -> Q:
    """Conferences whose convened list names ``user``'s party member.

    A member of the city's Executive Committee belongs to a cell far below the city, so the
    organization scope alone would hide the very conference they were convened to; being on
    the convened list is what entitles them to its agenda and documents.
    """
    member = member_for_user(user) if user.is_authenticated else None
    return Q(attendance__member=member) if member is not None else Q(pk__in=[])


def conferences_for_user(user: AnyUser) -> QuerySet[Conference]:
    """Conferences of every organization ``user`` may see, and those ``user`` is convened to."""
    visible = organizations_for_user(user).values("pk")
    return (
        Conference.objects.filter(Q(organization__in=visible) | _convened(user))
        .distinct()
        .select_related("organization", "committee")
    )


def _get_conference_for_user(user: AnyUser, pk: int) -> Conference:
    """Load a conference ``user`` may see (by organization or convened list): 404 otherwise."""
    conferences = Conference.objects.select_related(
        "organization", "committee", "chair", "secretary"
    )
    convened = conferences.filter(_convened(user), pk=pk).first()
    return convened or get_object_for_user(user, conferences, pk)


def get_agenda_item_for_user(user: AnyUser, pk: int) -> AgendaItem:
    """Load an agenda item whose conference ``user`` may see (as ``_get_conference_for_user``):
    whoever is convened reads its discussion, as they read its documents; 404 otherwise."""
    items = AgendaItem.objects.select_related("conference__organization")
    convened = items.filter(conference__in=Conference.objects.filter(_convened(user)), pk=pk)
    return convened.first() or get_object_for_user(
        user, items, pk, org_field="conference__organization"
    )


def attendance_context(conference: Conference) -> dict[str, object]:
    """Context for ``meetings/_attendance_summary.html`` (reusable by the chair's screen)."""
    counts: Quorum = quorum(conference)
    needed, met = 0, False  # nobody convened yet: no quorum to speak of
    if counts.convened_voting:
        check = check_quorum(
            quorum_policy(), Denominator(counts.convened_voting), counts.present_voting
        )
        needed, met = check.required, check.met
    return {
        "conference": conference,
        "counts": counts,
        "quorum_needed": needed,
        "quorum_met": met,
        "live": conference.status == ConferenceStatus.IN_PROGRESS,
    }


@declare_access(login=True)
@login_required
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = conferences_for_user(request.user)
    today = timezone.localdate()
    upcoming = conferences.filter(held_on__gte=today).order_by("held_on", "starts_at")
    past = Paginator(conferences.filter(held_on__lt=today), CONFERENCES_PER_PAGE)
    context = {"upcoming": upcoming, "page_obj": past.get_page(request.GET.get("page"))}
    return render(request, "meetings/conference_list.html", context)


@declare_access(role=None, kwarg="pk", model="meetings.Conference", expect=CONVENED_MEMBER)
@login_required
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _get_conference_for_user(request.user, pk)
    # "ballots" is the voting app's reverse relation: followed by name, meetings imports no voting.
    agenda = conference.agenda_items.prefetch_related(
        Prefetch("documents", queryset=AgendaDocument.objects.order_by("id")), "ballots"
    ).order_by("order")
    attendance = (
        conference.attendance.select_related("member")
        .annotate(role_rank=_ROLE_RANK)
        .order_by("role_rank", "member__sort_key", "guest_name")
    )
    context = attendance_context(conference) | {
        "agenda": agenda,
        "attendance": attendance,
        # The chair's screen refuses everyone else: show its link only to those it admits.
        "can_chair": has_role(request.user, conference.organization, (Role.CHAIR, Role.ORG_STAFF)),
    }
    return render(request, "meetings/conference_detail.html", context)


@declare_access(role=None, kwarg="pk", model="meetings.Conference", expect=CONVENED_MEMBER)
@login_required
def attendance_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance numbers alone: htmx polls this on the chair's screen during the meeting."""
    conference = _get_conference_for_user(request.user, pk)
    if not request.htmx:
        return redirect("meetings:conference_detail", pk=conference.pk)
    context = attendance_context(conference)
    response = render(request, "meetings/_attendance_summary.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


_UNSAFE = re.compile(r"[^a-z0-9]+")
_EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")


def download_name(document: AgendaDocument) -> str:
    """An ASCII file name from the title ("bao-cao-cong-tac-2023.pdf"): no path, no quote, no
    control character can reach the Content-Disposition header or the user's disk."""
    stem = _UNSAFE.sub("-", fold(document.title)).strip("-")[:80].strip("-") or "tai-lieu"
    suffix = PurePosixPath(document.file.name).suffix.lower()
    return stem + (suffix if _EXTENSION.fullmatch(suffix) else "")


@declare_access(
    role=None,
    kwarg="pk",
    model="meetings.AgendaDocument",
    org_field=_DOC_ORG,
    expect=CONVENED_MEMBER,
)
@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """An agenda document's file, to whoever may see its conference; always a download."""
    documents = AgendaDocument.objects.select_related(_DOC_ORG.replace("__organization", ""))
    document = documents.filter(
        pk=pk, agenda_item__conference__in=conferences_for_user(request.user)
    ).first() or get_object_for_user(request.user, documents, pk, org_field=_DOC_ORG)
    if not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(document),
        content_type="application/octet-stream",
    )
