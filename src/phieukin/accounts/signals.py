"""Audit entries for logouts (logins and failures are audited by ``login_flow``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from phieukin.audit.services import record_event


@receiver(user_logged_out, dispatch_uid="phieukin.accounts.audit_logout")
def audit_logout(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        record_event("auth.logout", actor=user, obj=user, data={})
