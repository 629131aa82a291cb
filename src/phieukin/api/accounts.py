"""``/api/accounts``: who am I, and where do I hold which role."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from phieukin.accounts.models import RoleAssignment
from phieukin.accounts.permissions import member_for_user, organizations_for_user

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    organization_id: int
    organization_name: str


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    member_card_number: str | None
    roles: list[RoleOut]


class OrganizationOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


@router.get("/me", response=MeOut, summary="The authenticated user and their roles")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    grants = RoleAssignment.objects.filter(user_id=user.pk, revoked_at__isnull=True).select_related(
        "organization"
    )
    member = member_for_user(user)
    return MeOut(
        username=user.get_username(),
        full_name=getattr(user, "full_name", ""),
        is_superuser=user.is_superuser,
        member_card_number=member.card_number if member else None,
        roles=[
            RoleOut(
                role=g.role,
                organization_id=g.organization_id,
                organization_name=g.organization.name,
            )
            for g in grants
        ],
    )


@router.get(
    "/organizations",
    response=list[OrganizationOut],
    summary="Organizations visible to the user (role scope, subtrees included)",
)
def visible_organizations(
    request: HttpRequest,
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10**9),
) -> list[dict[str, object]]:
    orgs = organizations_for_user(request.user).order_by("path")[offset : offset + limit]
    return list(orgs.values("id", "code", "name", "kind", "parent_id"))
