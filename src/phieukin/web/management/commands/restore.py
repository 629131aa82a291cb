"""``phieukin restore ARCHIVE``: restore a ``phieukin backup`` archive into an EMPTY database.

Steps: check the archive (format, SHA-256 of every member, no path escapes); migrate the target
database; refuse if it holds any rows (restoring never merges); load the data — SQLite copies
the snapshot back with the online backup API, PostgreSQL loads the serialized rows in one
transaction (``loaddata``: all or nothing, sequences reset); then migrate again (a SQLite
snapshot from an older version is brought up to date) and extract media files, never
overwriting an existing one. Finally the audit chain is verified.
"""

from __future__ import annotations

import json
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from phieukin.web.management.commands.backup import (
    DUMP_EXCLUDE,
    FORMAT,
    JSON_MEMBER,
    SQLITE_MEMBER,
    VERSION,
    applied_migrations,
    sha256_file,
)

# Tables that ``migrate`` itself fills; they do not make a database "non-empty".
_MIGRATE_FILLED = {"contenttypes.ContentType", "auth.Permission", "sessions.Session"}


def _extract(archive_path: Path, into: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(into, filter="data")  # refuses absolute paths, "..", links out
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise CommandError(f"{archive_path} is not a readable backup archive ({exc})") from None
    try:
        manifest = json.loads((into / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError):
        raise CommandError(f"{archive_path} has no valid manifest.json") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise CommandError(f"{archive_path} is not a phieukin backup (format/version)")
    for name, digest in manifest.get("files", {}).items():
        member = into / name
        if not member.is_file() or sha256_file(member) != digest:
            raise CommandError(f"{archive_path}: {name} is missing or corrupted (SHA-256)")
    return manifest


def _non_empty_models() -> list[str]:
    return [
        model._meta.label
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label not in _MIGRATE_FILLED
        and model._default_manager.exists()
    ]


def _load_sqlite(db_file: Path) -> None:
    if connection.vendor != "sqlite":
        raise CommandError(
            "this archive holds a SQLite snapshot; restore it into SQLite (DATABASE_URL "
            "sqlite:///…), then move data with dumpdata/loaddata if needed"
        )
    connection.ensure_connection()
    source = sqlite3.connect(db_file)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _load_json(data_file: Path, manifest: dict[str, Any]) -> None:
    missing = set(manifest.get("migrations", [])) - set(applied_migrations())
    if missing:
        raise CommandError(
            "the backup was made by a newer phieukin (unknown migrations: "
            f"{', '.join(sorted(missing)[:5])}); restore it with that version"
        )
    call_command("loaddata", str(data_file), exclude=DUMP_EXCLUDE, verbosity=0)


def _extract_media(source: Path) -> int:
    if not source.is_dir():
        return 0
    media_root = Path(settings.MEDIA_ROOT)
    files = [p for p in source.rglob("*") if p.is_file()]
    clashes = [p for p in files if (media_root / p.relative_to(source)).exists()]
    if clashes:
        raise CommandError(
            f"media file already exists: {media_root / clashes[0].relative_to(source)}"
        )
    for path in files:
        target = media_root / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return len(files)


class Command(BaseCommand):
    help = "Restore a phieukin backup archive into an empty database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        with tempfile.TemporaryDirectory(prefix="phieukin-restore-") as tmp:
            work = Path(tmp)
            manifest = _extract(options["archive"], work)
            call_command("migrate", interactive=False, verbosity=0)
            busy = _non_empty_models()
            if busy:
                raise CommandError(
                    "the target database is not empty (rows in "
                    f"{', '.join(busy[:5])}); restore only into a new, empty database"
                )
            if (work / SQLITE_MEMBER).is_file():
                _load_sqlite(work / SQLITE_MEMBER)
                call_command("migrate", interactive=False, verbosity=0)
            else:
                _load_json(work / JSON_MEMBER, manifest)
            media = _extract_media(work / "media")
        self._report(manifest, media)

    def _report(self, manifest: dict[str, Any], media: int) -> None:
        from phieukin.audit.services import verify_log

        head = manifest.get("audit_head") or {}
        report = verify_log(expected_head=head.get("hash"))
        if not report.ok:
            problems = "; ".join(str(p) for p in report.problems[:5])
            raise CommandError(f"restored, but the audit chain does not verify: {problems}")
        self.stdout.write(
            f"restored {manifest['engine']} backup of {manifest['created_at']}: "
            f"{media} media files, audit log OK ({report.count} entries)"
        )
