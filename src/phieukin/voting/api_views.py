"""JSON endpoints called by the booth's JavaScript (no login: the credential authorizes).

Responses: ``{"status": …}`` on success; ``{"code": <English reason>, "message": <Vietnamese>}``
with a 4xx status on rejection. These views never read the session or the user and never log
the client address; the cast path must stay unlinkable to a person.
"""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from phieukin.voting import cast, ceremony, chair
from phieukin.voting.errors import CastRejectedError, cast_rejected
from phieukin.voting.models import Ballot, BallotStatus, BoardEvent, Credential, EventKind
from phieukin.voting.throttle import is_throttled, record_bad_attempt

_STATUS = {
    "duplicate_credential": 409,
    "ballot_not_open": 409,
    "audited_ballot_replay": 409,
    "reused_ciphertext": 409,
    "too_large": 413,
    "receipt_key_changed": 503,
}


def _error(exc: CastRejectedError) -> JsonResponse:
    status = 429 if exc.code == "throttled" else _STATUS.get(exc.code, 400)
    return JsonResponse({"code": exc.code, "message": exc.message}, status=status)


def _submit(request: HttpRequest, ballot_id: int, *, audited: bool) -> JsonResponse:
    if is_throttled(request):
        return _error(cast_rejected("throttled"))
    try:
        if not Ballot.objects.filter(pk=ballot_id).exists():
            raise Http404
        # Refuse an oversized body before reading it (Django would raise RequestDataTooBig
        # past DATA_UPLOAD_MAX_MEMORY_SIZE and answer an HTML 400).
        if int(request.META.get("CONTENT_LENGTH") or 0) > cast.MAX_BALLOT_BYTES:
            raise cast_rejected("too_large")
        data = cast.parse_body(request.body)
        receipt = cast.do_cast(ballot_id, data, audited=audited)
    except CastRejectedError as exc:
        record_bad_attempt(request)
        return _error(exc)
    return JsonResponse(receipt.to_json(), status=201)


@csrf_exempt  # no cookie authorizes this endpoint: the signed ballot does
@require_POST
def cast_ballot(request: HttpRequest, ballot_id: int) -> JsonResponse:
    return _submit(request, ballot_id, audited=False)


@csrf_exempt
@require_POST
def audit_ballot(request: HttpRequest, ballot_id: int) -> JsonResponse:
    return _submit(request, ballot_id, audited=True)


@require_GET
def election(request: HttpRequest, ballot_id: int) -> JsonResponse:
    """What the booth needs to build a ballot: setup, key, fingerprint, status, warnings."""
    try:
        ballot = Ballot.objects.get(pk=ballot_id)
    except Ballot.DoesNotExist:
        raise Http404 from None
    ready = ballot.status not in (BallotStatus.DRAFT, BallotStatus.CEREMONY, BallotStatus.CANCELLED)
    return JsonResponse(
        {
            "ballot": ballot.pk,
            "status": ballot.status,
            "setup": ceremony.state(ballot).setup if ready else None,
            "public_key": ballot.election_public_key if ready else None,
            "fingerprint": ballot.fingerprint if ready else None,
            "warnings": [str(w) for w in chair.privacy_warnings(ballot)],
            **(_cards(ballot) if ballot.status == BallotStatus.OPEN else {}),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _cards(ballot: Ballot) -> dict[str, list[str]]:
    """The listed and the used credentials (both public on the board): the booth tells a used
    or unknown card at the code step, on the phone, without asking the server about it."""
    listed = Credential.objects.filter(ballot=ballot).values_list("public_key", flat=True)
    used = BoardEvent.objects.filter(ballot=ballot, kind=EventKind.BALLOT).values_list(
        "credential_key", flat=True
    )
    return {"credentials": sorted(listed), "used": sorted(used)}


def parse_json(request: HttpRequest) -> object:
    """Body of a trustee's POST, or a ValueError for the caller to turn into a 400."""
    return json.loads(request.body or b"null")
