"""Two real installations on loopback (issue 14 item 3).

The subordinate — the demo city on SQLite — and the superior — a central installation on a
fresh PostgreSQL database — each run ``phieukin serve`` (gunicorn) in their own process with
their own data directory and signing key. The city's key is read from its server's API and
registered at the superior by its fingerprint; the city's period, rated (conference No. 16's
secret ballot included), is exported with ``phieukin bundle export`` and pushed through the
superior's API with ``phieukin bundle push``; the superior verifies it in its server process
and rolls it up. Then tampered variants are POSTed to the same API and refused, nothing
written. Runs in the SQLite pass (it makes its own PostgreSQL database either way).
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from nacl.signing import SigningKey

from phieukin.federation import bundle as fmt
from phieukin.federation.keys import fingerprint
from phieukin.federation.management.commands.bundle import multipart_file

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PHIEUKIN = str(Path(sys.executable).with_name("phieukin"))
PG = "postgres://postgres@127.0.0.1:5432/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-c", sql],
        check=True,
        timeout=120,
        capture_output=True,
    )


def _postgres_up() -> bool:
    try:
        _psql("SELECT 1")
    except (OSError, subprocess.SubprocessError):
        return False
    return True


def _run(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        list(args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False
    )
    if check and done.returncode != 0:
        raise AssertionError(f"{args} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


def _setup(env: dict[str, str], action: str) -> dict[str, Any]:
    done = _run(env, sys.executable, "-m", "tests.federation.two_setup", action)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


class Server:
    """``phieukin serve`` in its own process group (master and workers end together)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        with log.open("ab") as out:
            self.proc = subprocess.Popen(
                [PHIEUKIN, "serve", "--port", str(self.port)],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.request("GET", "/api/health")[0] == 200:
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise AssertionError(f"server did not start: {log.read_text()[-3000:]}")

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, Any]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            conn.request(method, path, body, headers or {})
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, raw

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)


@pytest.fixture
def installations(tmp_path: Path) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    if connection.vendor != "sqlite":
        pytest.skip("runs in the SQLite pass (it creates its own PostgreSQL database)")
    if not _postgres_up():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is needed for the superior installation")
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is not running")
    base = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "phieukin.web.settings",
    }
    for name in ("PHIEUKIN_SIGNING_KEY", "PHIEUKIN_SIGNING_KEY_FILE", "DATABASE_URL"):
        base.pop(name, None)
    (tmp_path / "city").mkdir()
    (tmp_path / "central").mkdir()
    city = {
        **base,
        "PHIEUKIN_DATA_DIR": str(tmp_path / "city"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'city' / 'city.sqlite3'}",
    }
    name = f"phieukin_federation_{os.getpid()}"
    _psql(f"DROP DATABASE IF EXISTS {name}")
    _psql(f"CREATE DATABASE {name}")
    central = {**base, "PHIEUKIN_DATA_DIR": str(tmp_path / "central"), "DATABASE_URL": PG + name}
    try:
        yield city, central
    finally:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, content in files.items():
            archive.writestr(n, content)
    return out.getvalue()


def _resign(files: dict[str, bytes], key: SigningKey) -> dict[str, bytes]:
    manifest = json.loads(files[fmt.MANIFEST])
    rest = {k: v for k, v in files.items() if k not in {fmt.MANIFEST, fmt.SIGNATURE}}
    manifest["files"] = fmt.file_entries(rest)
    manifest["sender_key"] = bytes(key.verify_key).hex()
    body = fmt.canonical(manifest)
    return {**rest, fmt.MANIFEST: body, fmt.SIGNATURE: key.sign(body).signature.hex().encode()}


def _tampered_ballot(files: dict[str, bytes]) -> dict[str, bytes]:
    name = next(n for n in sorted(files) if n.startswith(fmt.BALLOTS_DIR))
    lines = files[name].split(b"\n")
    k = next(i for i, line in enumerate(lines) if b'"type":"ballot"' in line)
    lines[k] = lines[k].replace(b'"seq":', b'"seq": ', 1)
    return {**files, name: b"\n".join(lines)}


def test_a_rated_period_travels_from_the_city_to_central_and_tampering_is_refused(
    installations: tuple[dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    city_env, central_env = installations
    city = _setup(city_env, "subordinate")
    central = _setup(central_env, "superior")
    city_server = Server(city_env, tmp_path / "city.log")
    central_server = Server(central_env, tmp_path / "central.log")
    try:
        auth = {"Authorization": f"Bearer {city['token']}"}
        status, key = city_server.request("GET", "/api/federation/key", headers=auth)
        assert status == 200 and key["fingerprint"] == fingerprint(key["public_key"])
        # Read by phone: the superior's administrator registers the key it was told.
        added = _run(
            central_env,
            PHIEUKIN,
            "bundle",
            "peer",
            "add",
            "--role",
            "subordinate",
            "--name",
            "Thành ủy Hà Thành",
            "--organization",
            "HT",
            "--key",
            key["public_key"],
        )
        assert key["fingerprint"] in added.stdout

        bundle = tmp_path / "usb" / "ha-thanh-2023.zip"
        bundle.parent.mkdir()
        _run(city_env, PHIEUKIN, "bundle", "export", str(city["period"]), "--out", str(bundle))
        pushed = _run(
            city_env,
            PHIEUKIN,
            "bundle",
            "push",
            str(bundle),
            "--url",
            central_server.url,
            "--token",
            central["token"],
        )
        body = json.loads(pushed.stdout.strip().splitlines()[-1])
        assert body["current"] and body["subjects"] == city["subjects"] and body["ballots"] == 1
        assert body["sender_fingerprint"] == key["fingerprint"]

        figures = _setup(central_env, "rollup")
        assert figures["decided"] == city["decided"] == figures["city_decided"]
        assert figures["individuals"]["htxsnv"] + figures["collectives"]["htxsnv"] == city["htxsnv"]
        (source,) = figures["sources"]
        assert source["fingerprint"] == key["fingerprint"]

        files = _files(bundle.read_bytes())
        city_key = SigningKey(
            bytes.fromhex((tmp_path / "city" / "signing_key").read_text().strip())
        )
        stranger = SigningKey(bytes(range(3, 35)))
        modified = {**files, fmt.RATINGS: files[fmt.RATINGS].replace(b'"htxsnv"', b'"htnv"', 1)}
        variants = {
            "file_modified": _zip(modified),
            "unknown_sender": _zip(_resign(files, stranger)),
            "ballot_record_invalid": _zip(_resign(_tampered_ballot(files), city_key)),
            "already_imported": bundle.read_bytes(),
        }
        push_auth = {"Authorization": f"Bearer {central['token']}"}
        for code, data in variants.items():
            payload, content_type = multipart_file("file", "b.zip", data)
            status, answer = central_server.request(
                "POST",
                "/api/federation/bundles",
                payload,
                {**push_auth, "Content-Type": content_type},
            )
            assert (status, answer["code"]) == (400, code), answer
            assert answer["message"]
        status, listed = central_server.request("GET", "/api/federation/bundles", headers=push_auth)
        assert status == 200 and [b["id"] for b in listed] == [body["id"]]  # nothing else written
        audit = _run(central_env, PHIEUKIN, "audit", "verify", check=False)
        assert audit.returncode == 0, audit.stdout + audit.stderr
    finally:
        city_server.stop()
        central_server.stop()
