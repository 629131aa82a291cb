"""Roles and second-factor devices for the demo logins (called by ``phieukin.web.demo.users``).

Demo logins that need a second factor get a TOTP device with a key derived from the username
and marked ``DEMO_DEVICE_NAME``: anyone can add it to an authenticator app, or print the
current code with ``phieukin otp_code USERNAME`` (which refuses any non-demo device). The keys
are public by design — the demo is a local toy database, like its printed passwords.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import Role
from phieukin.accounts.services import do_grant_role, needs_otp

if TYPE_CHECKING:
    from phieukin.accounts.models import User
    from phieukin.organizations.models import Organization

DEMO_DEVICE_NAME = "phieukin-demo"


def demo_key(username: str) -> str:
    """A 20-byte hex TOTP key derived from the username (public, demo only)."""
    return hashlib.sha256(f"phieukin-demo-totp:{username}".encode()).hexdigest()[:40]


def attach_demo_access(user: User, role: str, organization: Organization) -> None:
    """Grant ``role`` on ``organization`` (audited) and give OTP-bound logins a demo device."""
    if role in Role.values and not (role == Role.MEMBER and user.member_id):
        do_grant_role(user, organization, role, actor=None)
    if needs_otp(user):
        TOTPDevice.objects.create(
            user=user, name=DEMO_DEVICE_NAME, key=demo_key(user.username), confirmed=True
        )
