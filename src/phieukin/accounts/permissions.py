"""The one permission layer: every view, API endpoint and command asks here.

See docs/architecture.md §3.2.

Rules:
- A role is held on an organization and reaches it and its whole subtree.
- A user linked to a party member implicitly holds MEMBER on that member's current cell.
- ORG_STAFF also grants SUPERIOR (staff who manage a subtree may read its results).
- Superusers pass every check.
- Not visible at all -> ``Http404`` (never reveal that an object exists);
  visible but the role is insufficient -> ``PermissionDenied`` (403).

Helpers follow healthchecks' ``_get_check_for_user`` style: load *and* authorize in one call so
a view cannot forget the check. The URL-walk test reads ``view.phieukin_access`` set by
``org_role_required`` to know what each view expects.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from phieukin.accounts.models import Role, RoleAssignment
from phieukin.organizations.models import Member, Organization

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from phieukin.accounts.models import User

    AnyUser = User | AnonymousUser

RoleSpec = Role | str | Collection[Role | str] | None
M = TypeVar("M", bound=Model)

# Which held roles satisfy a requested role.
_GRANTED_BY: dict[str, frozenset[str]] = {
    Role.ORG_STAFF: frozenset({Role.ORG_STAFF}),
    Role.CHAIR: frozenset({Role.CHAIR}),
    Role.TRUSTEE: frozenset({Role.TRUSTEE}),
    Role.MEMBER: frozenset({Role.MEMBER}),
    Role.SUPERIOR: frozenset({Role.SUPERIOR, Role.ORG_STAFF}),
    Role.INSPECTOR: frozenset({Role.INSPECTOR}),
}


def _requested(role: RoleSpec) -> frozenset[str] | None:
    """Normalize ``role`` to the set of held roles that satisfy it (None = any role)."""
    if role is None:
        return None
    wanted = [role] if isinstance(role, str) else list(role)
    held: set[str] = set()
    for r in wanted:
        if r not in _GRANTED_BY:
            raise ValueError(f"unknown role {r!r}")
        held |= _GRANTED_BY[r]
    return frozenset(held)


def _is_authenticated(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _scope_paths(user: AnyUser, roles: frozenset[str] | None) -> list[str]:
    """The materialized paths of the organizations whose subtrees ``user`` reaches."""
    grants = RoleAssignment.objects.filter(user_id=user.pk, revoked_at__isnull=True)
    if roles is not None:
        grants = grants.filter(role__in=roles)
    paths = set(grants.values_list("organization__path", flat=True))
    if roles is None or Role.MEMBER in roles:
        member = member_for_user(user)
        if member is not None:
            paths.add(member.organization.path)
    # Drop paths already covered by an ancestor's path: fewer OR terms in the query.
    ordered = sorted(p for p in paths if p)
    kept: list[str] = []
    for p in ordered:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def organizations_for_user(user: AnyUser, *, role: RoleSpec = None) -> QuerySet[Organization]:
    """Organizations ``user`` may see (with ``role``: where they hold it), subtrees included."""
    if not _is_authenticated(user):
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    paths = _scope_paths(user, _requested(role))
    if not paths:
        return Organization.objects.none()
    q = Q()
    for p in paths:
        q |= Q(path__startswith=p)
    return Organization.objects.filter(q)


def has_role(user: AnyUser, org: Organization, role: RoleSpec) -> bool:
    """Whether ``user`` holds ``role`` (any of, if a collection) on ``org`` or an ancestor."""
    if not _is_authenticated(user):
        return False
    if user.is_superuser:
        return True
    return any(org.path.startswith(p) for p in _scope_paths(user, _requested(role)))


def require_role(user: AnyUser, org: Organization, role: RoleSpec) -> None:
    """Raise ``PermissionDenied`` unless ``user`` holds ``role`` on ``org`` (or above)."""
    if not has_role(user, org, role):
        raise PermissionDenied


def get_organization_for_user(user: AnyUser, pk: object, *, role: RoleSpec = None) -> Organization:
    """Load an organization and authorize: 404 if not visible, 403 if ``role`` is lacking."""
    try:
        org = Organization.objects.get(pk=int(str(pk)))
    except (Organization.DoesNotExist, ValueError):
        raise Http404 from None
    _check_org(user, org, role)
    return org


def _check_org(user: AnyUser, org: Organization, role: RoleSpec) -> None:
    if not has_role(user, org, None):
        raise Http404
    if role is not None:
        require_role(user, org, role)


def get_object_for_user(
    user: AnyUser,
    queryset: QuerySet[M],
    pk: object,
    *,
    org_field: str = "organization",
    role: RoleSpec = None,
) -> M:
    """Load one object of ``queryset`` and authorize through its organization.

    ``org_field`` is the ``__``-separated path from the object to its Organization
    (e.g. ``"conference__organization"``). 404 when missing or not visible, 403 when
    visible but ``role`` is lacking.
    """
    try:
        obj = queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    org = attrgetter(org_field.replace("__", "."))(obj)
    if not isinstance(org, Organization):
        raise Http404
    _check_org(user, org, role)
    return obj


def member_for_user(user: AnyUser) -> Member | None:
    """The party member this login belongs to, or None (staff without a member record)."""
    if not _is_authenticated(user):
        return None
    member_id = getattr(user, "member_id", None)
    if member_id is None:
        return None
    return Member.objects.select_related("organization").filter(pk=member_id).first()


def roles_for_user(user: AnyUser, org: Organization) -> set[str]:
    """The roles ``user`` holds on ``org`` (inherited from ancestors included)."""
    return {r for r in Role.values if has_role(user, org, r)}


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def org_role_required(
    role: RoleSpec = None, *, kwarg: str = "org_id"
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: log in, load ``kwargs[kwarg]`` as an organization and authorize.

    The view is called as ``view(request, org, **remaining_kwargs)``. The URL-walk test reads
    the ``phieukin_access`` attribute to compute each persona's expected status.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            org = get_organization_for_user(request.user, kwargs.pop(kwarg), role=role)
            return view(request, org, *args, **kwargs)

        guarded = login_required(wrapped)
        guarded.phieukin_access = {"role": role, "kwarg": kwarg}  # type: ignore[attr-defined]
        return guarded

    return decorator


def declare_access(**access: Any) -> Callable[[ViewFunc], ViewFunc]:
    """Mark a view with its access rule for the URL-walk test (when it checks by itself).

    Vocabulary (tests/web/test_security_url_walk.py computes each persona's status from it):
    ``public=True`` anyone; ``login=True`` any logged-in user;
    ``role=R|(R, ...)|None, kwarg="pk", model="app.Model", org_field="organization"`` an object
    authorized through its organization (404 not visible, 403 role lacking);
    ``role=R, kwarg=None`` or ``roles=(R, ...)`` the role held anywhere (else 403);
    ``owner="user", kwarg=..., model=...`` the object's own user only (else 404);
    ``expect={"persona": "ok"|"forbidden"|"not_found"|"denied"}`` per-persona overrides.
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        view.phieukin_access = dict(access)  # type: ignore[attr-defined]
        return view

    return decorator


def users_with_role(org: Organization, role: Role | str) -> Iterable[int]:
    """Ids of users holding ``role`` on ``org`` or one of its ancestors."""
    ids = [*org.ancestor_ids(), org.pk]
    return (
        RoleAssignment.objects.filter(
            organization_id__in=ids, role__in=_requested(role) or (), revoked_at__isnull=True
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
