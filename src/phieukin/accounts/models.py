"""Users. Roles scoped to an organization are added by the accounts issue (DESIGN §2)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in: staff, chair, counting-board member, or member.

    Kept as a custom model from the first migration so that roles and the link to a
    party member can be added without swapping AUTH_USER_MODEL later.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
