"""Close, encrypted tally, partial decryptions and the published result (protocol.md §2, §4.7).

At close the server sums the counted ballots homomorphically and appends the tally; it cannot
decrypt it. Each trustee posts a partial decryption with proofs; invalid ones are refused and
recorded (so the chair sees who), never appended. With ``t`` valid parts the result is combined,
appended and stored on the ballot, and ``result_published`` fires after the commit.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from phieukin.rules.paper import combined, parse_count
from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.errors import DecryptionRejectedError
from phieukin.voting.lifecycle import do_transition
from phieukin.voting.models import (
    Ballot,
    BallotCiphertext,
    BallotStatus,
    BoardEvent,
    EventKind,
    RejectedSubmission,
    Trustee,
)
from phieukin.voting.signals import result_published


def _payload(ballot: Ballot, kind: str) -> dict[str, Any]:
    body = BoardEvent.objects.filter(ballot=ballot, kind=kind).values_list("body", flat=True).get()
    return json.loads(body)["payload"]  # type: ignore[no-any-return]


def chair_key(ballot: Ballot) -> str:
    """``C`` from the board (v2), or "" for a v1 record."""
    found = board.one(ballot, EventKind.CHAIR_KEY)
    return str(found[0]["public_key"]) if found else ""


def context(ballot: Ballot) -> Any:
    setup = _payload(ballot, EventKind.SETUP)
    return cx.election_context(setup, ballot.election_public_key, chair_key(ballot))


@transaction.atomic
def do_close(ballot: Ballot, *, actor: Any) -> Ballot:
    """Stop accepting ballots; append ``close`` (count and the hash of the counted ballots) and
    ``encrypted_tally`` under the board lock."""
    ballot = lock_ballot(ballot.pk)
    do_transition(ballot, BallotStatus.CLOSED)
    rows = BoardEvent.objects.filter(ballot=ballot, kind=EventKind.BALLOT).order_by("seq")
    bodies = list(rows.values_list("body", flat=True))
    ballots = [json.loads(body)["payload"] for body in bodies]
    board.append(
        ballot, EventKind.CLOSE, {"counted": len(ballots), "ballots": cx.ballot_set(bodies)}
    )
    board.append(ballot, EventKind.TALLY, cx.encrypted_tally(context(ballot), ballots))
    restamp_ballot_rows(ballot)
    audit("voting.ballot_closed", actor=actor, ballot=ballot, data={"counted": len(ballots)})
    return ballot


def restamp_ballot_rows(ballot: Ballot) -> None:
    """Blur when each ballot row was written (PostgreSQL's ``xmin``), in the close transaction.

    Every row carries the id of the transaction that wrote it, and transaction ids are one
    sequence for the whole database: a reader of ``xmin`` could place each cast between named
    logins, check-ins and audit entries. Rewriting the ballot rows here gives them all the close
    transaction's id; the old row versions are vacuumed after the commit. The board's order
    (``seq``) stays, and it is public anyway. docs/deploy.md says what remains.
    """
    if connection.vendor != "postgresql":
        return  # SQLite keeps no transaction id per row
    kinds = [EventKind.BALLOT, EventKind.AUDITED]
    BoardEvent.objects.filter(ballot=ballot, kind__in=kinds).update(body=F("body"))
    BallotCiphertext.objects.filter(ballot=ballot).update(alpha=F("alpha"))
    transaction.on_commit(_vacuum_ballot_tables)


def _vacuum_ballot_tables() -> None:
    """Remove the old row versions (with their cast-time ``xmin``) now, not at autovacuum."""
    if connection.in_atomic_block:
        return  # VACUUM cannot run in a transaction (a test's); autovacuum will do it
    tables = [BoardEvent._meta.db_table, BallotCiphertext._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")


def decryption_state(ballot: Ballot) -> dict[int, dict[str, Any]]:
    """The partial decryptions on the board, by trustee index."""
    return {p["trustee"]: p for p in board.payloads(ballot, EventKind.PARTIAL)}


def _precheck(ballot: Ballot, trustee: Trustee, payload: Any) -> None:
    if ballot.status != BallotStatus.CLOSED:
        raise DecryptionRejectedError(
            _("Decryption is possible only after the ballot is closed and before the result."),
            code="not_closed",
        )
    if not isinstance(payload, dict) or payload.get("trustee") != trustee.index:
        raise DecryptionRejectedError(
            _("The message is not signed for your seat on the board."), code="wrong_trustee"
        )
    if trustee.index in decryption_state(ballot):
        raise DecryptionRejectedError(
            _("You have already sent your partial decryption."), code="duplicate_message"
        )


def do_submit_partial(ballot: Ballot, trustee: Trustee, payload: Any) -> BoardEvent:
    """Verify and append one partial decryption; with ``t`` valid parts, publish the result."""
    _precheck(ballot, trustee, payload)
    joint = _payload(ballot, EventKind.JOINT_KEY)
    commit = next(
        p for p in board.payloads(ballot, EventKind.DKG_COMMIT) if p["trustee"] == trustee.index
    )
    close = board.one(ballot, EventKind.CLOSE)
    assert close is not None
    try:
        cx.check_partial(
            payload,
            context(ballot),
            _payload(ballot, EventKind.TALLY),
            joint["verification_keys"][trustee.index - 1],
            trustee_key=commit["public_key"],
            qualified=joint["qualified"],
            close_hash=close[1],
        )
    except cx.CoreRejection as exc:
        RejectedSubmission.objects.create(
            ballot=ballot,
            trustee=trustee,
            kind=EventKind.PARTIAL,
            code=exc.code,
            reason=str(exc)[:500],
        )
        raise DecryptionRejectedError(
            _("The board refused this partial decryption: %(reason)s") % {"reason": exc},
            code=exc.code,
        ) from None
    return _append_partial(ballot.pk, trustee, payload)


@transaction.atomic
def _append_partial(ballot_id: int, trustee: Trustee, payload: dict[str, Any]) -> BoardEvent:
    ballot = lock_ballot(ballot_id)
    _precheck(ballot, trustee, payload)
    event = board.append(ballot, EventKind.PARTIAL, payload)
    audit(
        "voting.partial_decryption",
        actor=trustee.user,
        ballot=ballot,
        data={"trustee": trustee.index},
    )
    partials = decryption_state(ballot)
    if len(partials) >= ballot.threshold:
        publish(ballot, partials, actor=trustee.user)
    return event


def publish(ballot: Ballot, partials: dict[int, dict[str, Any]], *, actor: Any) -> None:
    """Combine ``t`` partial decryptions and append the result; a hybrid poll waits for its
    signed paper count (docs/paper.md), then its result is electronic + paper: the record's
    ``totals``, stored as ``result["counts"]`` (with both parts beside it) so the app that
    created the ballot decides from the whole poll. Precondition: Ballot row locked."""
    if ballot.status != BallotStatus.CLOSED:
        return  # already published (a later partial or signature)
    paper = board.one(ballot, EventKind.PAPER_COUNT)
    if ballot.hybrid and paper is None:
        return  # the counting board has not signed the paper count yet
    result = cx.combine(
        context(ballot), _payload(ballot, EventKind.TALLY), partials, ballot.threshold
    )
    stored: dict[str, Any] = dict(result)
    if paper is not None:
        counts = combined(
            result["counts"], parse_count(paper[0], [len(r) for r in result["counts"]])
        )
        result = {**result, "totals": counts}
        stored = {
            "trustees": result["trustees"],
            "counts": counts,
            "electronic": result["counts"],
            "paper": {"sheets": paper[0]["sheets"], "counts": paper[0]["counts"]},
        }
    event = board.append(ballot, EventKind.RESULT, result)
    ballot.result = {**stored, "head": event.hash}
    ballot.save(update_fields=["result"])
    do_transition(ballot, BallotStatus.PUBLISHED)
    audit("voting.result_published", actor=actor, ballot=ballot, data={"head": event.hash})
    stored = dict(ballot.result)
    refs = list(ballot.questions.order_by("order").values_list("subject_ref", flat=True))
    transaction.on_commit(
        lambda: result_published.send(sender=Ballot, ballot=ballot, refs=refs, result=stored)
    )
