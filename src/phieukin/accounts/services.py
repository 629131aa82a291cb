"""Trusted state changes of accounts: roles, API tokens, second-factor devices.

See docs/architecture.md §3.1.

Every ``do_*`` runs in one transaction and writes its audit entry in it.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import OTP_ROLES, ApiToken, Role, RoleAssignment
from phieukin.audit.services import record_event
from phieukin.lib.errors import TranslatableError

if TYPE_CHECKING:
    from phieukin.accounts.models import User
    from phieukin.organizations.models import Organization

TOKEN_PREFIX = "pk_"  # noqa: S105  (a public marker that makes leaked tokens greppable)


class AccountsError(TranslatableError):
    code = "accounts_error"


class RoleError(AccountsError):
    code = "role_error"


def needs_otp(user: User) -> bool:
    """Staff, chairs and counting-board members (and Django staff) must pass a second factor."""
    if user.is_staff or user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user, role__in=OTP_ROLES, revoked_at__isnull=True
    ).exists()


@transaction.atomic
def do_grant_role(
    user: User, organization: Organization, role: Role | str, *, actor: User | None
) -> RoleAssignment:
    """Grant ``role`` on ``organization``. Raises ``RoleError`` if already held there."""
    if role not in Role.values:
        raise RoleError(_("Unknown role: %(role)s"), role=role)
    if RoleAssignment.objects.filter(
        user=user, organization=organization, role=role, revoked_at__isnull=True
    ).exists():
        raise RoleError(
            _("%(user)s already holds this role in %(org)s."), user=user, org=organization
        )
    grant = RoleAssignment.objects.create(
        user=user, organization=organization, role=role, granted_by=actor, granted_at=timezone.now()
    )
    record_event(
        "role.granted",
        actor=actor,
        obj=grant,
        organization=organization,
        data={"user": user.get_username(), "role": str(role)},
    )
    return grant


@transaction.atomic
def do_revoke_role(grant: RoleAssignment, *, actor: User | None) -> RoleAssignment:
    """Revoke a live grant (kept as history). Raises ``RoleError`` if already revoked."""
    grant = RoleAssignment.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise RoleError(_("This role was already revoked."))
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    record_event(
        "role.revoked",
        actor=actor,
        obj=grant,
        organization=grant.organization,
        data={"user": grant.user.get_username(), "role": grant.role},
    )
    return grant


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def do_create_api_token(user: User, name: str, *, actor: User | None) -> tuple[ApiToken, str]:
    """Create a token; returns it and the raw secret, which is shown once and never stored."""
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountsError(_("A token needs a name of 1 to 100 characters."))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(raw),
        prefix=raw[:10],
        created_at=timezone.now(),
    )
    record_event("api_token.created", actor=actor, obj=token, data={"name": name})
    return token, raw


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, actor: User | None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    record_event("api_token.revoked", actor=actor, obj=token, data={"name": token.name})


def user_for_token(raw: str) -> User | None:
    """The active user owning a live token, or None. Records ``last_used_at``."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


@transaction.atomic
def do_reset_otp(user: User, *, actor: User | None) -> int:
    """Remove every second-factor device of ``user``: the next login enrols a new one."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    record_event("auth.otp_reset", actor=actor, obj=user, data={"user": user.get_username()})
    return removed
