"""Login throttling and lockout, kept in the database (works on SQLite, no Redis needed).

Both a username and a client address are limited: 5 failures of one username, or 20 from one
address (a conference room shares one NAT address, hence the higher limit), within 15 minutes
lock further attempts for 15 minutes after the last failure. While locked, attempts are
refused without checking the password and are not counted, so the lock cannot be extended
forever by hammering.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from phieukin.accounts.models import LoginFailure

USERNAME_LIMIT = 5
IP_LIMIT = 20
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)


def normalize_username(username: str) -> str:
    return username.strip().lower()[:150]


def _locked_until(failures: list[dt.datetime], limit: int) -> dt.datetime | None:
    if len(failures) < limit:
        return None
    return max(failures) + LOCKOUT


def lockout_remaining(username: str, ip: str | None) -> dt.timedelta | None:
    """How long ``username``/``ip`` stay locked, or None when an attempt may proceed."""
    now = timezone.now()
    since = now - WINDOW
    by_name = list(
        LoginFailure.objects.filter(
            username=normalize_username(username), created_at__gte=since
        ).values_list("created_at", flat=True)
    )
    by_ip = (
        list(
            LoginFailure.objects.filter(ip=ip, created_at__gte=since).values_list(
                "created_at", flat=True
            )
        )
        if ip
        else []
    )
    ends = [
        t
        for t in (_locked_until(by_name, USERNAME_LIMIT), _locked_until(by_ip, IP_LIMIT))
        if t is not None and t > now
    ]
    return max(ends) - now if ends else None


def record_failure(username: str, ip: str | None) -> None:
    LoginFailure.objects.create(
        username=normalize_username(username), ip=ip or None, created_at=timezone.now()
    )
    # Keep the table small: nothing older than the window is ever read.
    LoginFailure.objects.filter(created_at__lt=timezone.now() - 2 * WINDOW).delete()


def clear_failures(username: str) -> None:
    """A successful login forgives that username's failures (not the address's)."""
    LoginFailure.objects.filter(username=normalize_username(username)).delete()
