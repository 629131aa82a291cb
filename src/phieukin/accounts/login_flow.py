"""The two-step login: password, then (for staff, chairs and counting-board members) TOTP.

The Django session only becomes authenticated after *both* factors pass, so nothing else in
the project has to remember to check for a second factor. Between the steps the session holds
just the pending user's id and a timestamp (valid for ``PENDING_TTL``). Every failed step
counts towards the lockout (``throttle``) and is audited without the attempted secret.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from django.contrib import auth
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts import throttle
from phieukin.accounts.models import User
from phieukin.accounts.services import needs_otp
from phieukin.audit.services import record_event
from phieukin.lib.errors import TranslatableError

if TYPE_CHECKING:
    from django_otp.models import Device

PENDING_KEY = "accounts_pending_login"
PENDING_TTL = dt.timedelta(minutes=5)


class LoginRefusedError(TranslatableError):
    code = "login_refused"


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a proxy is configured.
    return request.META.get("REMOTE_ADDR") or None


def _check_not_locked(username: str, ip: str | None) -> None:
    remaining = throttle.lockout_remaining(username, ip)
    if remaining is not None:
        minutes = max(1, math.ceil(remaining.total_seconds() / 60))
        raise LoginRefusedError(
            _(
                "Too many failed login attempts. Logging in is locked for %(minutes)d more "
                "minutes; please try again later."
            ),
            minutes=minutes,
        )


@transaction.atomic
def _fail(request: HttpRequest, username: str, step: str) -> None:
    ip = client_ip(request)
    throttle.record_failure(username, ip)
    user = User.objects.filter(username__iexact=username).first()
    record_event(
        "auth.login_failed",
        actor=None,
        obj=user,
        data={"username": username[:150], "ip": ip or "", "step": step},
    )


def password_step(request: HttpRequest, username: str, password: str) -> User:
    """Check the password; return the user. Raises ``LoginRefusedError`` (throttled, wrong)."""
    ip = client_ip(request)
    _check_not_locked(username, ip)
    user = auth.authenticate(request, username=username, password=password)
    if user is None:
        _fail(request, username, "password")
        _check_not_locked(username, ip)  # this failure may have just locked the account
        raise LoginRefusedError(_("Incorrect username or password."))
    return user  # type: ignore[return-value]


def start_pending(request: HttpRequest, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "at": timezone.now().isoformat(),
        "next": next_url,
    }


def pending_user(request: HttpRequest) -> User | None:
    """The user who passed the password step in this session, if still fresh."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    try:
        started = dt.datetime.fromisoformat(pending["at"])
    except (KeyError, TypeError, ValueError):
        return None
    if timezone.now() - started > PENDING_TTL:
        request.session.pop(PENDING_KEY, None)
        return None
    return User.objects.filter(pk=pending.get("user_id"), is_active=True).first()


def pending_next(request: HttpRequest) -> str:
    pending = request.session.get(PENDING_KEY) or {}
    return safe_next(request, str(pending.get("next") or ""))


def safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def confirmed_device(user: User) -> Device | None:
    return next(iter(devices_for_user(user, confirmed=True)), None)


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="phieukin", confirmed=False)
    return device


def otp_step(request: HttpRequest, user: User, device: Device, token: str) -> None:
    """Verify ``token`` on ``device``. Raises ``LoginRefusedError`` when locked or wrong."""
    ip = client_ip(request)
    _check_not_locked(user.get_username(), ip)
    if not device.verify_token(token.strip().replace(" ", "")):
        _fail(request, user.get_username(), "otp")
        _check_not_locked(user.get_username(), ip)
        raise LoginRefusedError(_("Incorrect or expired verification code."))


@transaction.atomic
def finish_login(request: HttpRequest, user: User, device: Device | None) -> None:
    """Log in (Django rotates the session key), forgive failures, audit."""
    request.session.pop(PENDING_KEY, None)
    if device is not None:
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        user.otp_device = device  # type: ignore[attr-defined]  # django-otp persists it
    auth.login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    throttle.clear_failures(user.get_username())
    record_event(
        "auth.login",
        actor=user,
        obj=user,
        data={"ip": client_ip(request) or "", "second_factor": device is not None},
    )


def requires_second_factor(user: User) -> bool:
    return needs_otp(user)
