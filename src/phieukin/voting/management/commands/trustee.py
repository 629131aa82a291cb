"""``phieukin trustee STEP --state ceremony.json --key KEYFILE``: the counting board's offline tool.

Thin command over ``phieukin.voting.trustee_tool``; prints the message to paste on the ballot's
counting-board page. Works without network and without the database. Steps, in order: commit,
reveal, check, answer (``--to J``, only after a complaint about your shares), ack, possess (prove
the saved key file still opens your share, before opening), endorse (confirm the list of cards),
decrypt. The cards themselves: ``phieukin cards``.
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
        parser.add_argument("step", choices=trustee_tool.STEPS)
        parser.add_argument("--state", type=Path, required=True, help="ceremony.json from the page")
        parser.add_argument("--key", type=Path, required=True, help="your key file (kept private)")
        parser.add_argument("--index", type=int, help="your trustee index (commit only)")
        parser.add_argument("--to", type=int, help="the trustee whose complaint you answer")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            state = json.loads(opts["state"].read_text(encoding="utf-8"))
            message = self._run(opts["step"], state, opts)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"cannot read the state or key file: {exc}") from None
        except (trustee_tool.ToolError, CryptoError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")))

    def _run(self, step: str, state: dict[str, Any], opts: dict[str, Any]) -> Any:
        key_path: Path = opts["key"]
        if step == "commit":
            if opts["index"] is None:
                raise trustee_tool.ToolError("--index is required for commit")
            return trustee_tool.commit(state, opts["index"], key_path)
        key = json.loads(key_path.read_text(encoding="utf-8"))
        if step == "answer":
            return trustee_tool.answer(state, key, opts["to"])
        if step == "ack":
            return trustee_tool.ack(state, key, key_path)
        return getattr(trustee_tool, step)(state, key)
