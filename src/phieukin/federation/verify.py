"""``verify_bundle(data)``: every check of an imported bundle, before anything is written.

In this order, the first failure refusing the whole bundle with its code (``BundleRefusedError``):

1. ``bad_format``: a ZIP of bounded size with safe, unique names, ``manifest.json`` (the format
   version this code reads, the fields it needs) and ``manifest.sig``;
2. ``unknown_sender`` / ``revoked_sender``: the sender key is a registered subordinate's;
3. ``bad_signature``: Ed25519 over the manifest's exact bytes, by that key;
4. ``file_modified`` / ``file_missing`` / ``file_unlisted``: every file's size and SHA-256 are
   the manifest's, and the ZIP holds exactly the listed files;
5. ``organizations_not_sender``: ``organizations.json`` is one tree whose root is the
   organization this installation registered for the sender;
6. ``subjects_not_sender``: every subject's home organization is in that tree, with valid levels;
7. ``audit_chain_broken``: the audit chain verifies to the head named in the manifest;
8. ``ballot_record_invalid`` / ``ballot_record_mismatch``: every ballot record verifies with
   ``phieukin verify``'s verifier (in this process), and each secret-ballot vote's head hash is
   its record's head;
9. ``no_matching_period``: this installation has a period of that year and cycle covering the
   sender's organization;
10. ``already_imported`` / ``older_than_current`` / ``chain_does_not_extend``: a newer bundle
   for the same period supersedes the current one only if its audit chain extends the current
   one's (the same entry at the current head's sequence number).
"""

from __future__ import annotations

import io
import json
import multiprocessing
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from phieukin.audit.chain import verify_chain
from phieukin.evaluations.models import Level, Period, SubjectKind
from phieukin.federation import bundle as fmt
from phieukin.federation.errors import BundleRefusedError
from phieukin.federation.keys import parse_public_key, signature_ok
from phieukin.federation.models import ImportedBundle, Peer, PeerRole
from phieukin.record.events import split_record
from phieukin.record.verify import verify_record

MAX_BUNDLE_BYTES = 1024 * 1024 * 1024  # 1 GB packed
MAX_EXPANDED_BYTES = 8 * 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_FILES = 100_000
MANIFEST_FIELDS = {
    "format": str,
    "sender_key": str,
    "organization": dict,
    "period": dict,
    "created_at": str,
    "audit_head": dict,
    "files": list,
}
LEVELS = frozenset(Level.values)
KINDS = frozenset(SubjectKind.values)


def refuse(code: str, message: Any, /, **params: Any) -> BundleRefusedError:
    return BundleRefusedError(code, message, **params)


@dataclass
class VerifiedBundle:
    """What an import writes, known only once every check passed."""

    data: bytes
    sha256: str
    manifest: dict[str, Any]
    sender: Peer
    period: Period
    created_at: datetime
    subjects: int
    ballots: int
    audit_seq: int
    audit_head: str
    counts: list[tuple[str, str, str, str | None, bool, int]] = field(default_factory=list)
    previous: ImportedBundle | None = None
    checks: list[str] = field(default_factory=list)


def _json(data: bytes, name: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise refuse(
            "bad_format", _("The file %(name)s in the bundle is not valid JSON."), name=name
        ) from None


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return (
        bool(name)
        and not name.startswith("/")
        and "\\" not in name
        and all(p not in {"", ".", ".."} for p in parts)
    )


def _read_zip(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_BUNDLE_BYTES:
        raise refuse("bad_format", _("The bundle is larger than this installation accepts."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse("bad_format", _("The file is not a bundle (not a ZIP archive).")) from None
    names = [i.filename for i in infos]
    expanded = sum(i.file_size for i in infos)
    if (
        len(infos) > MAX_FILES
        or expanded > MAX_EXPANDED_BYTES
        or expanded > MAX_RATIO * max(len(data), 1)
    ):
        raise refuse("bad_format", _("The bundle expands to an unreasonable size."))
    if len(set(names)) != len(names) or not all(_safe_name(n) for n in names):
        raise refuse("bad_format", _("The bundle holds duplicate or unsafe file names."))
    files: dict[str, bytes] = {}
    try:
        for info in infos:
            if not info.is_dir():
                files[info.filename] = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise refuse("bad_format", _("The bundle's archive is damaged.")) from None
    return files


def _manifest(files: dict[str, bytes]) -> dict[str, Any]:
    if fmt.MANIFEST not in files or fmt.SIGNATURE not in files:
        raise refuse("bad_format", _("The bundle has no manifest or no signature."))
    manifest = _json(files[fmt.MANIFEST], fmt.MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != fmt.FORMAT:
        raise refuse(
            "bad_format",
            _("The bundle's format is not %(format)s, the one this installation reads."),
            format=fmt.FORMAT,
        )
    for name, kind in MANIFEST_FIELDS.items():
        if not isinstance(manifest.get(name), kind):
            raise refuse("bad_format", _("The manifest lacks the field %(name)s."), name=name)
    return manifest


def _sender(manifest: dict[str, Any]) -> Peer:
    key = parse_public_key(manifest["sender_key"])
    peer = None if key is None else Peer.objects.filter(public_key=key.hex()).first()
    if peer is None or peer.role != PeerRole.SUBORDINATE:
        raise refuse(
            "unknown_sender",
            _("The bundle is signed by a key that is not registered as a subordinate here."),
        )
    if peer.revoked_at is not None:
        raise refuse("revoked_sender", _("The sender's key has been revoked here."))
    return peer


def _signature(files: dict[str, bytes], peer: Peer) -> None:
    text = files[fmt.SIGNATURE].strip().decode("ascii", "replace")
    try:
        signature = bytes.fromhex(text)
    except ValueError:
        signature = b""
    if len(signature) != 64 or not signature_ok(
        bytes.fromhex(peer.public_key), files[fmt.MANIFEST], signature
    ):
        raise refuse("bad_signature", _("The manifest's signature does not verify."))


def _hashes(files: dict[str, bytes], manifest: dict[str, Any]) -> None:
    listed: dict[str, dict[str, Any]] = {}
    for entry in manifest["files"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise refuse("bad_format", _("The manifest's list of files is malformed."))
        listed[entry["name"]] = entry
    present = set(files) - {fmt.MANIFEST, fmt.SIGNATURE}
    for name in sorted(listed):
        if name not in files:
            raise refuse("file_missing", _("The file %(name)s is missing."), name=name)
        entry, data = listed[name], files[name]
        if entry.get("size") != len(data) or entry.get("sha256") != fmt.sha256_hex(data):
            raise refuse(
                "file_modified",
                _("The file %(name)s was modified after the bundle was signed."),
                name=name,
            )
    for name in sorted(present - set(listed)):
        raise refuse(
            "file_unlisted", _("The file %(name)s is not listed in the manifest."), name=name
        )
    for name in fmt.REQUIRED:
        if name not in listed:
            raise refuse("file_missing", _("The file %(name)s is missing."), name=name)


def _organizations(files: dict[str, bytes], peer: Peer, manifest: dict[str, Any]) -> set[str]:
    """The codes of the sender's tree, which must hang from the registered organization."""
    body = _json(files[fmt.ORGANIZATIONS], fmt.ORGANIZATIONS)
    rows = body.get("organizations") if isinstance(body, dict) else None
    not_sender = refuse(
        "organizations_not_sender",
        _(
            "The bundle's organizations are not one tree under %(code)s, the organization "
            "registered for this sender."
        ),
        code=peer.organization.code,
    )
    if not isinstance(rows, list) or not rows:
        raise not_sender
    parents: dict[str, str | None] = {}
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("code"), str):
            raise not_sender
        parent = row.get("parent")
        if row["code"] in parents or not (parent is None or isinstance(parent, str)):
            raise not_sender
        parents[row["code"]] = parent
    roots = [code for code, parent in parents.items() if parent is None]
    if roots != [peer.organization.code] or manifest["organization"].get("code") != roots[0]:
        raise not_sender
    reaches: dict[str, bool] = {roots[0]: True}
    for code in parents:
        seen: list[str] = []
        node: str | None = code
        while node is not None and node not in reaches:
            if node in seen or node not in parents:
                raise not_sender  # a cycle, or a parent outside the tree
            seen.append(node)
            node = parents[node]
        for visited in seen:
            reaches[visited] = True
    return set(parents)


def _subjects(
    files: dict[str, bytes], codes: set[str]
) -> tuple[list[dict[str, Any]], Counter[tuple[str, str, str | None, bool]]]:
    body = _json(files[fmt.RATINGS], fmt.RATINGS)
    subjects = body.get("subjects") if isinstance(body, dict) else None
    if not isinstance(subjects, list):
        raise refuse("bad_format", _("The ratings file lists no subjects."))
    counts: Counter[tuple[str, str, str | None, bool]] = Counter()
    for s in subjects:
        ok = (
            isinstance(s, dict)
            and s.get("kind") in KINDS
            and isinstance(s.get("in_scope"), bool)
            and all(s.get(f) is None or s.get(f) in LEVELS for f in ("decided_level", "self_level"))
            and (s.get("in_scope") or s.get("decided_level") is None)
            and isinstance(s.get("votes", []), list)
        )
        if not ok:
            raise refuse("bad_format", _("A subject in the ratings file is malformed."))
        if s.get("organization") not in codes:
            raise refuse(
                "subjects_not_sender",
                _("A subject belongs to %(code)s, which is not in the sender's organizations."),
                code=str(s.get("organization")),
            )
        level = s["decided_level"] if s["in_scope"] else None
        counts[(s["organization"], s["kind"], level, s["in_scope"])] += 1
    return subjects, counts


def _audit(files: dict[str, bytes], manifest: dict[str, Any]) -> tuple[int, str, dict[int, str]]:
    head = manifest["audit_head"]
    try:
        entries = [json.loads(line) for line in files[fmt.AUDIT].splitlines()]
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise refuse("audit_chain_broken", _("The audit chain is not valid JSON Lines.")) from None
    # An installation whose log is still empty sends seq 0 and the genesis hash.
    report = verify_chain(entries, expected_head=str(head.get("hash")))
    if not report.ok or report.head_seq != head.get("seq"):
        problem = str(report.problems[0]) if report.problems else "head"
        raise refuse(
            "audit_chain_broken",
            _("The sender's audit chain does not verify (%(problem)s)."),
            problem=problem,
        )
    by_seq = {e["seq"]: str(e.get("hash")) for e in entries}
    return report.head_seq, report.head_hash, by_seq


# Set just before the pool forks: the workers read the records copy-on-write (never pickled).
_RECORDS: dict[str, bytes] = {}


@dataclass(frozen=True)
class _RecordResult:
    name: str
    ok: bool
    head: str
    complete: bool
    failure: tuple[int, str, str] | None  # (seq, code, reason)


def _verify_one(name: str) -> _RecordResult:
    lines, final_newline = split_record(_RECORDS[name])
    report = verify_record(lines, jobs=1, final_newline=final_newline)
    f = report.failure
    found = None if f is None else (f.seq, f.code, f.reason)
    return _RecordResult(name, report.ok, report.head, report.complete, found)


def _verify_records(files: dict[str, bytes], names: list[str], jobs: int) -> list[_RecordResult]:
    """Every record with ``phieukin verify``'s verifier, records spread over ``jobs`` processes
    (a province sends hundreds of small records: one process per record, not per ballot)."""
    _RECORDS.clear()  # filled in place: the forked workers inherit it
    _RECORDS.update({n: files[n] for n in names})
    try:
        if jobs <= 1 or len(names) <= 1:
            return [_verify_one(n) for n in names]
        results = []
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for result in pool.imap(_verify_one, names, chunksize=2):
                results.append(result)
                if not result.ok:
                    break  # in name order: the first record that fails
            pool.terminate()
        return results
    finally:
        _RECORDS.clear()


def _ballots(files: dict[str, bytes], subjects: list[dict[str, Any]], jobs: int) -> int:
    heads: dict[str, tuple[str, bool]] = {}
    names = sorted(n for n in files if n.startswith(fmt.BALLOTS_DIR))
    for result in _verify_records(files, names, jobs):
        if not result.ok:
            assert result.failure is not None
            seq, code, reason = result.failure
            raise refuse(
                "ballot_record_invalid",
                _("The ballot record %(name)s does not verify: event %(seq)s, %(reason)s."),
                name=result.name,
                seq=seq,
                reason=f"[{code}] {reason}",
            )
        ballot_id = result.name.removeprefix(fmt.BALLOTS_DIR).removesuffix(".jsonl")
        heads[ballot_id] = (result.head, result.complete)
    for s in subjects:
        for vote in s.get("votes", []):
            ref = vote.get("ballot_id") if isinstance(vote, dict) else None
            if ref is None:
                continue
            head, complete = heads.get(str(ref), ("", False))
            if not complete or head != vote.get("head_hash"):
                raise refuse(
                    "ballot_record_mismatch",
                    _(
                        "A vote refers to ballot %(ballot)s, whose complete record with that "
                        "head is not in the bundle."
                    ),
                    ballot=str(ref),
                )
    return len(heads)


def _period(manifest: dict[str, Any], peer: Peer) -> Period:
    sent = manifest["period"]
    owners = [*peer.organization.ancestor_ids(), peer.organization.pk]
    period = (
        Period.objects.filter(
            year=sent.get("year"), cycle=sent.get("cycle"), organization_id__in=owners
        )
        .order_by("-organization__depth", "-id")
        .first()
    )
    if period is None:
        raise refuse(
            "no_matching_period",
            _("No period of year %(year)s here covers %(code)s."),
            year=str(sent.get("year")),
            code=peer.organization.code,
        )
    return period


def _supersedes(
    peer: Peer, period: Period, sha: str, created: datetime, by_seq: dict[int, str]
) -> ImportedBundle | None:
    if ImportedBundle.objects.filter(sha256=sha).exists():
        raise refuse("already_imported", _("This bundle has already been imported."))
    current = ImportedBundle.objects.filter(
        sender=peer, period=period, superseded_at__isnull=True
    ).first()
    if current is None:
        return None
    if created <= current.created_at:
        raise refuse(
            "older_than_current",
            _("A bundle created later for this period is already imported."),
        )
    if current.audit_seq and by_seq.get(current.audit_seq) != current.audit_head:  # 0: empty
        raise refuse(
            "chain_does_not_extend",
            _(
                "The audit chain does not extend the one of the bundle it would replace "
                "(entry %(seq)s differs): the sender's history was rewritten."
            ),
            seq=current.audit_seq,
        )
    return current


def verify_bundle(
    data: bytes, *, jobs: int = 1, may_import: Callable[[Peer], bool] | None = None
) -> VerifiedBundle:
    """Run every check; return what to write, or raise ``BundleRefusedError``. Writes nothing.

    ``may_import(sender)``: whether the importing user may import for that sender (asked as
    soon as the sender is known, before the expensive checks; refused as ``forbidden``).
    """
    files = _read_zip(data)
    manifest = _manifest(files)
    created = parse_datetime(str(manifest["created_at"]))
    if created is None or created.tzinfo is None:
        raise refuse("bad_format", _("The manifest lacks the field %(name)s."), name="created_at")
    peer = _sender(manifest)
    if may_import is not None and not may_import(peer):
        error = refuse("forbidden", _("You may not import bundles of this sender."))
        error.status = 403
        raise error
    _signature(files, peer)
    _hashes(files, manifest)
    codes = _organizations(files, peer, manifest)
    subjects, counts = _subjects(files, codes)
    audit_seq, audit_head, by_seq = _audit(files, manifest)
    ballots = _ballots(files, subjects, jobs)
    period = _period(manifest, peer)
    sha = fmt.sha256_hex(data)
    previous = _supersedes(peer, period, sha, created, by_seq)
    names = _names(files)
    return VerifiedBundle(
        data=data,
        sha256=sha,
        manifest=manifest,
        sender=peer,
        period=period,
        created_at=created,
        subjects=len(subjects),
        ballots=ballots,
        audit_seq=audit_seq,
        audit_head=audit_head,
        counts=[
            (code, names.get(code, code), kind, level, in_scope, n)
            for (code, kind, level, in_scope), n in sorted(
                counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "", kv[0][3])
            )
        ],
        previous=previous,
    )


def _names(files: dict[str, bytes]) -> dict[str, str]:
    body = json.loads(files[fmt.ORGANIZATIONS])
    return {row["code"]: str(row.get("name", row["code"])) for row in body["organizations"]}
