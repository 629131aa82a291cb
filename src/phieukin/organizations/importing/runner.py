"""The importer's entry point: read -> map columns -> validate everything -> write, or nothing.

Everything after reading runs in ONE transaction: the database is read for validation and
written in the same transaction, so no other writer can slip in between the check and the
write, and any failure (a bad row, a constraint, a lost connection) leaves the database as
it was. Organizations are handled before members, so a workbook can hold both (one sheet
each) and members may name cells created by the same file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils.translation import gettext_noop

from phieukin.lib.auditing import record_change
from phieukin.organizations.importing.checker import Checker, Row
from phieukin.organizations.importing.columns import (
    MEMBERS,
    ORGANIZATIONS,
    detect_kind,
    field_label,
    map_columns,
)
from phieukin.organizations.importing.decode import Table, read_tables
from phieukin.organizations.importing.errors import ImportFileError, ImportInvalid
from phieukin.organizations.importing.validate_members import (
    card_numbers,
    load_existing_members,
    validate_members,
)
from phieukin.organizations.importing.validate_orgs import (
    ExistingOrg,
    OrgPlan,
    Scope,
    load_existing_orgs,
    validate_orgs,
)
from phieukin.organizations.importing.write import write_members, write_orgs

# progress(stage, done, total): stage is "reading", "validating" or "writing".
Progress = Callable[[str, int, int], None]


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    organizations: Counts = field(default_factory=Counts)
    members: Counts = field(default_factory=Counts)
    transfers: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in (self.organizations, self.members))

    def as_dict(self) -> dict[str, Any]:
        return {
            "organizations": vars(self.organizations),
            "members": vars(self.members),
            "transfers": self.transfers,
            "ignored_columns": self.ignored_columns,
            "dry_run": self.dry_run,
        }


def _nothing(stage: str, done: int, total: int) -> None:
    """Default progress callback."""


def read_rows(
    files: Sequence[tuple[str, bytes]], *, kind: str | None, max_bytes: int, check: Checker
) -> tuple[dict[str, list[Row]], list[str]]:
    """Decode every file and map its columns: rows by kind, and the ignored column headers."""
    rows: dict[str, list[Row]] = {ORGANIZATIONS: [], MEMBERS: []}
    ignored: list[str] = []
    for name, data in files:
        for table in read_tables(data, max_bytes=max_bytes):
            where = " › ".join(p for p in (name if len(files) > 1 else "", table.name) if p)
            table_kind = _find_header(table, kind)
            if table_kind is None:
                raise ImportFileError(
                    "unknown_table",
                    gettext_noop(
                        "Cannot tell what %(sheet)s lists: a members file needs a column "
                        "%(card)s, an organizations file the columns %(code)s and %(kind)s."
                    ),
                    sheet=where or name,
                    card=field_label(MEMBERS, "card_number"),
                    code=field_label(ORGANIZATIONS, "code"),
                    kind=field_label(ORGANIZATIONS, "kind"),
                )
            columns = map_columns(table.header, table_kind, sheet=where)
            ignored += columns.ignored
            width = len(table.header)
            for line, cells in table.rows:
                row = Row(where, line, columns, cells)
                if any(c != "" for c in cells[width:]):
                    check.add(
                        row,
                        "",
                        "extra_cells",
                        gettext_noop("This row has more cells than the header row has columns."),
                    )
                rows[table_kind].append(row)
    return rows, ignored


MAX_TITLE_ROWS = 10


def _find_header(table: Table, kind: str | None) -> str | None:
    """The kind of the table, after skipping title rows above the header if there are any.

    Vietnamese lists often open with a title block ("DANH SÁCH ĐẢNG VIÊN", the unit, the date)
    above the real header row; the first row naming the key columns is taken as the header.
    """
    candidates = [(table.header_line, table.header)]
    candidates += [(line, [str(c) for c in cells]) for line, cells in table.rows[:MAX_TITLE_ROWS]]
    for index, (line, header) in enumerate(candidates):
        found = detect_kind(header)
        if found is not None and kind in {None, found}:
            if index:
                while header and header[-1] == "":
                    header.pop()
                table.header_line, table.header, table.rows = line, header, table.rows[index:]
            return found
    return kind  # a forced kind: map_columns will name the missing columns


def run_import(
    files: Sequence[tuple[str, bytes]],
    *,
    kind: str | None = None,
    dry_run: bool = False,
    progress: Progress = _nothing,
    actor: Any = None,
    max_bytes: int | None = None,
    scope: Scope | None = None,
) -> ImportResult:
    """Import organizations and/or members from CSV/XLSX ``files`` ((name, bytes) pairs).

    Raises ``ImportFileError`` (a file cannot be read) or ``ImportInvalid`` (rows are wrong;
    nothing written). ``kind`` forces "organizations" or "members" instead of detecting it
    from the header row. With ``dry_run`` everything is validated and nothing is written.
    ``scope`` limits the import to the subtrees a user manages (None: everything).
    A real import (not a dry run) that changes anything appends one audit entry for ``actor``
    with the file names and the counts, in the same transaction.
    """
    check = Checker()
    progress("reading", 0, len(files))
    limit = max_bytes or settings.PHIEUKIN_MAX_IMPORT_BYTES
    rows, ignored = read_rows(files, kind=kind, max_bytes=limit, check=check)
    total = len(rows[ORGANIZATIONS]) + len(rows[MEMBERS])
    progress("reading", len(files), len(files))
    result = ImportResult(ignored_columns=ignored, dry_run=dry_run)
    try:
        with transaction.atomic():
            _validate_and_write(rows, check, result, progress, total=total, scope=scope)
            if result.changed and not dry_run:
                record_change(
                    "organizations.imported",
                    actor=actor,
                    data={"files": [name for name, _ in files], **result.as_dict()},
                )
    except IntegrityError as exc:
        raise ImportFileError(
            "conflict",
            gettext_noop(
                "The database refused the import (%(detail)s); nothing was written. If someone "
                "else was importing at the same time, try again."
            ),
            detail=str(exc).splitlines()[0][:200],
        ) from None
    except DatabaseError as exc:
        raise ImportFileError(
            "database",
            gettext_noop(
                "The database is unavailable or busy (%(detail)s); nothing was written. Try again."
            ),
            detail=type(exc).__name__,
        ) from None
    return result


def _validate_and_write(
    rows: dict[str, list[Row]],
    check: Checker,
    result: ImportResult,
    progress: Progress,
    *,
    total: int,
    scope: Scope | None,
) -> None:
    progress("validating", 0, total)
    existing_orgs = load_existing_orgs()
    org_plan = validate_orgs(rows[ORGANIZATIONS], existing_orgs, check, scope)
    progress("validating", len(rows[ORGANIZATIONS]), total)
    existing_members = load_existing_members(card_numbers(rows[MEMBERS]))
    code_by_id = {org.id: code for code, org in existing_orgs.items()}
    member_plan = validate_members(
        rows[MEMBERS],
        existing_members,
        org_plan.kinds,
        code_by_id,
        check,
        in_scope=_member_scope(scope, existing_orgs, org_plan),
        tick=lambda done: progress("validating", len(rows[ORGANIZATIONS]) + done, total),
    )
    progress("validating", total, total)
    if check.total:
        # The checks run by kind of problem; the reader fixes the file line by line.
        sheets = {e.sheet: i for i, e in reversed(list(enumerate(check.errors)))}
        ordered = sorted(check.errors, key=lambda e: (sheets[e.sheet], e.line))
        raise ImportInvalid(ordered, check.total)
    result.organizations = Counts(len(org_plan.create), len(org_plan.update), org_plan.unchanged)
    result.members = Counts(len(member_plan.create), len(member_plan.update), member_plan.unchanged)
    result.transfers = sum(
        1 for old, new in member_plan.update if code_by_id.get(old.organization_id) != new.org_code
    )
    if result.dry_run:
        return
    org_total = len(org_plan.create) + len(org_plan.update)
    writes = org_total + len(member_plan.create) + len(member_plan.update)
    progress("writing", 0, writes)
    org_ids = write_orgs(org_plan, existing_orgs)
    progress("writing", org_total, writes)
    write_members(member_plan, org_ids, lambda done: progress("writing", org_total + done, writes))
    progress("writing", writes, writes)


def _member_scope(
    scope: Scope | None, existing: dict[str, ExistingOrg], org_plan: OrgPlan
) -> Callable[[str], bool]:
    """Cells a member may be put in or taken from; the file's own organizations were checked."""
    if scope is None:
        return lambda code: True
    in_file = {o.code for o in (*org_plan.create, *org_plan.update)}

    def allowed(code: str) -> bool:
        org = existing.get(code)
        return code in in_file or (org is not None and scope.covers(org.path))

    return allowed
