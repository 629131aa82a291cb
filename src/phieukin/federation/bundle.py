"""The bundle's format: one ZIP file, its manifest and the names inside it (no ORM here).

    manifest.json          canonical JSON: format, sender key and fingerprint, organization,
                           period, created_at, audit head, and every other file's name,
                           SHA-256 and size
    manifest.sig           Ed25519 signature of manifest.json's exact bytes, 128 hex digits
    ratings.json           the period's subjects with their levels, votes and decisions
    organizations.json     the sender's subtree: code, name, kind, parent code
    audit.jsonl            the sender's whole audit chain, to the head named in the manifest
    ballots/<id>.jsonl     every ballot record of the period, byte for byte as published
    dossier/index.json     the dossier list: the period's conference documents
    dossier/...            the documents themselves

The signature covers the manifest and the manifest covers every file by its hash, so changing
any byte of any file, adding or removing a file, is found before anything else is read.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime
from typing import Any

FORMAT = "phieukin-bundle/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
RATINGS = "ratings.json"
ORGANIZATIONS = "organizations.json"
AUDIT = "audit.jsonl"
BALLOTS_DIR = "ballots/"
DOSSIER_DIR = "dossier/"
DOSSIER_INDEX = "dossier/index.json"
REQUIRED = (RATINGS, ORGANIZATIONS, AUDIT, DOSSIER_INDEX)


def canonical(value: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the bytes that are hashed and signed."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_entries(files: dict[str, bytes]) -> list[dict[str, Any]]:
    return [
        {"name": name, "sha256": sha256_hex(data), "size": len(data)}
        for name, data in sorted(files.items())
    ]


def write_zip(files: dict[str, bytes], *, when: datetime) -> bytes:
    """The files in a ZIP, the manifest and its signature first; fixed timestamps."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    order = [MANIFEST, SIGNATURE, *sorted(n for n in files if n not in {MANIFEST, SIGNATURE})]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return out.getvalue()
