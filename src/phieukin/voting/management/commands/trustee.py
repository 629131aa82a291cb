"""``phieukin trustee {commit,reveal,ack,decrypt}``: the counting board's offline tool.

Thin command over ``phieukin.voting.trustee_tool``; prints the message to paste on the ballot's
counting-board page. Works without network and without the database.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from phieukin.crypto.errors import CryptoError
from phieukin.voting import trustee_tool


class Command(BaseCommand):
    help = "Counting-board member's offline tool: key ceremony steps and partial decryption."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("step", choices=["commit", "reveal", "ack", "decrypt"])
        parser.add_argument("--state", type=Path, required=True, help="ceremony.json from the page")
        parser.add_argument("--key", type=Path, required=True, help="your key file (kept private)")
        parser.add_argument("--index", type=int, help="your trustee index (commit only)")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            state = json.loads(opts["state"].read_text(encoding="utf-8"))
            message = self._run(opts["step"], state, opts["key"], opts["index"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"cannot read the state or key file: {exc}") from None
        except (trustee_tool.ToolError, CryptoError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")))

    def _run(self, step: str, state: dict[str, Any], key_path: Path, index: int | None) -> Any:
        if step == "commit":
            if index is None:
                raise trustee_tool.ToolError("--index is required for commit")
            return trustee_tool.commit(state, index, key_path)
        key = json.loads(key_path.read_text(encoding="utf-8"))
        if step == "reveal":
            return trustee_tool.reveal(state, key)
        if step == "ack":
            return trustee_tool.ack(state, key, key_path)
        return trustee_tool.decrypt(state, key)
