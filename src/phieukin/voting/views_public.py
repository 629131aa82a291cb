"""Public pages: the booth, the bulletin board, the record download and its verification.

Everything here is readable without a login: the record is public by design (docs/architecture.md
§3.5), and the booth is authorized by the card the voter holds, not by an account.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from phieukin.lib import csp
from phieukin.voting import board, ceremony, chair, credentials, tally, verify_labels
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.attendance import attendance_now, signed_attendance
from phieukin.voting.models import BallotStatus, BoardEvent, EventKind
from phieukin.voting.views_live import _public_ballot


def booth(request: HttpRequest, pk: int) -> HttpResponse:
    """The voter's page; the credential stays in the URL fragment and never reaches the server."""
    ballot = _public_ballot(pk)
    context = {"ballot": ballot, "warnings": chair.privacy_warnings(ballot)}
    response = render(request, "voting/booth.html", context)
    # The one page that may compile WebAssembly: libsodium's build encrypts the ballot.
    secure = getattr(settings, "SECURE", False)
    response["Content-Security-Policy"] = csp.policy(secure=secure, wasm=True)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def board_page(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _public_ballot(pk)
    typed = request.GET.get("q", "").strip()
    q = (cx.normalize_tracking_code(typed) or typed.upper()) if typed else ""
    events = BoardEvent.objects.filter(
        ballot=ballot, kind__in=[EventKind.BALLOT, EventKind.AUDITED]
    )
    if q:
        events = events.filter(tracking_code__icontains=q)
    context = {
        "ballot": ballot,
        "events": events.order_by("seq").only("seq", "kind", "tracking_code", "hash")[:2000],
        "q": q,
        "head": board.head_hash(ballot),
        "count": chair.live_count(ballot),
    }
    return render(request, "voting/board.html", context)


def record_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The election record as one JSON Lines file (protocol.md §3.2), for ``phieukin verify``."""
    ballot = _public_ballot(pk)
    response = HttpResponse(board.export_jsonl(ballot), content_type="application/x-ndjson")
    response["Content-Disposition"] = f'attachment; filename="phieukin-record-{pk}.jsonl"'
    return response


def verify_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the offline verifier on the current record, server-side, and show its report.

    The report is cached per digest of the record's bytes: a public page must not let anyone
    make the server re-verify a large record on every request, while any change to any stored
    byte (a new event, or tampering) gets a fresh verification.
    """
    ballot = _public_ballot(pk)
    record = board.export_jsonl(ballot)
    key = f"voting:verify:{ballot.pk}:{hashlib.sha256(record).hexdigest()}"
    cached = cache.get(key)
    if cached is None:
        started = time.monotonic()
        cached = (_verify(record.splitlines()), time.monotonic() - started)
        cache.set(key, cached, 3600)
    report, seconds = cached
    context = {
        "ballot": ballot,
        "report": report,
        "seconds": f"{seconds:.2f}",
        "labels": report.labels,
        "checks": [verify_labels.check_label(c) for c in report.checked],
        "counters": verify_labels.counters(report.stats),
    }
    if report.failure is not None:
        context["failure_type"] = verify_labels.event_type_label(report.failure.type)
        context["failure_text"] = verify_labels.failure_label(report.failure.code)
    return render(request, "voting/verify.html", context)


def _verify(lines: list[bytes]) -> Any:
    from phieukin.crypto.errors import CryptoError
    from phieukin.record.events import parse_event
    from phieukin.record.verify import Failure, VerificationReport, verify_record

    try:
        return verify_record([parse_event(line) for line in lines])
    except CryptoError as exc:  # a line that does not even parse: name it like the CLI does
        bad = next(n for n, line in enumerate(lines) if not _parses(line))
        failure = Failure(bad, "?", str(exc.code), exc.message)
        return VerificationReport(ok=False, head="", events=len(lines), failure=failure)


def _parses(line: bytes) -> bool:
    from phieukin.crypto.errors import CryptoError
    from phieukin.record.events import parse_event

    try:
        parse_event(line)
    except CryptoError:
        return False
    return True


def booth_url(request: HttpRequest, ballot_id: int) -> str:
    """The address printed on the cards: ``PHIEUKIN_PUBLIC_URL`` (the LAN address under
    ``serve --lan``) or, unset, the address the card issuer's browser uses."""
    path = reverse("voting:booth", args=[ballot_id])
    base = settings.PHIEUKIN_PUBLIC_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def ceremony_json(request: HttpRequest, pk: int) -> JsonResponse:
    """The public ceremony, card and tally messages, as the trustee tools need them."""
    ballot = _public_ballot(pk)
    st = ceremony.state(ballot)

    def one(kind: str) -> object:
        found = board.payloads(ballot, kind)
        return found[-1] if found else None

    close = board.one(ballot, EventKind.CLOSE)
    ready = ballot.status == BallotStatus.READY
    to_sign = (
        attendance_now(ballot).payload() if ready and signed_attendance(ballot) is None else None
    )
    return JsonResponse(
        {
            "ballot": ballot.pk,
            "title": ballot.title,
            "status": ballot.status,
            "booth_url": booth_url(request, ballot.pk),
            "setup": st.setup,
            "chair_key": st.chair_key,
            "commits": list(st.commits.values()),
            "reveals": list(st.reveals.values()),
            "checks": list(st.checks.values()),
            "answers": list(st.answers.values()),
            "acks": list(st.acks.values()),
            "qualified": st.qualified,
            "joint_key": one(EventKind.JOINT_KEY),
            "possessions": list(st.possessions.values()),
            "attendance": signed_attendance(ballot),
            "attendance_to_sign": to_sign,
            "credentials": credentials.credentials_summary(ballot),
            "encrypted_tally": one(EventKind.TALLY),
            "close": None if close is None else {"payload": close[0], "hash": close[1]},
            "partials": list(tally.decryption_state(ballot).values()),
        },
        json_dumps_params={"ensure_ascii": False},
    )
