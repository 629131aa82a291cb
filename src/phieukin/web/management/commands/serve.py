"""``phieukin serve [--lan] [--port 8000]``: run the web app under gunicorn, in-process.

Gunicorn is embedded (``BaseApplication``) rather than spawned, so the one ``phieukin``
entry point works the same in a venv, a wheel install or a container. Workers use threads
(``gthread``): conference-room traffic is many short requests from phones, and SQLite in WAL
mode serves concurrent readers while writes queue on its lock.

By default the server listens on 127.0.0.1 only. ``--lan`` listens on every interface so
phones on the room's network can reach it, prints the machine's LAN addresses, and warns that
TLS (a reverse proxy, docs/deploy.md) is recommended: credentials travel in the clear without it.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from gunicorn.app.base import BaseApplication

from phieukin.lib.net import lan_addresses


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def unapplied_migrations() -> list[str]:
    connection = connections["default"]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _check_port_free(host: str, port: int) -> None:
    # Gunicorn retries a busy port five times, then exits with a terse log line; say it clearly.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise CommandError(
                f"cannot listen on {host}:{port} ({exc.strerror}); is another server running? "
                "Stop it or choose another port with --port"
            ) from None


def run_server(*, port: int, lan: bool, out: Any = sys.stdout) -> None:
    """Check the schema, then serve until interrupted (blocks)."""
    pending = unapplied_migrations()
    if pending:
        raise CommandError(
            f"the database has {len(pending)} unapplied migration(s) "
            f"(first: {pending[0]}); run `phieukin migrate` first"
        )
    host = "0.0.0.0" if lan else "127.0.0.1"  # noqa: S104 - --lan asks for every interface
    _check_port_free(host, port)
    if lan:
        addresses = lan_addresses()
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *addresses]
        if addresses and not settings.PHIEUKIN_PUBLIC_URL:
            # The ballot cards print this address: the phones in the room reach it.
            settings.PHIEUKIN_PUBLIC_URL = f"http://{addresses[0]}:{port}"
        for ip in addresses:
            out.write(f"  http://{ip}:{port}/\n")
        out.write(
            "WARNING: serving on the local network without TLS; passwords and ballots' "
            "transport are not encrypted. Put a TLS reverse proxy in front (docs/deploy.md).\n"
        )
    out.write(f"Serving on http://{'127.0.0.1' if not lan else host}:{port}/ (Ctrl+C to stop)\n")
    out.flush()
    # WhiteNoise serves from the apps' static dirs; an absent STATIC_ROOT only makes it warn.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    connections.close_all()  # never share a database connection with forked workers
    workers = min(4, max(2, os.cpu_count() or 2))
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": 4,
            "worker_class": "gthread",
            "timeout": 120,
            "graceful_timeout": 10,
            "accesslog": "-",
            "errorlog": "-",
            "loglevel": "warning",
            "proc_name": "phieukin",
        }
    ).run()


class Command(BaseCommand):
    help = "Run the phieukin web server (gunicorn, in-process)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--lan", action="store_true", help="listen on every interface (room network)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(f"--port {port} is not a TCP port (1–65535)")
        run_server(port=port, lan=options["lan"], out=self.stdout)
