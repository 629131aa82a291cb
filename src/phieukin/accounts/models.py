"""Users, organization-scoped roles, login throttling records and API tokens.

See docs/architecture.md §4.

A role is always held *on an organization* and reaches that organization and its whole
subtree (the materialized ``Organization.path`` makes "and below" one prefix query). Roles
are never deleted: revoking sets ``revoked_at``, so "who could do what, when" stays answerable
next to the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: staff, chair, counting-board member, or member.

    Kept as a custom model from the first migration so that roles and the link to a
    party member can be added without swapping AUTH_USER_MODEL later.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    # The party member this account belongs to, when the person is one (members log in to
    # read their own reviews and ratings). SET_NULL: removing a member never removes a login.
    member = models.OneToOneField(
        "organizations.Member",
        verbose_name=_("party member"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    ORG_STAFF = "org_staff", _("Organization staff (Ban Tổ chức)")
    CHAIR = "chair", _("Conference chair / secretary")
    TRUSTEE = "trustee", _("Counting board member")
    MEMBER = "member", _("Member")
    SUPERIOR = "superior", _("Superior body")
    INSPECTOR = "inspector", _("Inspector")


# Roles whose holders change state or hold key shares: they must pass a second factor.
OTP_ROLES = frozenset({Role.ORG_STAFF, Role.CHAIR, Role.TRUSTEE})


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "organization", "role"]
        constraints = [
            # One live grant per (user, organization, role); history rows are revoked ones.
            models.UniqueConstraint(
                fields=["user", "organization", "role"],
                condition=Q(revoked_at__isnull=True),
                name="role_one_active_grant",
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="role_user_active")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organization})"


class LoginFailure(models.Model):
    """One failed login step (password or second factor), for throttling.

    Kept in the database (not a cache) so throttling works on SQLite with no Redis, survives
    restarts and is shared by every worker process. The attempted password is never stored.
    """

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.created_at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A per-user bearer token for the JSON API. Only a SHA-256 of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
