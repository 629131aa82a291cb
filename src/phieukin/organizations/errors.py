"""Typed errors of the organizations services (messages in the active language, see lib.errors)."""

from __future__ import annotations

from phieukin.lib.errors import TranslatableError


class OrganizationError(TranslatableError):
    """Base of the errors raised by ``phieukin.organizations.services``."""

    code = "organization_error"


class TreeError(OrganizationError):
    """The organization tree would become invalid (cycle, forbidden kind of child, ...)."""

    code = "tree_error"


class MembershipError(OrganizationError):
    """A member cannot be added, transferred or change status as asked."""

    code = "membership_error"


class CommitteeError(OrganizationError):
    """A committee or seat cannot be created or changed as asked."""

    code = "committee_error"
