"""Benchmark: 500 voters cast valid ballots within 10 s against a real gunicorn server.

    phieukin bench cast_load [--voters 500] [--seconds 10] [--questions 1] [--workers 3]
                             [--crash-after N] [--verify]

Needs PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test): the bench
creates a scratch database next to it, sets up a conference with one official member per
voter (all present), runs the key ceremony (2-of-3) and issues the cards with the real
services, pre-builds every ballot with the Python crypto before the clock starts, then starts
gunicorn on 127.0.0.1 and sends the casts at a steady rate (voters/seconds per second) from a
thread pool, each voter on its own connection. Reports p50/p95/p99/max latency and
throughput; ``--crash-after N`` kills the server (SIGKILL) after N acknowledged casts,
restarts it, finishes the run, and checks that every acknowledged ballot is on the board.
``--verify`` closes, decrypts and runs ``verify_record`` on the result.
The client runs on the same machine as the server: numbers include its CPU contention.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from multiprocessing import Pool
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")


def scratch_database() -> str:
    """Create a fresh database beside DATABASE_URL's and return its URL."""
    import psycopg

    if not BASE_URL.startswith("postgres"):
        sys.exit("cast_load needs PostgreSQL: set DATABASE_URL=postgres://…")
    name = f"phieukin_castload_{os.getpid()}"
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlparse(BASE_URL)._replace(path=f"/{name}").geturl()


def drop_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(url: str, data_dir: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        PHIEUKIN_DATA_DIR=data_dir,
        PHIEUKIN_SECRET_KEY="cast-load-bench-" + "x" * 40,
        DJANGO_SETTINGS_MODULE="phieukin.web.settings",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_scenario(voters: int, questions: int) -> tuple[Any, list[str]]:
    """Conference, members, ballot, ceremony, cards (issued as a trustee would), open."""
    from datetime import date

    from phieukin.accounts.models import User
    from phieukin.meetings.models import AgendaItem, Attendance, Conference
    from phieukin.organizations.models import Member
    from phieukin.organizations.services.tree import do_create_organization
    from phieukin.voting import ceremony, chair, services
    from phieukin.voting.models import Trustee

    org = do_create_organization(
        code="B", name="Đảng bộ thử tải", kind="provincial", parent=None, actor=None
    )
    members = Member.objects.bulk_create(
        Member(
            card_number=f"B{i:06d}",
            full_name=f"Đảng viên {i}",
            birth_date=date(1970, 1, 1),
            sex="male",
            admitted_on=date(1995, 1, 1),
            official_on=date(1996, 1, 1),
            status="official",
            organization=org,
        )
        for i in range(voters)
    )
    conf = Conference.objects.create(
        organization=org, title="Hội nghị thử tải", held_on=date(2025, 1, 1)
    )
    Attendance.objects.bulk_create(
        Attendance(conference=conf, member=m, role="member", present=True) for m in members
    )
    item = AgendaItem.objects.create(conference=conf, order=1, title="Biểu quyết", kind="rating")
    staff = User.objects.create_user("staff", password=None, is_superuser=True)
    board = [User.objects.create_user(f"t{i}", password=None) for i in (1, 2, 3)]
    ballot = services.do_create_ballot(item, title="Thử tải bỏ phiếu", actor=staff)
    services.do_add_rating_list(
        ballot, [(f"Đối tượng {k + 1}", "", None) for k in range(questions)], actor=staff
    )
    services.do_set_trustees(ballot, board, actor=staff)
    ballot = services.do_start_ceremony(ballot, actor=staff)
    shares = run_ceremony(ballot, ceremony, Trustee, staff)
    ballot.refresh_from_db()
    codes = prepare_cards(ballot, shares, staff)
    chair.do_open(ballot, actor=staff)
    ballot.refresh_from_db()
    ballot.bench_shares = shares
    ballot.bench_staff = staff
    return ballot, codes


CHAIR_SECRET: Any = None


def run_ceremony(ballot: Any, ceremony: Any, trustee_model: Any, staff: Any) -> dict[int, Any]:
    """The PHIEUKIN-v2 ceremony through the services: commit, the chair's key, reveal, check,
    ack; returns index -> (trustee secret, key share)."""
    global CHAIR_SECRET  # noqa: PLW0603 - the chair's key of this one scratch ballot
    from phieukin.crypto import threshold
    from phieukin.crypto.group import Element, random_scalar
    from phieukin.crypto.signing import chair_key_payload
    from phieukin.voting import chair

    seats = {t.index: t for t in trustee_model.objects.filter(ballot=ballot)}
    eid, secrets, shares = ballot.election_id, {}, {}
    for i, seat in seats.items():
        secrets[i], payload = threshold.dkg_commit(eid, i, ballot.threshold)
        ceremony.do_submit_dkg(ballot, seat, "dkg_commit", payload)
    CHAIR_SECRET = random_scalar()
    key = {k: v for k, v in chair_key_payload(CHAIR_SECRET, eid, "").items() if k != "name"}
    chair.do_register_chair_key(ballot, key, actor=staff)
    keys = {i: Element.from_hex(p["public_key"]) for i, p in ceremony.state(ballot).commits.items()}
    for i, seat in seats.items():
        ceremony.do_submit_dkg(
            ballot, seat, "dkg_reveal", threshold.dkg_reveal(secrets[i], eid, keys)
        )
    reveals = ceremony.state(ballot).reveals
    for i, seat in seats.items():
        ceremony.do_submit_dkg(
            ballot, seat, "dkg_check", threshold.dkg_check(secrets[i], eid, reveals)
        )
    qualified = ceremony.state(ballot).qualified
    for i, seat in seats.items():
        share, ack = threshold.dkg_receive_v2(
            secrets[i], eid, reveals, answers={}, qualified=qualified
        )
        shares[i] = (secrets[i], share)
        ceremony.do_submit_dkg(ballot, seat, "dkg_ack", ack)
    return shares


def prepare_cards(ballot: Any, shares: dict[int, Any], staff: Any) -> list[str]:
    """Key possession proofs, the chair-signed attendance, the signed and endorsed card list."""
    from phieukin.crypto.credential_list import endorsement, issue
    from phieukin.crypto.signing import key_possession, sign_as_chair
    from phieukin.voting import ceremony, chair, credentials
    from phieukin.voting.attendance import attendance_now
    from phieukin.voting.models import Trustee

    seats = {t.index: t for t in Trustee.objects.filter(ballot=ballot)}
    fp, eid = bytes.fromhex(ballot.fingerprint), ballot.election_id
    for i, seat in seats.items():
        secret, share = shares[i]
        proof = key_possession(secret.key, share, election_id=eid, index=i, fingerprint=fp)
        ceremony.do_prove_possession(ballot, seat, proof)
    counts = attendance_now(ballot).payload()
    chair.do_sign_attendance(ballot, sign_as_chair(counts, CHAIR_SECRET, fp), actor=staff)
    creds, listing = issue(
        counts["present"], fingerprint=fp, issuer=1, key=shares[1][0].key, election_id=eid
    )
    event = credentials.do_submit_credentials(ballot, seats[1], listing)
    signed = endorsement(event.hash, trustee=2, key=shares[2][0].key, election_id=eid)
    credentials.do_endorse_credentials(ballot, seats[2], signed)
    return [c.printed for c in creds]


_CTX: Any = None


def _init(ctx: Any) -> None:
    global _CTX  # noqa: PLW0603 - per-process worker state
    _CTX = ctx


def _encrypt(job: tuple[str, str, list[list[int]]]) -> bytes:
    from phieukin.crypto.ballot import encrypt_ballot
    from phieukin.crypto.credentials import derive_credential

    election_id, code, choices = job
    data, _secrets = encrypt_ballot(_CTX, derive_credential(election_id, code), choices)
    return json.dumps(data).encode()


def prebuild(ballot: Any, codes: list[str], questions: int) -> list[bytes]:
    from phieukin.voting import tally

    ctx = tally.context(ballot)
    jobs = [
        (
            ballot.election_id,
            code,
            [[1 if o == (n + q) % 5 else 0 for o in range(5)] for q in range(questions)],
        )
        for n, code in enumerate(codes)
    ]
    with Pool(os.cpu_count() or 2, initializer=_init, initargs=(ctx,)) as pool:
        return pool.map(_encrypt, jobs, chunksize=16)


def forged(ballot: Any, questions: int) -> bytes:
    """A well-formed ballot from a card not on the list (refused): for the warm-up only."""
    from phieukin.crypto.credentials import generate_code

    _init(__import__("phieukin.voting.tally", fromlist=["context"]).context(ballot))
    return _encrypt((ballot.election_id, generate_code(), [[1, 0, 0, 0, 0]] * questions))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PHIEUKIN_ALLOWED_HOSTS": "127.0.0.1", "PHIEUKIN_CONN_MAX_AGE": "60"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "phieukin.web.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            str(threads),
            "--log-level",
            "warning",
        ],
        env=env,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("gunicorn did not start")


def warm_up(port: int, ballot_id: int, forged: bytes, rounds: int) -> None:
    """Before the clock: every worker imports its views and the crypto, reads the setup."""
    for _ in range(rounds):
        for method, path, body in (
            ("GET", f"/voting/api/ballots/{ballot_id}/election.json", None),
            ("POST", f"/voting/api/ballots/{ballot_id}/cast", forged),
        ):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(method, path, body, {"Content-Type": "application/json"})
            conn.getresponse().read()
            conn.close()


def kill_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


class Client:
    """Sends casts, one connection each; records latency (connect to reply) and outcome."""

    def __init__(self, port: int, path: str) -> None:
        self.port, self.path = port, path
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.acked: list[str] = []
        self.errors: dict[str, int] = {}

    def cast(self, body: bytes, at: float) -> bool:
        time.sleep(max(0.0, at - time.perf_counter()))
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:  # one connection per voter, as separate phones would open
            conn.request("POST", self.path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            reply = json.loads(response.read() or b"{}")
        except (OSError, http.client.HTTPException, ValueError) as exc:
            with self.lock:
                self.errors[type(exc).__name__] = self.errors.get(type(exc).__name__, 0) + 1
            return False
        finally:
            conn.close()
        elapsed = time.perf_counter() - started
        with self.lock:
            if response.status == 201:
                self.latencies.append(elapsed)
                self.acked.append(reply["tracking_code"])
            else:
                code = reply.get("code", str(response.status))
                self.errors[code] = self.errors.get(code, 0) + 1
        return response.status == 201


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def run_load(args: argparse.Namespace, ballot: Any, bodies: list[bytes]) -> dict[str, Any]:
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    warm_up(port, ballot.pk, args.forged, rounds=2 * args.workers)
    client = Client(port, f"/voting/api/ballots/{ballot.pk}/cast")
    interval = args.seconds / len(bodies)
    crashed = False
    try:
        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            futures = [pool.submit(client.cast, b, t0 + i * interval) for i, b in enumerate(bodies)]
            if args.crash_after:
                deadline = time.monotonic() + args.seconds + 120  # the run, plus a loaded machine
                while len(client.acked) < args.crash_after:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"only {len(client.acked)} casts acknowledged in time")
                    time.sleep(0.005)
                kill_server(server)
                crashed = True
                server = start_server(port, args.workers, args.threads)
            done = [f.result() for f in futures]
        wall = time.perf_counter() - t0
        retried = 0
        if crashed:  # voters whose cast got no answer try again, as a booth would
            for ok, body in zip(done, bodies, strict=True):
                if not ok:
                    retried += 1
                    client.cast(body, 0)
    finally:
        kill_server(server)
    return {"client": client, "wall": wall, "crashed": crashed, "retried": retried}


def report(args: argparse.Namespace, ballot: Any, run: dict[str, Any]) -> dict[str, Any]:
    from phieukin.voting.models import BoardEvent

    client = run["client"]
    on_board = set(
        BoardEvent.objects.filter(ballot=ballot, kind="ballot").values_list(
            "tracking_code", flat=True
        )
    )
    lat = client.latencies
    return {
        "voters": args.voters,
        "seconds_target": args.seconds,
        "questions": args.questions,
        "workers": args.workers,
        "threads": args.threads,
        "clients": args.clients,
        "accepted": len(client.acked),
        "on_board": len(on_board),
        "acknowledged_missing_from_board": len(set(client.acked) - on_board),
        "errors": client.errors,
        "wall_s": round(run["wall"], 3),
        "throughput_per_s": round(len(lat) / run["wall"], 1) if run["wall"] else 0,
        "p50_ms": round(pct(lat, 0.50), 1),
        "p95_ms": round(pct(lat, 0.95), 1),
        "p99_ms": round(pct(lat, 0.99), 1),
        "max_ms": round(max(lat) * 1000, 1) if lat else None,
        "mean_ms": round(statistics.mean(lat) * 1000, 1) if lat else None,
        "crashed_and_restarted": run["crashed"],
        "retried_after_crash": run["retried"],
    }


def verify(ballot: Any) -> dict[str, Any]:
    from phieukin.crypto.group import base_mul
    from phieukin.crypto.tally import partial_decrypt_v2, tally_from_json
    from phieukin.record.events import parse_event
    from phieukin.record.verify import verify_record
    from phieukin.voting import board, tally
    from phieukin.voting.models import Trustee

    tally.do_close(ballot, actor=ballot.bench_staff)
    ballot.refresh_from_db()
    ctx = tally.context(ballot)
    rows = tally_from_json(tally._payload(ballot, "encrypted_tally")["ciphertexts"], ctx.manifest)
    close = board.one(ballot, "close")
    assert close is not None
    for i in (1, 2):
        secret, share = ballot.bench_shares[i]
        payload = partial_decrypt_v2(
            share,
            rows,
            key=secret.key,
            election_id=ballot.election_id,
            close=close[1],
            verification_key=base_mul(share),
            trustee=i,
            fingerprint=ctx.fingerprint,
        )
        tally.do_submit_partial(ballot, Trustee.objects.get(ballot=ballot, index=i), payload)
    started = time.perf_counter()
    result = verify_record([parse_event(line) for line in board.export_jsonl(ballot).splitlines()])
    return {
        "verified": result.ok,
        "verify_s": round(time.perf_counter() - started, 2),
        "counts": result.result,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--questions", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--crash-after", type=int, default=0)
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--no-save", action="store_true", help="do not write bench/results/")
    args = parser.parse_args()
    url = scratch_database()
    try:
        with tempfile.TemporaryDirectory() as data_dir:
            setup_django(url, data_dir)
            t = time.perf_counter()
            ballot, codes = build_scenario(args.voters, args.questions)
            print(f"setup (ceremony, {len(codes)} cards, open): {time.perf_counter() - t:.1f} s")
            t = time.perf_counter()
            bodies = prebuild(ballot, codes, args.questions)
            args.forged = forged(ballot, args.questions)
            print(
                f"pre-built {len(bodies)} ballots (Python crypto): {time.perf_counter() - t:.1f} s"
            )
            from django.db import connections

            connections.close_all()
            out = report(args, ballot, run_load(args, ballot, bodies))
            if args.verify:
                out.update(verify(ballot))
            connections.close_all()
    finally:
        drop_database(url)
    print(json.dumps(out, indent=1, ensure_ascii=False))
    if not args.no_save:
        results = Path(__file__).resolve().parent / "results"
        results.mkdir(exist_ok=True)
        stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
        (results / f"cast_load-{stamp}.json").write_text(
            json.dumps(out, indent=1), encoding="utf-8"
        )
    target = out["p99_ms"] < 300 and out["accepted"] == args.voters
    print(f"target p99 < 300 ms with all {args.voters} accepted: {'MET' if target else 'NOT MET'}")


if __name__ == "__main__":
    main()
