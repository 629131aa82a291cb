"""Login (password, then TOTP when required), TOTP enrolment, logout, API tokens."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts import login_flow as flow
from phieukin.accounts.demo import DEMO_DEVICE_NAME
from phieukin.accounts.forms import ApiTokenForm, LoginForm, OtpForm
from phieukin.accounts.models import ApiToken, User
from phieukin.accounts.permissions import declare_access
from phieukin.accounts.services import AccountsError, do_create_api_token, do_revoke_api_token


def _home(request: HttpRequest) -> HttpResponseRedirect:
    return redirect(flow.pending_next(request) or reverse("web:home"))


@declare_access(public=True)
@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = flow.safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "POST" and form.is_valid():
        try:
            user = flow.password_step(
                request, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except flow.LoginRefusedError as exc:
            form.add_error(None, str(exc))
        else:
            if not flow.requires_second_factor(user):
                flow.finish_login(request, user, None)
                return redirect(next_url or reverse("web:home"))
            flow.start_pending(request, user, next_url)
            if flow.confirmed_device(user) is None:
                return redirect("accounts:otp_enrol")
            return redirect("accounts:otp_verify")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@declare_access(public=True)
@sensitive_post_parameters("token")
@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = flow.pending_user(request)
    if user is None:
        return _login_again(request)
    device = flow.confirmed_device(user)
    if device is None:
        return redirect("accounts:otp_enrol")
    form, done = _second_step(request, user, device)
    if done is not None:
        return done
    context = {"form": form, "demo_username": _demo_username(user, device)}
    return render(request, "accounts/otp_verify.html", context)


def _login_again(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("Your login step expired; please log in again."))
    return redirect("accounts:login")


def _second_step(
    request: HttpRequest, user: User, device: Device
) -> tuple[OtpForm, HttpResponse | None]:
    """The TOTP step both pages share: check the code, then log in and go on (or the form)."""
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flow.otp_step(request, user, device, form.cleaned_data["token"])
        except flow.LoginRefusedError as exc:
            form.add_error(None, str(exc))
        else:
            target = flow.pending_next(request)
            flow.finish_login(request, user, device)
            return form, redirect(target or reverse("web:home"))
    return form, None


def _demo_username(user: User, device: Device) -> str | None:
    """Demo devices (public keys) get a hint on where to read the code; real ones never do."""
    return user.get_username() if getattr(device, "name", "") == DEMO_DEVICE_NAME else None


@declare_access(public=True)
@sensitive_post_parameters("token")
@never_cache
def otp_enrol(request: HttpRequest) -> HttpResponse:
    user = flow.pending_user(request)
    if user is None:
        return _login_again(request)
    if flow.confirmed_device(user) is not None:
        return redirect("accounts:otp_verify")
    device = flow.enrolment_device(user)
    form, done = _second_step(request, user, device)
    if done is not None:
        return done
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=5, dark="#000", light="#fff"),
        "secret_b32": _b32(device),
    }
    return render(request, "accounts/otp_enrol.html", context)


def _b32(device: TOTPDevice) -> str:
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@method_decorator(declare_access(public=True), name="dispatch")
class AuditedLogoutView(LogoutView):
    """Django's POST-only logout; the audit entry is written by the ``user_logged_out`` signal."""


@declare_access(login=True)
@login_required
@never_cache
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = do_create_api_token(
                request.user, form.cleaned_data["name"], actor=request.user
            )
        except AccountsError as exc:
            form.add_error("name", str(exc))
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "raw_token": raw}
    )


@declare_access(owner="user", kwarg="token_id", model="accounts.ApiToken")  # own tokens only
@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    # Scoped to the requesting user: someone else's token id is a plain 404.
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user, revoked_at__isnull=True)
    do_revoke_api_token(token, actor=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:api_tokens")
