"""``phieukin import FILE [FILE ...]``: import organizations and members from CSV/XLSX.

All files go in one transaction: either every row of every file is valid and imported, or
nothing is written and each problem is listed (sheet, line, column, value, reason) in
English. Exit status: 0 imported (or valid, with --dry-run), 1 rows invalid, 2 file unusable.
"""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from phieukin.organizations.importing import ImportFileError, ImportInvalid, run_import
from phieukin.organizations.importing.columns import KINDS

BAR_WIDTH = 30


class ProgressBar:
    """A one-line text bar on stderr, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.last = 0.0
        self.stage = ""
        self.finished: set[str] = set()

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or stage in self.finished:
            return
        if stage == self.stage and now - self.last < 0.1 and done < total:
            return
        self.stage, self.last = stage, now
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        percent = 100 * done // total if total else 100
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r{stage:<10} [{bar}] {percent:3d}% {done}/{total}")
        if done >= total:
            self.finished.add(stage)
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Import organizations and party members from CSV or XLSX files (all or nothing)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--kind", choices=KINDS, help="skip detection from the header row")
        parser.add_argument("--dry-run", action="store_true", help="validate only")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        # The CLI speaks English, the web UI Vietnamese. override, not activate: the command
        # also runs inside other processes (call_command) whose language must not change.
        with translation.override("en"):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        files = []
        for name in options["files"]:
            try:
                files.append((Path(name).name, Path(name).read_bytes()))
            except OSError as exc:
                raise CommandError(f"cannot read {name}: {exc.strerror}", returncode=2) from None
        bar = ProgressBar(sys.stderr, enabled=not options["no_progress"])
        started = time.perf_counter()
        try:
            result = run_import(
                files, kind=options["kind"], dry_run=options["dry_run"], progress=bar
            )
        except ImportFileError as exc:
            raise CommandError(f"{exc.english} Nothing was imported.", returncode=2) from None
        except ImportInvalid as exc:
            self._report(exc)
            raise CommandError(
                f"{exc.total} error(s); nothing was imported.", returncode=1
            ) from None
        self._summary(result, time.perf_counter() - started)

    def _report(self, exc: ImportInvalid) -> None:
        for error in exc.errors:
            where = f"{error.sheet}: " if error.sheet else ""
            column = f", column {error.column!r}" if error.column else ""
            value = f", value {error.value!r}" if error.value else ""
            self.stderr.write(f"{where}line {error.line}{column}{value}: {error.english()}")
        if exc.total > len(exc.errors):
            self.stderr.write(f"... and {exc.total - len(exc.errors)} more error(s)")

    def _summary(self, result: Any, seconds: float) -> None:
        verb = "would be" if result.dry_run else "were"
        for label, counts in (("organizations", result.organizations), ("members", result.members)):
            if counts.created or counts.updated or counts.unchanged:
                self.stdout.write(
                    f"{label}: {counts.created} created, {counts.updated} updated, "
                    f"{counts.unchanged} unchanged"
                )
        if result.transfers:
            self.stdout.write(f"{result.transfers} member(s) {verb} transferred between cells")
        if result.ignored_columns:
            self.stdout.write("ignored columns: " + ", ".join(result.ignored_columns))
        if not result.changed:
            self.stdout.write("nothing to change: the database already matches the file")
        elif result.dry_run:
            self.stdout.write("dry run: the file is valid; nothing was written")
        self.stdout.write(f"done in {seconds:.1f} s")
