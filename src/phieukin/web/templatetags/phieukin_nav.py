"""The main menu's entries for one user (``{% load phieukin_nav %}{% main_nav as nav %}``).

The menu lives in ``web/base.html`` and links into every app; which entries a user sees is
asked of the permission layer (``phieukin.accounts.permissions``), the same questions the
target views ask, so a link is never shown to someone the page would refuse. The answers are
cached on the request: the menu is rendered once per page, but a page may include it twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django import template
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import organizations_for_user

if TYPE_CHECKING:
    from django.utils.functional import Promise

register = template.Library()

# Who reads the audit log (phieukin.audit.views.VIEWER_ROLES; kept here to avoid a page import).
AUDIT_ROLES = (Role.SUPERIOR, Role.INSPECTOR)


@dataclass(frozen=True)
class NavLink:
    label: str | Promise
    url: str
    current: bool


def _top_org_id(request: HttpRequest, role: Role) -> int | None:
    """The first top of the subtrees where the user holds ``role`` (the roll-up's start)."""
    orgs = organizations_for_user(request.user, role=role)
    tops = orgs.filter(Q(parent__isnull=True) | ~Q(parent__in=orgs.values("pk")))
    return tops.order_by("depth", "path").values_list("pk", flat=True).first()


def _current(request: HttpRequest, namespace: str, names: tuple[str, ...] = ()) -> bool:
    match = request.resolver_match
    if match is None or match.namespace != namespace:
        return False
    return not names or match.url_name in names


def _org_links(request: HttpRequest) -> list[NavLink]:
    member_pages = ("member_search", "member_detail", "members")
    match = request.resolver_match
    in_orgs = _current(request, "organizations")
    return [
        NavLink(_("Home"), reverse("web:home"), _current(request, "web")),
        NavLink(
            _("Organizations"),
            reverse("organizations:tree"),
            in_orgs
            and match is not None
            and match.url_name not in member_pages
            and not match.url_name.startswith("import"),
        ),
        NavLink(
            _("Members"),
            reverse("organizations:member_search"),
            _current(request, "organizations", member_pages),
        ),
        NavLink(
            _("Conferences"), reverse("meetings:conference_list"), _current(request, "meetings")
        ),
        NavLink(
            _("Evaluation periods"),
            reverse("evaluations:period_list"),
            _current(request, "evaluations"),
        ),
        NavLink(_("Ballots"), reverse("voting:ballot_list"), _current(request, "voting")),
    ]


def _role_links(request: HttpRequest) -> list[NavLink]:
    user = request.user
    links: list[NavLink] = []
    rollup_org = _top_org_id(request, Role.SUPERIOR)
    if rollup_org is not None:
        url = reverse("reports:rollup", args=[rollup_org])
        links.append(NavLink(_("Roll-up"), url, _current(request, "reports")))
    if user.is_superuser or organizations_for_user(user, role=Role.ORG_STAFF).exists():
        links.append(
            NavLink(
                _("Import"),
                reverse("organizations:import"),
                _current(request, "organizations", ("import", "import_job")),
            )
        )
        links.append(
            NavLink(
                _("Results exchange"),
                reverse("federation:index"),
                _current(request, "federation"),
            )
        )
    if user.is_superuser or organizations_for_user(user, role=AUDIT_ROLES).exists():
        links.append(NavLink(_("Audit log"), reverse("audit:list"), _current(request, "audit")))
    return links


def nav_links(request: HttpRequest) -> list[NavLink]:
    """The menu entries ``request.user`` may follow, the current page's marked."""
    cached = getattr(request, "_phieukin_nav", None)
    if cached is not None:
        return cached
    links: list[NavLink] = []
    if request.user.is_authenticated:
        links = _org_links(request) + _role_links(request)
    request._phieukin_nav = links  # type: ignore[attr-defined]
    return links


@register.simple_tag(takes_context=True)
def main_nav(context: template.Context) -> list[NavLink]:
    request = context.get("request")
    return [] if request is None else nav_links(request)
