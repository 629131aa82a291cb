"""Crash: SIGKILL the real server (gunicorn via ``phieukin serve``) in the middle of a cast stream.

After a restart every acknowledged ballot (HTTP 201 received) is on the board exactly once,
a ballot whose answer was lost is either on the board or still castable (never half-written),
the record verifies and the audit log verifies. SQLite (a file in a tmp dir) runs in the
SQLite CI pass, PostgreSQL (a scratch database, dropped afterwards) in the PostgreSQL pass.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from phieukin.crypto.ballot import tracking_code
from phieukin.record.events import parse_event
from phieukin.record.verify import verify_record

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PHIEUKIN = str(Path(sys.executable).with_name("phieukin"))
CARDS = 30
KILL_AFTER = 8  # acknowledged casts before the SIGKILL
STREAM_DEADLINE = 120  # seconds for them on a loaded machine (a cast takes ~0.1 s)
PG = "postgres://postgres@127.0.0.1:5432/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", sql],
        check=True,
        timeout=120,
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def server_env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, str]]:
    if connection.vendor != request.param:
        pytest.skip(f"the {request.param} variant runs in the {request.param} CI pass")
    env = {**os.environ, "PHIEUKIN_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        yield env
        return
    name = f"phieukin_crash_{os.getpid()}"
    _psql(f"DROP DATABASE IF EXISTS {name}")
    _psql(f"CREATE DATABASE {name}")
    env["DATABASE_URL"] = PG + name
    try:
        yield env
    finally:
        _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Server:
    """``phieukin serve`` in its own process group, so SIGKILL takes master and workers."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log, self.port = env, log, _free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, ballot: int) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [PHIEUKIN, "serve", "--port", str(self.port)],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.request("GET", f"/voting/api/ballots/{ballot}/election.json")[0] == 200:
                    return
            time.sleep(0.2)
        raise AssertionError(f"server did not start: {self.log.read_text()[-2000:]}")

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def _prepare(env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.faults.crash_setup", str(CARDS)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _stream(server: Server, path: str, bodies: list[bytes], acked: dict[int, str]) -> None:
    """Two clients cast in a loop until the server dies; ``acked``: body index -> tracking."""
    lock = threading.Lock()
    queue = iter(range(len(bodies)))

    def client() -> None:
        for k in queue:
            try:
                status, raw = server.request("POST", path, bodies[k])
            except OSError:
                return  # the server died under us: this answer was lost
            assert status == 201, raw
            with lock:
                acked[k] = json.loads(raw)["tracking_code"]

    threads = [threading.Thread(target=client) for _ in range(2)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + STREAM_DEADLINE
    while len(acked) < KILL_AFTER:
        if time.monotonic() > deadline or not any(t.is_alive() for t in threads):
            server.kill()
            raise AssertionError(f"only {len(acked)} of {KILL_AFTER} casts acknowledged in time")
        time.sleep(0.005)
    server.kill()
    for t in threads:
        t.join(timeout=60)


def test_it_keeps_every_acknowledged_ballot_across_a_sigkill(server_env, tmp_path) -> None:
    prepared = _prepare(server_env)
    ballot = prepared["ballot"]
    bodies = [json.dumps(b).encode() for b in prepared["bodies"]]
    path = f"/voting/api/ballots/{ballot}/cast"
    server = Server(server_env, tmp_path / "server.log")
    server.start(ballot)
    acked: dict[int, str] = {}
    _stream(server, path, bodies, acked)
    assert KILL_AFTER <= len(acked) < CARDS  # killed mid-stream
    server.start(ballot)
    try:
        for k in set(range(CARDS)) - set(acked):  # the lost answers and the rest: cast again
            status, raw = server.request("POST", path, bodies[k])
            assert status == 201 or json.loads(raw)["code"] == "duplicate_credential", raw
        status, record = server.request("GET", f"/voting/ballots/{ballot}/record.jsonl")
    finally:
        server.kill()
    assert status == 200
    events = [parse_event(line) for line in record.splitlines()]
    report = verify_record(events)
    assert report.ok, report.failure
    on_board = [tracking_code(e.payload) for e in events if e.type == "ballot"]
    assert len(on_board) == len(set(on_board)) == CARDS  # none lost, none twice
    assert set(acked.values()) <= set(on_board)
    audit = subprocess.run(
        [PHIEUKIN, "audit", "verify"],
        check=False,
        env=server_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert audit.returncode == 0, audit.stdout + audit.stderr
