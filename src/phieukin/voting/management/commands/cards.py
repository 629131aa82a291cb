"""``phieukin cards --state ceremony.json --key KEYFILE --out cards.pdf [--url URL | --lan]``.

The issuing trustee's offline alternative to the counting-board page's "Issue the cards": draws
one card per member present on the chair-signed attendance into ``--out`` (the codes exist only
in that PDF) and prints the signed list of public keys to paste on the page. The booth URL is
``--url``, else the one the server published in ``ceremony.json`` (``PHIEUKIN_PUBLIC_URL``, the
LAN address under ``serve --lan``); ``--lan`` prints this machine's LAN address instead.
No network, no database.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from phieukin.crypto.errors import CryptoError
from phieukin.voting import trustee_tool
from phieukin.voting.cards import build_cards_pdf


def booth_url(state: dict[str, Any], url: str | None, *, lan: bool, port: int) -> str:
    if url:
        return url
    if lan:
        from phieukin.lib.net import lan_addresses

        addresses = lan_addresses()
        if not addresses:
            raise trustee_tool.ToolError("no LAN address found: give --url")
        return f"http://{addresses[0]}:{port}/voting/booth/{state['ballot']}/"
    return str(state["booth_url"])


class Command(BaseCommand):
    help = "Issue the ballot cards on this computer: a PDF and the signed list of public keys."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--state", type=Path, required=True, help="ceremony.json from the page")
        parser.add_argument("--key", type=Path, required=True, help="your key file (kept private)")
        parser.add_argument("--out", type=Path, required=True, help="where to write the cards PDF")
        parser.add_argument("--url", help="the booth URL to print (default: the server's)")
        parser.add_argument("--lan", action="store_true", help="print this machine's LAN address")
        parser.add_argument("--port", type=int, default=8000, help="port for --lan (8000)")

    def handle(self, *args: Any, **opts: Any) -> None:
        out: Path = opts["out"]
        if out.exists():
            raise CommandError(f"{out} exists: refusing to overwrite (cards are issued once)")
        try:
            state = json.loads(opts["state"].read_text(encoding="utf-8"))
            key = json.loads(opts["key"].read_text(encoding="utf-8"))
            url = booth_url(state, opts["url"], lan=opts["lan"], port=opts["port"])
            message, codes = trustee_tool.cards(state, key)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"cannot read the state or key file: {exc}") from None
        except (trustee_tool.ToolError, CryptoError) as exc:
            raise CommandError(str(exc)) from None
        out.write_bytes(build_cards_pdf(state["title"], url, codes))
        out.chmod(0o600)
        self.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")))
