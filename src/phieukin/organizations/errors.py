"""Typed errors of the organizations services (messages in the active language, see lib.errors)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from phieukin.lib.errors import TranslatableError

if TYPE_CHECKING:
    from phieukin.organizations.member_rules import MemberProblem

# Parameters holding a stored value (an OrganizationKind, a MemberStatus); shown as its label
# in the reader's language (the value itself stays JSON-serializable, e.g. for the background
# import's status file).
KIND_PARAMS = frozenset({"kind", "parent_kind", "child_kind"})
STATUS_PARAMS = frozenset({"old_status", "new_status"})


def render(message: str, params: Mapping[str, Any]) -> str:
    """Translate the msgid ``message`` in the active language and fill in its parameters."""
    from phieukin.organizations.models import MemberStatus, OrganizationKind

    text = gettext(message)
    if not params:
        return text
    shown = dict(params)
    for keys, choices in ((KIND_PARAMS, OrganizationKind), (STATUS_PARAMS, MemberStatus)):
        for key in keys & shown.keys():
            if shown[key] in choices.values:
                shown[key] = str(choices(shown[key]).label)
    return text % shown


class OrganizationError(TranslatableError):
    """Base of the errors raised by ``phieukin.organizations.services``."""

    code = "organization_error"


class TreeError(OrganizationError):
    """The organization tree would become invalid (cycle, forbidden kind of child, ...)."""

    code = "tree_error"


class MembershipError(OrganizationError):
    """A member cannot be added, transferred or change status as asked."""

    code = "membership_error"


class MemberRuleError(MembershipError):
    """A member's record breaks rules of ``member_rules``; ``problems`` says which, by field."""

    code = "member_rule"

    def __init__(self, problems: Sequence[MemberProblem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        super().__init__(first.message, **first.params)

    def __str__(self) -> str:
        return " ".join(render(p.message, p.params) for p in self.problems)


class CommitteeError(OrganizationError):
    """A committee or seat cannot be created or changed as asked."""

    code = "committee_error"
