"""``phieukin backup [--output FILE]``: one archive with a consistent database copy and media.

Archive (``.tar.gz``): ``manifest.json`` (format, engine, applied migrations, row counts, the
audit head, SHA-256 of every member), then

- SQLite: ``db/phieukin.sqlite3``, made with SQLite's online backup API — a consistent
  page-by-page copy taken while the server keeps running;
- PostgreSQL: ``db/data.json``, Django's serialized form of every app's rows, read in one
  REPEATABLE READ transaction so all tables come from the same snapshot (no pg_dump needed);

and ``media/…`` (uploaded documents). The archive holds password hashes and second-factor
secrets: it is written with mode 0600; keep it like the database itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "phieukin-backup"
VERSION = 1
SQLITE_MEMBER = "db/phieukin.sqlite3"
JSON_MEMBER = "db/data.json"
# Recreated by ``migrate`` (contenttypes, permissions) or worthless after a restore (sessions).
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions"]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def dump_sqlite(target: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(target) as destination:
        connection.connection.backup(destination)
    destination.close()


def dump_json(target: Path) -> dict[str, int]:
    """Every app's rows from one snapshot; returns the row counts seen in that snapshot."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = row_counts()
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=DUMP_EXCLUDE,
            output=str(target),
            verbosity=0,
        )
    return counts


def _audit_head() -> dict[str, Any] | None:
    from phieukin.audit.models import AuditEvent

    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    return dict(last) if last else None


def build_archive(output: Path) -> dict[str, Any]:
    """Write the archive to ``output`` (atomically: a temporary file renamed at the end)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="phieukin-backup-") as tmp:
        work = Path(tmp)
        if connection.vendor == "sqlite":
            counts = row_counts()
            member, db_file = SQLITE_MEMBER, work / "db.sqlite3"
            dump_sqlite(db_file)
        else:
            member, db_file = JSON_MEMBER, work / "data.json"
            counts = dump_json(db_file)
        media_root = Path(settings.MEDIA_ROOT)
        media = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "migrations": applied_migrations(),
            "counts": counts,
            "audit_head": _audit_head(),
            "files": {member: sha256_file(db_file)}
            | {f"media/{p.relative_to(media_root).as_posix()}": sha256_file(p) for p in media},
        }
        manifest_file = work / "manifest.json"
        manifest_file.write_text(json.dumps(manifest, indent=1, ensure_ascii=False), "utf-8")
        fd, partial = tempfile.mkstemp(dir=output.parent, suffix=".partial")
        os.close(fd)
        os.chmod(partial, 0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_file, "manifest.json")
            archive.add(db_file, member)
            for path in media:
                archive.add(path, f"media/{path.relative_to(media_root).as_posix()}")
        os.replace(partial, output)
    return manifest


class Command(BaseCommand):
    help = "Back up the database (consistent snapshot) and media files into one archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="archive path (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.DATA_DIR) / "backups" / f"phieukin-{stamp}.tar.gz"
        output: Path = options["output"] or default
        try:
            manifest = build_archive(output)
        except OSError as exc:
            raise CommandError(f"cannot write the backup to {output}: {exc.strerror}") from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"backup written to {output} ({manifest['engine']}, {rows} rows, "
            f"{len(manifest['files']) - 1} media files)"
        )
