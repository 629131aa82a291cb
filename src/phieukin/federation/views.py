"""The federation page: this installation's key, its peers, the bundles imported, upload and
export. Reading and importing need Ban Tổ chức staff (ORG_STAFF) somewhere, and an import is
refused unless the user is staff of the sender's registered organization; registering a peer's
key is for the installation's administrators (superusers); exporting a period needs staff of
the period's organization."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    has_role,
    organizations_for_user,
)
from phieukin.evaluations.models import Period
from phieukin.federation.errors import FederationError
from phieukin.federation.export import do_export_bundle
from phieukin.federation.forms import BundleUploadForm, PeerForm
from phieukin.federation.keys import fingerprint, public_key_hex
from phieukin.federation.models import ImportedBundle, Peer
from phieukin.federation.services import do_import_bundle, do_register_peer

STAFF = Role.ORG_STAFF
ADMIN_ONLY = {"staff": "forbidden", "outsider_staff": "forbidden"}


def _require_staff(request: HttpRequest) -> None:
    if not organizations_for_user(request.user, role=STAFF).exists():
        raise PermissionDenied


def _page(request: HttpRequest, **forms: object) -> HttpResponse:
    scope = organizations_for_user(request.user, role=STAFF).values("pk")
    peers = Peer.objects.filter(organization__in=scope).select_related("organization")
    bundles = (
        ImportedBundle.objects.filter(sender__organization__in=scope)
        .select_related("sender", "period", "superseded_by")
        .order_by("sender__name", "-imported_at")
    )
    periods = Period.objects.filter(organization__in=scope).order_by("-year", "-id")
    context = {
        "own_fingerprint": fingerprint(public_key_hex()),
        "own_key": public_key_hex(),
        "peers": peers,
        "bundles": bundles,
        "periods": periods,
        "upload_form": forms.get("upload_form") or BundleUploadForm(),
        "peer_form": forms.get("peer_form") or PeerForm(),
        "is_admin": request.user.is_superuser,
    }
    return render(request, "federation/index.html", context)


@declare_access(roles=(STAFF,))
@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    return _page(request)


@declare_access(roles=(STAFF,))
@login_required
@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    form = BundleUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, upload_form=form)
    try:
        bundle = do_import_bundle(
            form.cleaned_data["file"].read(),
            actor=request.user,
            may_import=lambda peer: has_role(request.user, peer.organization, STAFF),
        )
    except FederationError as exc:
        form.add_error(
            "file",
            _("The bundle was refused, nothing was imported: %(reason)s") % {"reason": str(exc)},
        )
        return _page(request, upload_form=form)
    messages.success(
        request,
        _(
            "Bundle of %(sender)s verified and imported: %(subjects)s subjects, "
            "%(ballots)s ballot records."
        )
        % {"sender": bundle.sender.name, "subjects": bundle.subjects, "ballots": bundle.ballots},
    )
    return redirect("federation:index")


@declare_access(roles=(STAFF,), expect=ADMIN_ONLY)
@login_required
@require_POST
def peer_add(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser:
        raise PermissionDenied
    form = PeerForm(request.POST)
    if not form.is_valid():
        return _page(request, peer_form=form)
    try:
        peer = do_register_peer(**form.cleaned_data, actor=request.user)
    except FederationError as exc:
        form.add_error("public_key", str(exc))
        return _page(request, peer_form=form)
    messages.success(
        request,
        _("Registered %(name)s, fingerprint %(fp)s.") % {"name": peer.name, "fp": peer.fingerprint},
    )
    return redirect("federation:index")


@declare_access(role=STAFF, kwarg="pk", model="evaluations.Period")
@login_required
@require_POST
def export(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_for_user(request.user, Period.objects.all(), pk, role=STAFF)
    data = do_export_bundle(period, actor=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = f"phieukin-bundle-{period.organization.code}-{period.year}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
