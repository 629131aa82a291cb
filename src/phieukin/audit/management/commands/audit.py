"""``phieukin audit verify|export|head``: check and export the hash-chained audit log.

verify            walk the stored chain; print every problem by seq; exit 1 if any
verify --file F   the same on an exported JSONL file (no database needed for the check)
verify --head H   also require the last entry's hash to be H (catches a truncated end)
export            write every entry as one canonical JSON line (``--output`` or stdout)
head              print the last entry's seq and hash (to write in minutes or elsewhere)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phieukin.audit.chain import ChainReport, canonical_json, verify_chain
from phieukin.audit.services import iter_entries, verify_log


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CommandError(f"{path}:{number}: not JSON ({exc.msg})") from None
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None


class Command(BaseCommand):
    help = "Verify or export the hash-chained audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="check every entry and link")
        verify.add_argument("--file", type=Path, help="verify an exported JSONL file instead")
        verify.add_argument("--head", help="expected hash of the last entry")
        export = sub.add_parser("export", help="export every entry")
        export.add_argument("--format", choices=["jsonl"], default="jsonl")
        export.add_argument("--output", type=Path, help="file to write (default: stdout)")
        sub.add_parser("head", help="print the last entry's seq and hash")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            self._verify(options["file"], options["head"])
        elif action == "export":
            self._export(options["output"])
        else:
            report = verify_chain(iter_entries())
            self.stdout.write(f"{report.head_seq} {report.head_hash}")

    def _verify(self, file: Path | None, head: str | None) -> None:
        entries = _read_jsonl(file) if file else None
        report: ChainReport = (
            verify_chain(entries, expected_head=head)
            if entries is not None
            else verify_log(expected_head=head)
        )
        for problem in report.problems:
            self.stderr.write(f"TAMPERED {problem}")
        if not report.ok:
            raise CommandError(
                f"audit log verification FAILED: {len(report.problems)} problem(s) "
                f"in {report.count} entries",
                returncode=1,
            )
        self.stdout.write(
            f"audit log OK: {report.count} entries, head seq {report.head_seq} {report.head_hash}"
        )

    def _export(self, output: Path | None) -> None:
        handle: TextIO = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            count = 0
            for entry in iter_entries():
                handle.write(canonical_json(entry) + "\n")
                count += 1
        finally:
            if output:
                handle.close()
        if output:
            self.stdout.write(f"exported {count} entries to {output}")
