"""Document pages and downloads: prepare (number, date, targets, end time), then download.

Each document has a page where it is prepared, reached by a button where it belongs (the
conference page: Tờ trình, biên bản hội nghị; the ballot's result page: biên bản kiểm phiếu;
the subject page: Quyết định, Mẫu 03, Mẫu 04; the roll-up: Mẫu 04, XLSX). Reading needs
SUPERIOR (ORG_STAFF grants it) or CHAIR on the organization; numbering, targets and the end
time need ORG_STAFF (the end time: CHAIR too, the secretary's). A document that cannot be made
yet answers 409 with a page that says why, in the UI's language, and links back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    get_organization_for_user,
    has_role,
)
from phieukin.evaluations.models import DecisionMethod, Subject, Submission
from phieukin.meetings.models import Conference, ConferenceStatus
from phieukin.reports import documents
from phieukin.reports.documents import decision as decision_doc
from phieukin.reports.documents import rerate
from phieukin.reports.documents import submission as submission_doc
from phieukin.reports.documents.common import subject_name, subject_org
from phieukin.reports.documents.facts import active_decision, decision_issuer
from phieukin.reports.documents.layout import FORMATS, DocumentError
from phieukin.reports.documents.minutes import end_time
from phieukin.reports.forms import DecisionIssueForm, EndTimeForm, SignedOnForm, YearTargetForm
from phieukin.reports.register import (
    do_add_target,
    do_record_end_time,
    do_register_document,
    do_remove_target,
    targets_of,
)
from phieukin.reports.register_models import DocType, DocumentNumber, YearTarget
from phieukin.voting.models import Ballot

READ = [Role.SUPERIOR, Role.CHAIR]
CONFERENCE_ROLES = [Role.ORG_STAFF, Role.CHAIR]
_SUBMISSION_ORG = "agenda_item__conference__organization"
_SUBJECT_ORG = "period__organization"
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_response(data: bytes, name: str, ext: str) -> HttpResponse:
    response = HttpResponse(data, content_type=MIME[ext])
    response["Content-Disposition"] = f'attachment; filename="{name}.{ext}"'
    return response


def refused(
    request: HttpRequest, reason: object, *, back: str = "", back_label: str = ""
) -> HttpResponse:
    """The normal page that says why a document cannot be made yet (409)."""
    context = {"reason": str(reason), "back": back, "back_label": back_label or _("Back")}
    return render(request, "reports/refused.html", context, status=409)


def document_response(
    request: HttpRequest,
    build: Callable[..., bytes],
    name: str,
    fmt: str,
    *args: Any,
    back: str = "",
    back_label: str = "",
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    try:
        data = build(*args, fmt=fmt)
    except DocumentError as exc:
        return refused(request, exc, back=back, back_label=back_label)
    return file_response(data, name, fmt)


def _can(request: HttpRequest, org: Any, role: Any) -> bool:
    return has_role(request.user, org, role)


# --- Tờ trình -----------------------------------------------------------------------------


def _submission(request: HttpRequest, pk: int, role: Any = CONFERENCE_ROLES) -> Submission:
    qs = Submission.objects.select_related(
        "subject__period__organization",
        "subject__organization",
        "subject__member",
        "agenda_item__conference__organization",
        "agenda_item__conference__committee",
        "document",
    )
    return get_object_for_user(request.user, qs, pk, role=role, org_field=_SUBMISSION_ORG)


def _submission_page_url(submission: Submission) -> str:
    return reverse("reports:submission_page", args=[submission.pk])


def submission_context(request: HttpRequest, submission: Submission, **extra: Any) -> dict:
    subject = submission.subject
    issuer = submission_doc.submitting_issuer(submission)
    to, verb = submission_doc.addressee(submission)
    row = submission_doc.registered(submission)
    number_error = ""
    typed = None
    if row is None:
        try:
            typed = submission_doc.typed_number(submission, issuer)
        except DocumentError as exc:
            number_error = str(exc)
    org = subject_org(subject)
    context = {
        "submission": submission,
        "subject_label": subject_name(subject),
        "conference": submission.agenda_item.conference,
        "issuer": issuer,
        "addressee": to,
        "verb": verb,
        "registered": row,
        "typed": f"{typed:02d}-TTr/{issuer.symbol}" if typed else "",
        "number_error": number_error,
        "targets": targets_of(subject.period, org),
        "can_edit": _can(request, submission.agenda_item.conference.organization, Role.ORG_STAFF),
        "number_form": SignedOnForm(initial={"signed_on": submission_doc.default_date(submission)}),
        "target_form": YearTargetForm(),
    }
    context.update(extra)
    return context


@declare_access(
    role=CONFERENCE_ROLES, kwarg="pk", model="evaluations.Submission", org_field=_SUBMISSION_ORG
)
@login_required
def submission_page(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    return render(request, "reports/submission.html", submission_context(request, submission))


@require_POST
@declare_access(
    role=Role.ORG_STAFF, kwarg="pk", model="evaluations.Submission", org_field=_SUBMISSION_ORG
)
@login_required
def submission_number(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, role=Role.ORG_STAFF)
    form = SignedOnForm(request.POST)
    if not form.is_valid():
        context = submission_context(request, submission, number_form=form)
        return render(request, "reports/submission.html", context, status=400)
    issuer = submission_doc.submitting_issuer(submission)
    try:
        typed = submission_doc.typed_number(submission, issuer)
        row = do_register_document(
            issuer,
            doc_type=DocType.SUBMISSION,
            signed_on=form.cleaned_data["signed_on"],
            period=submission.subject.period,
            target=submission_doc.target_ref(submission),
            number=typed,
            actor=request.user,
        )
    except DocumentError as exc:
        return refused(
            request, exc, back=_submission_page_url(submission), back_label=_("The submission")
        )
    messages.success(request, _("Numbered %(number)s.") % {"number": row.label})
    return redirect(_submission_page_url(submission))


@require_POST
@declare_access(
    role=Role.ORG_STAFF, kwarg="pk", model="evaluations.Submission", org_field=_SUBMISSION_ORG
)
@login_required
def target_add(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, role=Role.ORG_STAFF)
    form = YearTargetForm(request.POST)
    if not form.is_valid():
        context = submission_context(request, submission, target_form=form)
        return render(request, "reports/submission.html", context, status=400)
    subject = submission.subject
    try:
        do_add_target(subject.period, subject_org(subject), **form.cleaned_data, actor=request.user)
    except DocumentError as exc:
        return refused(request, exc, back=_submission_page_url(submission))
    messages.success(request, _("Target added."))
    return redirect(_submission_page_url(submission))


@require_POST
@declare_access(
    role=Role.ORG_STAFF, kwarg="pk", model="evaluations.Submission", org_field=_SUBMISSION_ORG
)
@login_required
def target_remove(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk, role=Role.ORG_STAFF)
    subject = submission.subject
    raw = request.POST.get("target", "")
    target = get_object_or_404(
        YearTarget,
        pk=int(raw) if raw.isdigit() else 0,
        period=subject.period,
        organization=subject_org(subject),
    )
    do_remove_target(target, actor=request.user)
    messages.success(request, _("Target removed."))
    return redirect(_submission_page_url(submission))


@declare_access(role=READ, kwarg="pk", model="evaluations.Submission", org_field=_SUBMISSION_ORG)
@login_required
def submission_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    submission = _submission(request, pk, role=READ)
    return document_response(
        request,
        documents.build_submission,
        f"to-trinh-{pk}",
        fmt,
        submission,
        back=_submission_page_url(submission),
        back_label=_("The submission"),
    )


# --- Minutes ------------------------------------------------------------------------------


def _conference(request: HttpRequest, pk: int, role: Any = CONFERENCE_ROLES) -> Conference:
    qs = Conference.objects.select_related("organization", "committee", "chair", "secretary")
    return get_object_for_user(request.user, qs, pk, role=role)


def minutes_context(request: HttpRequest, conference: Conference, **extra: Any) -> dict:
    ends = end_time(conference)
    context = {
        "conference": conference,
        "ends_at": ends,
        "closed": conference.status == ConferenceStatus.CLOSED,
        "ballots": Ballot.objects.filter(agenda_item__conference=conference).order_by("pk"),
        "end_form": EndTimeForm(initial={"ends_at": ends}),
        "can_edit": _can(request, conference.organization, CONFERENCE_ROLES),
    }
    context.update(extra)
    return context


@declare_access(role=CONFERENCE_ROLES, kwarg="pk", model="meetings.Conference")
@login_required
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    return render(request, "reports/minutes.html", minutes_context(request, conference))


@require_POST
@declare_access(role=CONFERENCE_ROLES, kwarg="pk", model="meetings.Conference")
@login_required
def minutes_end(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    form = EndTimeForm(request.POST)
    if not form.is_valid():
        context = minutes_context(request, conference, end_form=form)
        return render(request, "reports/minutes.html", context, status=400)
    page = reverse("reports:minutes_page", args=[conference.pk])
    try:
        do_record_end_time(conference, ends_at=form.cleaned_data["ends_at"], actor=request.user)
    except DocumentError as exc:
        return refused(request, exc, back=page, back_label=_("The minutes"))
    messages.success(request, _("End time recorded."))
    return redirect(page)


@declare_access(role=CONFERENCE_ROLES, kwarg="pk", model="meetings.Conference")
@login_required
def minutes_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    conference = _conference(request, pk)
    return document_response(
        request,
        documents.build_minutes,
        f"bien-ban-hoi-nghi-{pk}",
        fmt,
        conference,
        back=reverse("reports:minutes_page", args=[conference.pk]),
        back_label=_("The minutes"),
    )


def _ballot_for(request: HttpRequest, pk: int) -> Ballot:
    """A ballot whose documents the user may download (the conference's roles and its board)."""
    return get_object_for_user(
        request.user,
        Ballot.objects.select_related("agenda_item__conference__organization"),
        pk,
        role=[*CONFERENCE_ROLES, Role.TRUSTEE],
        org_field="agenda_item__conference__organization",
    )


@declare_access(
    role=[*CONFERENCE_ROLES, Role.TRUSTEE],
    kwarg="pk",
    model="voting.Ballot",
    org_field="agenda_item__conference__organization",
)
@login_required
def tally_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    ballot = _ballot_for(request, pk)
    return document_response(
        request,
        documents.build_tally_report,
        f"bien-ban-kiem-phieu-{pk}",
        fmt,
        ballot,
        back=reverse("voting:result", args=[ballot.pk]),
        back_label=_("The result"),
    )


@declare_access(
    role=[*CONFERENCE_ROLES, Role.TRUSTEE],
    kwarg="pk",
    model="voting.Ballot",
    org_field="agenda_item__conference__organization",
)
@login_required
def paper_ballots_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The numbered paper ballots of a poll with a paper part (PDF, docs/paper.md)."""
    ballot = _ballot_for(request, pk)
    return document_response(
        request,
        documents.build_paper_ballots,
        f"phieu-giay-{pk}",
        fmt,
        ballot,
        back=reverse("voting:ballot_detail", args=[ballot.pk]),
        back_label=_("The ballot"),
    )


# --- Quyết định, Mẫu 03, Mẫu 04 ------------------------------------------------------------


def _subject(request: HttpRequest, pk: int, role: Any = READ) -> Subject:
    qs = Subject.objects.select_related("period__organization", "member", "organization")
    return get_object_for_user(request.user, qs, pk, role=role, org_field=_SUBJECT_ORG)


def _subject_url(subject: Subject) -> str:
    return reverse("evaluations:subject_detail", args=[subject.pk])


def decision_context(request: HttpRequest, subject: Subject, **extra: Any) -> dict[str, Any]:
    """The issuer of the subject's decision, its documents of the period, what is pending."""
    decision = active_decision(subject)
    if decision is None:
        raise DocumentError(_("%(subject)s is not rated yet."), subject=subject_name(subject))
    issuer = decision_issuer(decision)
    if issuer is None:
        raise DocumentError(
            _(
                "The rating of %(subject)s is decided by a level above this installation; "
                "its decision is issued there."
            ),
            subject=subject_name(subject),
        )
    period = subject.period
    pending = {
        t: decision_doc.pending_decisions(issuer, period, t)
        for t in (DocType.DECISION, DocType.NOTICE)
    }
    initial = decision_doc.default_signing_date(pending[DocType.DECISION] or [decision], period)
    context = {
        "subject": subject,
        "subject_label": subject_name(subject),
        "decision": decision,
        "issuer": issuer,
        "issued": decision_doc.issued_documents(issuer, period),
        "pending": pending[DocType.DECISION],
        "pending_notice": pending[DocType.NOTICE],
        "can_edit": _can(request, issuer.organization, Role.ORG_STAFF),
        "issue_form": DecisionIssueForm(initial={"signed_on": initial}),
    }
    context.update(extra)
    return context


@declare_access(role=READ, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG)
@login_required
def decision_page(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    try:
        context = decision_context(request, subject)
    except DocumentError as exc:
        return refused(request, exc, back=_subject_url(subject), back_label=_("The subject"))
    return render(request, "reports/decision.html", context)


@require_POST
@declare_access(
    role=Role.ORG_STAFF, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG
)
@login_required
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk, role=Role.ORG_STAFF)
    page = reverse("reports:decision_page", args=[subject.pk])
    try:
        context = decision_context(request, subject)
        form = DecisionIssueForm(request.POST, earliest=subject.period.starts_on)
        if not form.is_valid():
            context["issue_form"] = form
            return render(request, "reports/decision.html", context, status=400)
        doc_type = form.cleaned_data["doc_type"]
        pending = context["pending"] if doc_type == DocType.DECISION else context["pending_notice"]
        if not pending:
            raise DocumentError(_("Every decided subject of this body is already in a document."))
        row = do_register_document(
            context["issuer"],
            doc_type=doc_type,
            signed_on=form.cleaned_data["signed_on"],
            period=subject.period,
            decisions=[d.pk for d in pending],
            actor=request.user,
        )
    except DocumentError as exc:
        return refused(request, exc, back=page, back_label=_("The decision"))
    messages.success(request, _("Numbered %(number)s.") % {"number": row.label})
    return redirect(page)


def _rerating(subject: Subject) -> Any:
    decision = active_decision(subject)
    if decision is None or decision.method != DecisionMethod.RE_RATE:
        raise DocumentError(_("%(subject)s was not re-rated."), subject=subject_name(subject))
    return decision


@declare_access(role=READ, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG)
@login_required
def rerating_page(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk)
    try:
        decision = _rerating(subject)
        issuer = decision_issuer(decision)
        if issuer is None:
            raise DocumentError(_("The re-rating was decided above this installation."))
    except DocumentError as exc:
        return refused(request, exc, back=_subject_url(subject), back_label=_("The subject"))
    context = {
        "subject": subject,
        "subject_label": subject_name(subject),
        "decision": decision,
        "issuer": issuer,
        "registered": DocumentNumber.objects.filter(
            doc_type=DocType.DECISION, target=rerate.target_ref(decision)
        ).first(),
        "can_edit": _can(request, issuer.organization, Role.ORG_STAFF),
        "number_form": SignedOnForm(
            initial={"signed_on": timezone.localtime(decision.decided_at).date()}
        ),
    }
    return render(request, "reports/rerating.html", context)


@require_POST
@declare_access(
    role=Role.ORG_STAFF, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG
)
@login_required
def rerating_issue(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _subject(request, pk, role=Role.ORG_STAFF)
    page = reverse("reports:rerating_page", args=[subject.pk])
    form = SignedOnForm(request.POST, earliest=subject.period.starts_on)
    try:
        decision = _rerating(subject)
        issuer = decision_issuer(decision)
        if issuer is None:
            raise DocumentError(_("The re-rating was decided above this installation."))
        if not form.is_valid():
            raise DocumentError(_("Enter a valid signing date."))
        typed = submission_doc.parse_number(decision.number)
        number = (
            typed[0]
            if typed and typed[1] == DocType.DECISION and typed[2] == issuer.symbol
            else None
        )
        row = do_register_document(
            issuer,
            doc_type=DocType.DECISION,
            signed_on=form.cleaned_data["signed_on"],
            period=subject.period,
            target=rerate.target_ref(decision),
            number=number,
            actor=request.user,
        )
    except DocumentError as exc:
        return refused(request, exc, back=page, back_label=_("Form 03"))
    messages.success(request, _("Numbered %(number)s.") % {"number": row.label})
    return redirect(page)


@declare_access(role=READ, kwarg="pk", model="reports.DocumentNumber", org_field="organization")
@login_required
def issued_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    row = get_object_for_user(
        request.user,
        DocumentNumber.objects.select_related("organization", "period"),
        pk,
        role=READ,
        org_field="organization",
    )
    slug = {DocType.DECISION: "quyet-dinh", DocType.NOTICE: "thong-bao"}.get(
        row.doc_type, "to-trinh"
    )
    name = f"{slug}-{row.number:02d}-{row.organization.code}".lower()
    return document_response(request, documents.build_issued, name, fmt, row)


@declare_access(role=READ, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG)
@login_required
def dossier_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    subject = _subject(request, pk)
    return document_response(
        request,
        documents.build_dossier_list,
        f"danh-muc-ho-so-{pk}",
        fmt,
        subject,
        back=_subject_url(subject),
        back_label=_("The subject"),
    )


@declare_access(role=READ, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG)
@login_required
def review_form_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The member's self-review on its form (Mẫu 2A / 2B / 2C; a quarter's on Mẫu 05)."""
    subject = _subject(request, pk)
    return document_response(
        request,
        documents.build_review_form,
        f"ban-kiem-diem-{pk}",
        fmt,
        subject,
        back=_subject_url(subject),
        back_label=_("The subject"),
    )


@declare_access(role=READ, kwarg="pk", model="evaluations.Subject", org_field=_SUBJECT_ORG)
@login_required
def quarter_rating_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Mẫu 05: the self-rating of the quarter, or of the year with its quarters."""
    subject = _subject(request, pk)
    return document_response(
        request,
        documents.build_quarter_rating,
        f"mau-05-{pk}",
        fmt,
        subject,
        back=_subject_url(subject),
        back_label=_("The subject"),
    )


def organization_dossier(request: HttpRequest, org_id: int, fmt: str, period: Any) -> HttpResponse:
    org = get_organization_for_user(request.user, org_id, role=Role.SUPERIOR)
    return document_response(
        request,
        documents.build_organization_dossier,
        f"danh-muc-ho-so-{org.code}".lower(),
        fmt,
        org,
        period,
        back=f"{reverse('reports:rollup', args=[org.pk])}?period={period.pk}",
        back_label=_("Roll-up of ratings"),
    )
