"""``/api/voting``: a ballot's state, counts and published result (read-only).

The ballot is authorized through its organization like the web pages (any role there); the
record itself is public at ``/voting/ballots/<id>/record.jsonl``. Casting stays on the booth's
own endpoint (``/voting/api/ballots/<id>/cast``): it needs no account by design.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from phieukin.voting.access import access_ballot
from phieukin.voting.models import BallotStatus
from phieukin.voting.results import minutes_numbers

router = Router(tags=["voting"])


class BallotOut(Schema):
    id: int
    title: str
    status: str
    threshold: int
    trustee_count: int
    election_id: str
    fingerprint: str
    convened: int
    present: int
    quorum_required: int
    cards_issued: int
    ballots_received: int
    ballots_audited: int
    cards_unused_voided: int
    head_hash: str
    counts: list[list[int]] | None  # per question, per option; only once published
    record_url: str


@router.get("/ballots/{ballot_id}", response=BallotOut, summary="A ballot's state and result")
def ballot(request: HttpRequest, ballot_id: int) -> BallotOut:
    b = access_ballot(request.user, ballot_id, role=None)
    numbers = minutes_numbers(b)
    published = b.status == BallotStatus.PUBLISHED and b.result
    return BallotOut(
        id=b.pk,
        title=b.title,
        status=b.status,
        threshold=b.threshold,
        trustee_count=b.trustee_count,
        election_id=b.election_id,
        fingerprint=b.fingerprint,
        counts=b.result["counts"] if published else None,
        record_url=f"/voting/ballots/{b.pk}/record.jsonl",
        **numbers,  # type: ignore[arg-type]
    )
