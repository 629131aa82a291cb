"""The organization tree: create and move organizations, keeping the materialized paths.

Scale: a subtree is one ``path LIKE '/1/17/%'`` query, served by the ``org_path_prefix``
index (``varchar_pattern_ops`` on PostgreSQL, so the prefix match uses the B-tree whatever the
database collation); a move rewrites a whole subtree with one UPDATE; ``rebuild_paths`` needs
two UPDATEs per tree level, so 60,000 organizations in 6 levels take about 14 statements.
"""

from __future__ import annotations

from django.db import models, transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat, Substr
from django.utils.translation import gettext_lazy as _

from phieukin.lib.auditing import record_change
from phieukin.organizations.errors import TreeError
from phieukin.organizations.models import ALLOWED_CHILDREN, Member, Organization, OrganizationKind
from phieukin.organizations.services import Actor

# Deeper than any real tree (Central > province > direct > grassroots > partial > cell is 6);
# it also bounds the path length (400 characters hold 20 ids of 19 digits).
MAX_DEPTH = 20
_UNSET_DEPTH = 32767  # marks rows not yet reached by rebuild_paths


def _check_child_kind(parent: Organization | None, kind: str) -> None:
    if kind not in OrganizationKind.values:
        raise TreeError(_("Unknown organization kind %(kind)r."), kind=kind)
    if parent is None:
        if kind not in {OrganizationKind.CENTRAL, OrganizationKind.PROVINCIAL}:
            raise TreeError(
                _("A %(kind)s must have a parent organization."),
                kind=OrganizationKind(kind).label,
            )
        return
    if kind not in ALLOWED_CHILDREN[parent.kind]:
        raise TreeError(
            _("A %(kind)s cannot be placed under %(parent)s (a %(parent_kind)s)."),
            kind=OrganizationKind(kind).label,
            parent=parent.name,
            parent_kind=OrganizationKind(parent.kind).label,
        )
    if parent.depth + 1 >= MAX_DEPTH:
        raise TreeError(
            _("The organization tree may not be deeper than %(max)d levels."), max=MAX_DEPTH
        )


def do_create_organization(
    *, code: str, name: str, kind: str, parent: Organization | None, actor: Actor
) -> Organization:
    """Create an organization under ``parent`` (None for a root) with its path and depth set.

    The path contains the organization's own id, so it is written by a second UPDATE after the
    INSERT, in the same transaction.
    """
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise TreeError(_("An organization needs a code and a name."))
    with transaction.atomic():
        if parent is not None:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
        _check_child_kind(parent, kind)
        if Organization.objects.filter(code=code).exists():
            raise TreeError(_("The organization code %(code)s is already used."), code=code)
        org = Organization.objects.create(code=code, name=name, kind=kind, parent=parent)
        org.path = f"{parent.path if parent else '/'}{org.pk}/"
        org.depth = parent.depth + 1 if parent else 0
        Organization.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
        record_change(
            "organization.created",
            actor=actor,
            obj=org,
            organization=org,
            data={"org_code": code, "kind": kind, "parent_id": parent.pk if parent else None},
        )
    return org


def do_move_organization(org: Organization, new_parent: Organization, *, actor: Actor) -> None:
    """Put ``org`` (and everything below it) under ``new_parent``.

    Refuses to move an organization under itself or one of its descendants (a cycle would
    detach the subtree from every root). The whole subtree's paths and depths are rewritten
    by one UPDATE; the rows are locked first so a concurrent move cannot interleave.
    """
    caller_org = org
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=org.pk)
        new_parent = Organization.objects.select_for_update().get(pk=new_parent.pk)
        if new_parent.path.startswith(org.path):
            raise TreeError(
                _("Cannot move %(org)s under %(parent)s: %(parent)s is %(org)s or lies below it."),
                org=org.name,
                parent=new_parent.name,
            )
        _check_child_kind(new_parent, org.kind)
        subtree_height = _subtree_height(org)
        if new_parent.depth + 1 + subtree_height >= MAX_DEPTH:
            raise TreeError(
                _("The organization tree may not be deeper than %(max)d levels."), max=MAX_DEPTH
            )
        old_prefix, new_prefix = org.path, f"{new_parent.path}{org.pk}/"
        delta = new_parent.depth + 1 - org.depth
        Organization.objects.filter(pk=org.pk).update(parent=new_parent)
        Organization.objects.filter(path__startswith=old_prefix).update(
            path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
            depth=F("depth") + delta,
        )
        record_change(
            "organization.moved",
            actor=actor,
            obj=org,
            organization=org,
            data={"from_parent_id": org.parent_id, "to_parent_id": new_parent.pk},
        )
    caller_org.refresh_from_db(fields=["parent", "path", "depth"])


def _subtree_height(org: Organization) -> int:
    deepest = org.subtree().aggregate(deepest=models.Max("depth"))["deepest"]
    return int(deepest) - org.depth


def rebuild_paths() -> int:
    """Recompute every organization's ``path`` and ``depth`` from the ``parent`` links.

    For bulk loaders that insert organizations with ``bulk_create`` (no per-row path). Works
    level by level from the roots: each level is one UPDATE that copies the parent's path, so
    the cost is a handful of statements whatever the number of organizations. Rows never
    reached (a cycle in the parent links) raise ``TreeError`` and roll everything back.
    Returns the number of levels.
    """
    own_id = Cast("id", output_field=CharField())
    with transaction.atomic():
        Organization.objects.update(depth=_UNSET_DEPTH)
        reached = Organization.objects.filter(parent__isnull=True).update(
            path=Concat(Value("/"), own_id, Value("/")), depth=0
        )
        level = 0
        while reached:
            level += 1
            if level > MAX_DEPTH:
                raise TreeError(
                    _("The organization tree may not be deeper than %(max)d levels."),
                    max=MAX_DEPTH,
                )
            parent_path = Organization.objects.filter(pk=models.OuterRef("parent_id")).values(
                "path"
            )[:1]
            reached = Organization.objects.filter(parent__depth=level - 1).update(
                path=Concat(models.Subquery(parent_path), own_id, Value("/")), depth=level
            )
        orphans = list(
            Organization.objects.filter(depth=_UNSET_DEPTH).values_list("code", flat=True)[:5]
        )
        if orphans:
            raise TreeError(
                _("The parent links form a cycle through: %(codes)s."), codes=", ".join(orphans)
            )
    return level


def members_in_subtree(
    org: Organization, *, statuses: list[str] | None = None
) -> models.QuerySet[Member]:
    """Members of ``org`` and of every organization below it: one query on the path index."""
    members = Member.objects.filter(organization__path__startswith=org.path)
    if statuses is not None:
        members = members.filter(status__in=statuses)
    return members
