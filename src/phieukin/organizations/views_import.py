"""Web import: upload a CSV/XLSX, follow the import's progress, read the row-by-row report.

Validate -> start the job -> render: the import itself runs in a background thread
(``importing.jobs``) and the page polls a small fragment with htmx until the job ends. Only
organization staff may import, and only into the subtrees where they hold that role; a
superuser may import anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from phieukin.accounts.permissions import Role, declare_access, organizations_for_user
from phieukin.organizations.errors import render as render_message
from phieukin.organizations.importing import jobs
from phieukin.organizations.importing.columns import KINDS
from phieukin.organizations.importing.errors import RowError
from phieukin.organizations.importing.templates import FORMATS, template_file
from phieukin.organizations.importing.validate_orgs import Scope

if TYPE_CHECKING:
    from phieukin.accounts.permissions import AnyUser

ACCESS = {"role": Role.ORG_STAFF, "kwarg": None}  # the role held on any organization


def import_scope(user: AnyUser) -> Scope | None:
    """Where ``user`` may import: None for everything, else their ORG_STAFF subtrees.

    Raises PermissionDenied for a user who manages no organization.
    """
    if user.is_superuser:
        return None
    managed = organizations_for_user(user, role=Role.ORG_STAFF)
    tops = managed.exclude(parent__in=managed).values_list("path", flat=True)
    prefixes = tuple(p for p in tops if p)
    if not prefixes:
        raise PermissionDenied
    return Scope(prefixes)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel (.xlsx) file"))
    dry_run = forms.BooleanField(label=_("Only check the file, do not import"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.PHIEUKIN_MAX_IMPORT_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s bytes; the limit is %(limit)s bytes."),
                params={"size": upload.size, "limit": limit},
            )
        return upload


@declare_access(**ACCESS)
@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    scope = import_scope(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        job_id = jobs.start_import(
            user_id=request.user.pk,
            filename=str(file.name)[:200],
            data=file.read(),
            scope=scope,
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("organizations:import_job", job_id=job_id)
    return render(
        request,
        "organizations/import.html",
        {"form": form, "kinds": KINDS, "formats": FORMATS},
        status=400 if form.is_bound else 200,
    )


def _job_for_user(request: HttpRequest, job_id: str) -> dict[str, Any]:
    import_scope(request.user)
    job = jobs.read_job(str(job_id))
    if job is None or job["user_id"] != request.user.pk:
        raise Http404
    return job


def _context(job: dict[str, Any]) -> dict[str, Any]:
    """The job as the templates show it: messages rendered in the reader's language."""
    errors = [RowError.from_dict(e) for e in job.get("errors", [])]
    error = job.get("error")
    finished = job["state"] in {"done", "invalid", "failed"}
    return {
        "job": job,
        "finished": finished,
        "percent": 100 * job["done"] // job["total"] if job.get("total") else 0,
        "row_errors": [(e, e.text()) for e in errors],
        "more_errors": job.get("total_errors", 0) - len(errors),
        "file_error": render_message(error["message"], error["params"]) if error else "",
        "result": job.get("result"),
    }


@declare_access(**ACCESS)
@login_required
@require_GET
def job(request: HttpRequest, job_id: str) -> HttpResponse:
    state = _job_for_user(request, job_id)
    return render(request, "organizations/import_job.html", _context(state))


@declare_access(**ACCESS)
@login_required
@require_GET
def progress(request: HttpRequest, job_id: str) -> HttpResponse:
    state = _job_for_user(request, job_id)
    return render(request, "organizations/_import_progress.html", _context(state))


@declare_access(**ACCESS)
@login_required
@require_GET
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    import_scope(request.user)
    if kind not in KINDS or fmt not in FORMATS:
        raise Http404
    data, content_type, filename = template_file(kind, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
