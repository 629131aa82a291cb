"""``build_bundle(period)``: one signed ZIP of a period's results (format: ``bundle``).

Reads only; ``do_export_bundle`` adds the audit entry that says who exported what and when.
The subjects are read with ``values()`` (a province's period holds ≈ 170,000), the ballot
records byte for byte from the board, the audit chain from its first entry to its head.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from nacl.signing import SigningKey

from phieukin.audit.chain import canonical_json
from phieukin.audit.services import iter_entries, record_event
from phieukin.evaluations.models import Decision, Period, RatingBallot, Subject, VoteRecord
from phieukin.federation import bundle as fmt
from phieukin.federation.dossier import extra_documents
from phieukin.federation.errors import ExportError
from phieukin.federation.keys import fingerprint, installation_key, sign
from phieukin.meetings.models import AgendaDocument
from phieukin.organizations.models import Organization
from phieukin.voting import board
from phieukin.voting.models import Ballot


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _in_subtree(root: Organization) -> Q:
    return Q(organization__path__startswith=root.path) | Q(
        member__organization__path__startswith=root.path
    )


def _scope(period: Period, root: Organization) -> QuerySet[Subject]:
    """The period's subjects under ``root``, as a subquery (never a list of 170,000 ids)."""
    scope = Subject.objects.filter(period=period)
    if root.pk == period.organization_id:
        return scope
    return scope.filter(_in_subtree(root))


def _subjects(period: Period, root: Organization) -> list[dict[str, Any]]:
    fields = (
        "id",
        "kind",
        "collective_kind",
        "organization__code",
        "member__organization__code",
        "member__card_number",
        "member__full_name",
        "title",
        "comparable_group",
        "in_scope",
        "out_of_scope_reason",
        "self_level",
        "proposed_level",
        "decided_level",
        "decided_at",
        "decided_by",
    )
    base = Subject.objects.filter(period=period)
    rows: list[dict[str, Any]] = []
    # Two index paths (the collective's organization, the member's cell), never one OR.
    for lookup in ("organization__path__startswith", "member__organization__path__startswith"):
        rows += base.filter(**{lookup: root.path}).order_by("id").values(*fields)
    rows.sort(key=lambda r: r["id"])
    votes = _by_subject(
        VoteRecord.objects.filter(subject__in=_scope(period, root)).order_by("id"),
        (
            "subject_id",
            "method",
            "body",
            "counts",
            "blank",
            "invalid",
            "convened",
            "denominator",
            "outcome_level",
            "is_decision",
            "ballot_id",
            "head_hash",
            "round",
            "recorded_at",
        ),
    )
    decisions = _by_subject(
        Decision.objects.filter(subject__in=_scope(period, root)).order_by("id"),
        ("subject_id", "level", "method", "body", "number", "decided_at", "cancelled_at"),
    )
    out = []
    for r in rows:
        member = None
        if r["kind"] == "individual":
            member = {"card_number": r["member__card_number"], "full_name": r["member__full_name"]}
        out.append(
            {
                "id": r["id"],
                "kind": r["kind"],
                "collective_kind": r["collective_kind"],
                "organization": r["organization__code"] or r["member__organization__code"],
                "member": member,
                "title": r["title"],
                "comparable_group": r["comparable_group"],
                "in_scope": r["in_scope"],
                "out_of_scope_reason": r["out_of_scope_reason"],
                "self_level": r["self_level"],
                "proposed_level": r["proposed_level"],
                "decided_level": r["decided_level"],
                "decided_at": _iso(r["decided_at"]),
                "decided_by": r["decided_by"],
                "votes": votes.get(r["id"], []),
                "decisions": decisions.get(r["id"], []),
            }
        )
    return out


def _by_subject(query: Any, fields: Iterable[str]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {}
    for row in query.values(*fields).iterator(chunk_size=5000):
        subject = row.pop("subject_id")
        found.setdefault(subject, []).append(
            {k: _iso(v) if isinstance(v, datetime) else v for k, v in row.items()}
        )
    return found


def _organizations(root: Organization) -> list[dict[str, Any]]:
    rows = Organization.objects.filter(path__startswith=root.path).order_by("path")
    return [
        {
            "code": code,
            "name": name,
            "kind": kind,
            "parent": None if pk == root.pk else parent,
        }
        for pk, code, name, kind, parent in rows.values_list(
            "pk", "code", "name", "kind", "parent__code"
        ).iterator(chunk_size=5000)
    ]


def _ballots(period: Period, root: Organization) -> list[Ballot]:
    scope = _scope(period, root)
    via_items = RatingBallot.objects.filter(subjects__in=scope).values("ballot_id")
    via_votes = VoteRecord.objects.filter(subject__in=scope, ballot__isnull=False)
    ids = set(via_items.values_list("ballot_id", flat=True)) | set(
        via_votes.values_list("ballot_id", flat=True)
    )
    return list(Ballot.objects.filter(pk__in=ids).order_by("pk"))


def _dossier(period: Period, root: Organization) -> dict[str, bytes]:
    """``dossier/index.json`` and the files: the conference documents of the period's rating
    agenda items (Tờ trình, reports) and the builders' documents (Mẫu 04)."""
    items = set(
        RatingBallot.objects.filter(subjects__in=_scope(period, root)).values_list(
            "agenda_item_id", flat=True
        )
    )
    items |= set(
        _scope(period, root)
        .filter(submissions__isnull=False)
        .values_list("submissions__agenda_item_id", flat=True)
    )
    files: dict[str, bytes] = {}
    index: list[dict[str, Any]] = []
    documents = AgendaDocument.objects.filter(agenda_item_id__in=items).select_related(
        "agenda_item__conference"
    )
    for doc in documents.order_by("id"):
        entry: dict[str, Any] = {
            "title": doc.title,
            "number": doc.number,
            "conference": doc.agenda_item.conference.title,
            "agenda_item": doc.agenda_item.title,
            "distributed_on": doc.distributed_on.isoformat() if doc.distributed_on else None,
            "file": None,
        }
        if doc.file:
            name = f"{fmt.DOSSIER_DIR}documents/{doc.pk}-{PurePosixPath(str(doc.file.name)).name}"
            with doc.file.open("rb") as handle:
                files[name] = handle.read()
            entry["file"] = name
        index.append(entry)
    for name, data in sorted(extra_documents(root, period).items()):
        path = f"{fmt.DOSSIER_DIR}{name}"
        files[path] = data
        index.append({"title": name, "number": "", "file": path})
    files[fmt.DOSSIER_INDEX] = fmt.canonical({"documents": index})
    return files


def period_descriptor(period: Period) -> dict[str, Any]:
    return {
        "id": period.pk,
        "title": period.title,
        "year": period.year,
        "cycle": period.cycle,
        "regulation": period.regulation,
        "starts_on": period.starts_on.isoformat(),
        "ends_on": period.ends_on.isoformat(),
        "status": period.status,
    }


def build_bundle(
    period: Period,
    *,
    organization: Organization | None = None,
    key: SigningKey | None = None,
    now: datetime | None = None,
) -> bytes:
    """The signed bundle of ``period`` for ``organization``'s subtree (default: the period's)."""
    root = organization or period.organization
    if not root.path.startswith(period.organization.path):
        raise ExportError(_("The organization is not covered by this period."))
    signing_key = key or installation_key()
    created = now or timezone.now()
    subjects = _subjects(period, root)
    files: dict[str, bytes] = {
        fmt.RATINGS: fmt.canonical({"period": period_descriptor(period), "subjects": subjects}),
        fmt.ORGANIZATIONS: fmt.canonical({"organizations": _organizations(root)}),
    }
    audit_lines = []
    head_seq, head_hash = 0, "0" * 64
    for entry in iter_entries():
        audit_lines.append(canonical_json(entry).encode() + b"\n")
        head_seq, head_hash = entry["seq"], entry["hash"]
    files[fmt.AUDIT] = b"".join(audit_lines)
    ballots = _ballots(period, root)
    for ballot in ballots:
        files[f"{fmt.BALLOTS_DIR}{ballot.pk}.jsonl"] = board.export_jsonl(ballot)
    files.update(_dossier(period, root))
    public = bytes(signing_key.verify_key)
    manifest = {
        "format": fmt.FORMAT,
        "sender_key": public.hex(),
        "sender_fingerprint": fingerprint(public),
        "organization": {"code": root.code, "name": root.name},
        "period": period_descriptor(period),
        "created_at": _iso(created),
        "audit_head": {"seq": head_seq, "hash": head_hash},
        "counts": {"subjects": len(subjects), "ballots": len(ballots)},
        "files": fmt.file_entries(files),
    }
    manifest_bytes = fmt.canonical(manifest)
    files[fmt.MANIFEST] = manifest_bytes
    files[fmt.SIGNATURE] = sign(manifest_bytes, signing_key).hex().encode() + b"\n"
    return fmt.write_zip(files, when=created)


def do_export_bundle(
    period: Period, *, organization: Organization | None = None, actor: Any
) -> bytes:
    """``build_bundle`` and one audit entry naming the bundle's hash (in its own transaction).

    The entry is appended after the bundle is built, so the bundle's audit head is the entry
    before it; the next bundle's chain extends through it.
    """
    data = build_bundle(period, organization=organization)
    root = organization or period.organization
    with transaction.atomic():
        record_event(
            "federation.bundle_exported",
            actor=actor,
            obj=period,
            organization=root,
            data={"sha256": fmt.sha256_hex(data), "size": len(data)},
        )
    return data
