"""``phieukin bundle``: send a period's results up the hierarchy, and receive them.

export PERIOD [--out FILE] [--organization CODE]   write the signed bundle (PERIOD: its id)
import FILE [--jobs N]                              verify a bundle completely, then import it
push FILE [--url URL] [--token TOKEN]               send a bundle to the superior's API
key                                                 this installation's public key, fingerprint
peer add --role R --name N --organization CODE --key HEX [--url URL]
peer list | peer revoke FINGERPRINT                 the registered installations

Refusals print the check that failed and why (exit status 1); nothing is written then.
"""

from __future__ import annotations

import json
import os
import secrets
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phieukin.evaluations.models import Period
from phieukin.federation.errors import BundleRefusedError, FederationError
from phieukin.federation.export import do_export_bundle
from phieukin.federation.keys import fingerprint, public_key_hex
from phieukin.federation.models import Peer, PeerRole
from phieukin.federation.services import do_import_bundle, do_register_peer, do_revoke_peer
from phieukin.organizations.models import Organization

API_PATH = "/api/federation/bundles"


def multipart_file(field: str, name: str, data: bytes) -> tuple[bytes, str]:
    """One file as a ``multipart/form-data`` body (the API reads uploads as files, which
    Django streams to disk, not as a request body bounded to a few MB)."""
    boundary = f"phieukin-{secrets.token_hex(16)}"
    safe = name.replace('"', "").replace("\r", "").replace("\n", "") or "bundle.zip"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{safe}"\r\nContent-Type: application/zip\r\n\r\n'
    ).encode()
    return head + data + f"\r\n--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


class Command(BaseCommand):
    help = "Export, import and push signed bundles of a period's results; manage peers."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="write a period's signed bundle")
        export.add_argument("period", type=int, help="the period's id")
        export.add_argument("--out", type=Path, help="file to write (default: a name in .)")
        export.add_argument("--organization", help="code of a subtree (default: the period's)")
        imp = sub.add_parser("import", help="verify and import a bundle (e.g. from a USB stick)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
        push = sub.add_parser("push", help="send a bundle to the superior installation's API")
        push.add_argument("file", type=Path)
        push.add_argument("--url", help="the superior's address (default: its registered url)")
        push.add_argument("--token", help="API token (default: $PHIEUKIN_SUPERIOR_TOKEN)")
        sub.add_parser("key", help="print this installation's public key and fingerprint")
        peer = sub.add_parser("peer", help="registered installations")
        peer_sub = peer.add_subparsers(dest="peer_action", required=True)
        add = peer_sub.add_parser("add", help="register a peer's public key")
        add.add_argument("--role", choices=PeerRole.values, required=True)
        add.add_argument("--name", required=True)
        add.add_argument("--organization", required=True, help="code of the organization")
        add.add_argument("--key", required=True, help="64 hex digits")
        add.add_argument("--url", default="")
        peer_sub.add_parser("list")
        revoke = peer_sub.add_parser("revoke")
        revoke.add_argument("fingerprint", help="the fingerprint (spaces optional) or the key")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "export":
                self._export(options["period"], options["out"], options["organization"])
            elif action == "import":
                self._import(options["file"], options["jobs"])
            elif action == "push":
                self._push(options["file"], options["url"], options["token"])
            elif action == "key":
                self.stdout.write(f"public key:  {public_key_hex()}")
                self.stdout.write(f"fingerprint: {fingerprint(public_key_hex())}")
            else:
                self._peer(options)
        except BundleRefusedError as exc:
            raise CommandError(
                f"refused [{exc.code}]: {exc.english} Nothing was imported."
            ) from None
        except FederationError as exc:
            raise CommandError(exc.english) from None

    def _export(self, period_id: int, out: Path | None, code: str | None) -> None:
        period = Period.objects.select_related("organization").filter(pk=period_id).first()
        if period is None:
            raise CommandError(f"no period with id {period_id}")
        org = None
        if code:
            org = Organization.objects.filter(code=code).first()
            if org is None:
                raise CommandError(f"no organization with code {code!r}")
        started = time.monotonic()
        data = do_export_bundle(period, organization=org, actor=None)
        root = org or period.organization
        path = out or Path(f"phieukin-bundle-{root.code}-{period.year}.zip")
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        seconds = time.monotonic() - started
        self.stdout.write(f"wrote {path}: {len(data):,} bytes in {seconds:.2f} s")

    def _import(self, path: Path, jobs: int) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        started = time.monotonic()
        bundle = do_import_bundle(data, actor=None, jobs=max(1, jobs))
        seconds = time.monotonic() - started
        previous = getattr(bundle, "supersedes", None)
        self.stdout.write(
            f"verified and imported {path} from {bundle.sender.name} "
            f"({bundle.sender.fingerprint}) into period {bundle.period_id}: "
            f"{bundle.subjects} subjects, {bundle.ballots} ballot records, audit head "
            f"{bundle.audit_seq} {bundle.audit_head} in {seconds:.2f} s"
            + (f"; supersedes bundle {previous.pk}" if previous else "")
        )

    def _push(self, path: Path, url: str | None, token: str | None) -> None:
        if not url:
            superior = Peer.objects.filter(role=PeerRole.SUPERIOR, revoked_at__isnull=True).first()
            url = superior.url if superior else ""
        token = token or os.environ.get("PHIEUKIN_SUPERIOR_TOKEN", "")
        if not url or not token:
            raise CommandError("give --url (or register the superior with its url) and --token")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        body, content_type = multipart_file("file", path.name, data)
        request = urllib.request.Request(  # noqa: S310 - an https/http URL given by the admin
            url.rstrip("/") + API_PATH,
            data=body,
            method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
                body = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise CommandError(f"the superior refused the bundle ({exc.code}): {detail}") from None
        except urllib.error.URLError as exc:
            raise CommandError(f"cannot reach {url}: {exc.reason}") from None
        self.stdout.write(json.dumps(body, ensure_ascii=False))

    def _peer(self, options: dict[str, Any]) -> None:
        action = options["peer_action"]
        if action == "add":
            org = Organization.objects.filter(code=options["organization"]).first()
            if org is None:
                raise CommandError(f"no organization with code {options['organization']!r}")
            peer = do_register_peer(
                role=options["role"],
                name=options["name"],
                organization=org,
                public_key=options["key"],
                url=options["url"],
                actor=None,
            )
            self.stdout.write(f"registered {peer.name}: fingerprint {peer.fingerprint}")
        elif action == "list":
            for peer in Peer.objects.select_related("organization"):
                state = " (revoked)" if peer.revoked_at else ""
                self.stdout.write(
                    f"{peer.role:<12} {peer.fingerprint}  {peer.organization.code:<12} "
                    f"{peer.name}{state}"
                )
        else:
            wanted = options["fingerprint"].replace(" ", "").upper()
            for peer in Peer.objects.all():
                if wanted in {peer.fingerprint.replace(" ", ""), peer.public_key.upper()}:
                    do_revoke_peer(peer, actor=None)
                    self.stdout.write(f"revoked {peer.name}")
                    return
            raise CommandError("no registered peer has this fingerprint")
