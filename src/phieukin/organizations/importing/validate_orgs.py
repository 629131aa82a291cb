"""Layer 3a: check every organization row against the file and the database together.

The tree that matters is the one the import would leave behind: database rows overlaid with
the file's rows. Parents, kinds and cycles are checked on that overlay, so a file that
re-parents an existing organization under one of its own descendants (a cycle formed with
rows already in the database) is caught before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_noop

from phieukin.organizations.importing.checker import Checker, Row
from phieukin.organizations.importing.values import KINDS, parse_bool, parse_choice, parse_code
from phieukin.organizations.importing.values import parse_text as _text
from phieukin.organizations.models import (
    ALLOWED_CHILDREN,
    CELL_KINDS,
    Member,
    Organization,
    OrganizationKind,
)

_MAX_WALK = 32
ROOT_KINDS = {OrganizationKind.CENTRAL, OrganizationKind.PROVINCIAL}


@dataclass
class OrgIn:
    """One valid organization row of the file."""

    line: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    is_active: bool
    sets_parent: bool


@dataclass(frozen=True)
class ExistingOrg:
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None
    is_active: bool
    path: str


@dataclass(frozen=True)
class Scope:
    """The subtrees an importing user manages, as materialized-path prefixes.

    ``None`` instead of a Scope means everything (a superuser, the CLI). With a scope, every
    organization the file creates, changes or moves, and every cell a member is put in or
    taken from, must lie inside one of the subtrees.
    """

    prefixes: tuple[str, ...]

    def covers(self, path: str) -> bool:
        return bool(path) and path.startswith(self.prefixes)


@dataclass
class OrgPlan:
    create: list[OrgIn] = field(default_factory=list)
    update: list[OrgIn] = field(default_factory=list)
    unchanged: int = 0
    kinds: dict[str, str] = field(default_factory=dict)  # code -> kind after the import


def load_existing_orgs() -> dict[str, ExistingOrg]:
    """Every organization, in one query (60,000 rows is a few MB)."""
    rows = Organization.objects.values_list(
        "id", "code", "name", "kind", "parent_id", "is_active", "path"
    )
    return {row[1]: ExistingOrg(*row) for row in rows.iterator(chunk_size=5000)}


def _parse(row: Row, check: Checker) -> tuple[OrgIn | None, str | None]:
    code = check.parse(row, "code", lambda c: parse_code(c, max_length=32))
    name = check.parse(row, "name", lambda c: _text(c, max_length=255, required=True))
    kind = check.parse(row, "kind", lambda c: parse_choice(c, KINDS, "kind"))
    parent: str | None = None
    if row.has("parent_code") and row.cell("parent_code") != "":
        parent = check.parse(row, "parent_code", lambda c: parse_code(c, max_length=32))
    active = check.parse(row, "is_active", parse_bool) if row.has("is_active") else True
    if code is None or name is None or kind is None or active is None:
        return None, code
    return OrgIn(row.line, code, name, kind, parent, active, row.has("parent_code")), code


class _Tree:
    """The tree after the import: file rows over database rows, looked up by code."""

    def __init__(self, file: dict[str, OrgIn], existing: dict[str, ExistingOrg]) -> None:
        self.file = file
        self.existing = existing
        self.code_by_id = {org.id: org.code for org in existing.values()}

    def parent(self, code: str) -> str | None:
        row = self.file.get(code)
        if row is not None and (row.sets_parent or code not in self.existing):
            return row.parent_code
        org = self.existing.get(code)
        return self.code_by_id.get(org.parent_id) if org and org.parent_id else None

    def kind(self, code: str) -> str | None:
        row = self.file.get(code)
        if row is not None:
            return row.kind
        org = self.existing.get(code)
        return org.kind if org else None

    def cycle_through(self, start: str) -> list[str] | None:
        chain, seen = [start], {start}
        code = self.parent(start)
        while code is not None:
            if code in seen:
                return [*chain[chain.index(code) :], code]
            if len(chain) > _MAX_WALK:
                # ALLOWED_CHILDREN allows 6 levels; a longer chain fails the kind check anyway,
                # and stopping here keeps a hostile 100,000-deep chain from costing O(n²).
                return None
            chain.append(code)
            seen.add(code)
            code = self.parent(code)
        return None


def validate_orgs(
    rows: list[Row], existing: dict[str, ExistingOrg], check: Checker, scope: Scope | None = None
) -> OrgPlan:
    file: dict[str, OrgIn] = {}
    rows_by_code: dict[str, Row] = {}
    first_line: dict[str, int] = {}
    for row in rows:
        org, code = _parse(row, check)
        if code is not None and code in first_line:
            check.add(
                row,
                "code",
                "duplicate_code",
                gettext_noop("The code %(code)s already appears on line %(line)s."),
                code=code,
                line=first_line[code],
            )
            continue
        if code is not None:
            first_line[code] = row.line
        if org is not None:
            file[org.code] = org
            rows_by_code[org.code] = row
    tree = _Tree(file, existing)
    for code, org in file.items():
        _check_place(rows_by_code[code], org, tree, check)
    _check_existing_children(file, existing, rows_by_code, check)
    if scope is not None:
        for code in file:
            if not _in_scope(code, tree, scope):
                check.add(
                    rows_by_code[code],
                    "code",
                    "out_of_scope",
                    gettext_noop(
                        "%(code)s is outside the organizations you manage; you may not create, "
                        "change or move it."
                    ),
                    code=code,
                )
    return _plan(file, existing, tree)


def _in_scope(code: str, tree: _Tree, scope: Scope) -> bool:
    """Whether ``code`` stays where it is inside the scope and lands under an org inside it."""
    old = tree.existing.get(code)
    if old is not None and not scope.covers(old.path):
        return False
    current = tree.parent(code)
    for _ in range(_MAX_WALK):
        if current is None:
            return False  # a new root: only for those who manage everything
        row, stored = tree.file.get(current), tree.existing.get(current)
        if stored is not None and (row is None or not row.sets_parent):
            return scope.covers(stored.path)  # the first ancestor the file does not move
        current = tree.parent(current)
    return False


def _check_place(row: Row, org: OrgIn, tree: _Tree, check: Checker) -> None:
    parent = tree.parent(org.code)
    if parent == org.code:
        check.add(
            row, "parent_code", "cycle", gettext_noop("An organization cannot be its own parent.")
        )
        return
    if parent is None:
        if org.kind not in ROOT_KINDS:
            check.add(
                row,
                "parent_code",
                "parent_required",
                gettext_noop("A %(kind)s must have a parent organization."),
                kind=org.kind,
            )
        return
    parent_kind = tree.kind(parent)
    if parent_kind is None:
        if parent not in tree.file:  # an invalid row of the file is reported on its own line
            check.add(
                row,
                "parent_code",
                "unknown_parent",
                gettext_noop(
                    "The parent code %(code)s is neither in this file nor in the database."
                ),
                code=parent,
            )
        return
    cycle = tree.cycle_through(org.code)
    if cycle is not None:
        check.add(
            row,
            "parent_code",
            "cycle",
            gettext_noop("These parent codes form a cycle: %(cycle)s."),
            cycle=" → ".join(cycle),
        )
    elif org.kind not in ALLOWED_CHILDREN[parent_kind]:
        check.add(
            row,
            "kind",
            "wrong_kind",
            gettext_noop("A %(kind)s cannot be placed under %(parent)s (a %(parent_kind)s)."),
            kind=org.kind,
            parent=parent,
            parent_kind=parent_kind,
        )


def _check_existing_children(
    file: dict[str, OrgIn],
    existing: dict[str, ExistingOrg],
    rows_by_code: dict[str, Row],
    check: Checker,
) -> None:
    """A kind change must suit the children and members already in the database."""
    changed = {
        existing[c].id: org
        for c, org in file.items()
        if c in existing and existing[c].kind != org.kind
    }
    if not changed:
        return
    children = Organization.objects.filter(parent_id__in=list(changed)).values_list(
        "code", "kind", "parent_id"
    )
    for child_code, child_kind, parent_id in children:
        child = file.get(child_code)
        if child is not None and child.sets_parent:
            continue  # the file gives the child its place; checked on the child's own row
        org = changed[parent_id]
        kind = child.kind if child else child_kind
        if kind not in ALLOWED_CHILDREN[org.kind]:
            check.add(
                rows_by_code[org.code],
                "kind",
                "wrong_kind_children",
                gettext_noop(
                    "%(child)s (a %(child_kind)s) is under this organization, so it cannot "
                    "become a %(kind)s."
                ),
                child=child_code,
                child_kind=kind,
                kind=org.kind,
            )
    _check_members_stay_in_cells(changed, rows_by_code, check)


def _check_members_stay_in_cells(
    changed: dict[int, OrgIn], rows_by_code: dict[str, Row], check: Checker
) -> None:
    """A cell with members cannot become a committee: members belong to cells."""
    not_cells = [pk for pk, org in changed.items() if org.kind not in CELL_KINDS]
    counts = (
        Member.objects.filter(organization_id__in=not_cells)
        .values_list("organization_id")
        .annotate(n=Count("id"))
    )
    for org_id, count in counts:
        org = changed[org_id]
        check.add(
            rows_by_code[org.code],
            "kind",
            "has_members",
            gettext_noop("This organization has %(count)s members, so it must stay a Party cell."),
            count=count,
        )


def _plan(file: dict[str, OrgIn], existing: dict[str, ExistingOrg], tree: _Tree) -> OrgPlan:
    plan = OrgPlan(kinds={code: org.kind for code, org in existing.items()})
    for code, org in file.items():
        plan.kinds[code] = org.kind
        org.parent_code = tree.parent(code)  # the writer needs the parent after the import
        old = existing.get(code)
        if old is None:
            plan.create.append(org)
        elif (old.name, old.kind, old.is_active, org.parent_code) != (
            org.name,
            org.kind,
            org.is_active,
            tree.code_by_id.get(old.parent_id) if old.parent_id else None,
        ):
            plan.update.append(org)
        else:
            plan.unchanged += 1
    return plan
