"""Paper ballots of a hybrid poll (docs/paper.md, protocol.md §4.11).

Before the cards are issued, staff say how many members present vote on paper
(``do_set_paper``): they get a numbered sheet instead of a card, so the cards issued are the
members present minus them, and the sheets printed are theirs plus spares. After close, two
members of the counting board each enter the paper count (``do_enter_paper_count``); the
count is taken only when both entries are equal (else the differing cells block) and it
reconciles (``rules.paper``: every numbered sheet accounted for, option totals ≤ valid, one card
or one sheet per member present). Then two trustees sign it in their browsers with their key
files (``do_sign_paper_count``) and the server appends ``paper_count``; the result, which
waits for it, is the sum of the decrypted counts and the paper counts (``tally.publish``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phieukin.rules.errors import RuleError, RuleViolation
from phieukin.rules.paper import (
    COUNTING_SOURCE,
    Cell,
    PaperCount,
    check_issuance,
    compare_entries,
    count_problems,
    parse_count,
)
from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.errors import VotingError
from phieukin.voting.models import (
    Ballot,
    BallotStatus,
    BoardEvent,
    CredentialBatch,
    EventKind,
    PaperEntry,
    PaperSignature,
    Trustee,
)

MIN_BOARD = 2  # double entry and two signatures need two members of the counting board


class PaperError(VotingError):
    code = "paper_refused"


def shape(ballot: Ballot) -> list[int]:
    """Options per question, in order (the paper count's shape)."""
    return [len(q.options) for q in ballot.questions.order_by("order")]


def labels(ballot: Ballot) -> tuple[list[str], list[list[str]]]:
    questions = list(ballot.questions.order_by("order"))
    return [q.prompt for q in questions], [list(q.options) for q in questions]


@transaction.atomic
def do_set_paper(ballot: Ballot, *, members: int, spares: int, actor: Any) -> Ballot:
    """How many members present vote on paper, and how many spare sheets are printed.

    Locks the ballot. Refused once the cards are issued (their number depends on it), with
    fewer than two counting-board members, and for negative numbers. ``0, 0`` makes the ballot
    electronic-only again."""
    ballot = lock_ballot(ballot.pk)
    if ballot.status not in (BallotStatus.DRAFT, BallotStatus.CEREMONY, BallotStatus.READY):
        raise PaperError(_("Paper ballots are set before the ballot opens."))
    if CredentialBatch.objects.filter(ballot=ballot).exists():
        raise PaperError(_("The cards are issued: the number of members on paper is fixed."))
    if members < 0 or spares < 0:
        raise PaperError(_("The numbers of members and spare sheets cannot be negative."))
    if members + spares and ballot.trustee_count < MIN_BOARD:
        raise PaperError(_("Paper ballots need a counting board of at least two (double entry)."))
    if spares and not members:
        raise PaperError(_("Spare sheets are printed only when some members vote on paper."))
    ballot.paper_members, ballot.paper_sheets = members, members + spares
    ballot.save(update_fields=["paper_members", "paper_sheets"])
    audit(
        "voting.paper_set", actor=actor, ballot=ballot, data={"members": members, "spares": spares}
    )
    return ballot


def cards_to_issue(ballot: Ballot, present: int) -> int:
    """One card per member present who does not vote on paper."""
    return present - ballot.paper_members


@dataclass(frozen=True)
class PaperState:
    """Where the paper count stands: the entries (by trustee index), the cells two entries
    differ in, the problems of an agreed count, the body to sign, who signed, and whether the
    ``paper_count`` is on the board."""

    entries: dict[int, PaperCount] = field(default_factory=dict)
    cells: tuple[Cell, ...] = ()
    problems: tuple[RuleViolation, ...] = ()
    agreed: PaperCount | None = None
    to_sign: dict[str, Any] | None = None
    signers: tuple[int, ...] = ()
    published: bool = False

    @property
    def waiting_for_second(self) -> bool:
        return len(self.entries) < MIN_BOARD


def _issuance_problems(ballot: Ballot, count: PaperCount) -> list[RuleViolation]:
    problems = []
    if count.sheets.issued != ballot.paper_sheets:
        problems.append(
            RuleViolation(
                "paper_issued_differs",
                f"Số phiếu phát hành phải bằng số phiếu đã đánh số và in ({ballot.paper_sheets})",
                f"sheets issued must be the numbered sheets printed ({ballot.paper_sheets})",
                COUNTING_SOURCE,
            )
        )
    attendance = board.payloads(ballot, EventKind.ATTENDANCE)
    batch = CredentialBatch.objects.filter(ballot=ballot).first()
    if attendance and batch is not None:
        over = check_issuance(
            present=attendance[-1]["present"], cards=batch.count, sheets=count.sheets
        )
        if over is not None:
            problems.append(over)
    return problems


def paper_state(ballot: Ballot) -> PaperState:
    """The double entry's state, read from the entries and the board."""
    widths = shape(ballot)
    rows = list(
        PaperEntry.objects.filter(ballot=ballot).select_related("trustee").order_by("entered_at")
    )
    entries = {row.trustee.index: parse_count(row.body, widths) for row in rows}
    published = board.one(ballot, EventKind.PAPER_COUNT) is not None
    signed = PaperSignature.objects.filter(ballot=ballot).order_by("trustee__index")
    signers = tuple(s.trustee.index for s in signed.select_related("trustee"))
    if len(rows) < MIN_BOARD:
        return PaperState(entries, signers=signers, published=published)
    first, second = rows[-2], rows[-1]
    verdict = compare_entries(
        entries[first.trustee.index],
        entries[second.trustee.index],
        first_by=first.trustee.index,
        second_by=second.trustee.index,
    )
    if not verdict.agreed:
        return PaperState(entries, verdict.cells, signers=signers, published=published)
    count = entries[second.trustee.index]
    problems = tuple(count_problems(count, labels(ballot)[0]) + _issuance_problems(ballot, count))
    close = board.one(ballot, EventKind.CLOSE)
    body = None
    if not problems and close is not None:
        body = {"close": close[1], **count.as_dict()}
    return PaperState(entries, (), problems, count, body, signers, published)


def _refuse_unless_counting(ballot: Ballot) -> None:
    if not ballot.hybrid:
        raise PaperError(_("This ballot has no paper part."))
    if ballot.status != BallotStatus.CLOSED:
        raise PaperError(_("The paper ballots are counted after the ballot is closed."))
    if board.one(ballot, EventKind.PAPER_COUNT) is not None:
        raise PaperError(_("The paper count is signed and published: it cannot change."))


@transaction.atomic
def do_enter_paper_count(
    ballot: Ballot, trustee: Trustee, data: dict[str, Any], *, actor: Any
) -> PaperState:
    """One counting-board member's entry (or correction) of the paper count.

    Locks the ballot. Refused outside the count (not hybrid, not closed, already published),
    once a member has signed the agreed count, and for a malformed count (nothing written).
    Returns the new state: waiting for the second entry, the differing cells, the problems
    that block, or the agreed count to sign."""
    ballot = lock_ballot(ballot.pk)
    _refuse_unless_counting(ballot)
    if PaperSignature.objects.filter(ballot=ballot).exists():
        raise PaperError(_("The agreed count is being signed: it cannot change."))
    try:
        count = parse_count(data, shape(ballot))
    except RuleError as exc:
        raise PaperError(exc.violation.message_vi, code=exc.code) from None
    PaperEntry.objects.update_or_create(
        ballot=ballot,
        trustee=trustee,
        defaults={"body": count.as_dict(), "entered_at": timezone.now()},
    )
    audit("voting.paper_entered", actor=actor, ballot=ballot, data={"trustee": trustee.index})
    return paper_state(ballot)


def do_sign_paper_count(ballot: Ballot, trustee: Trustee, payload: Any) -> BoardEvent | None:
    """A trustee's signature of the agreed count (``{trustee, signature}``, made with its key
    file); with the second one the server appends ``paper_count`` and, if the trustees have
    already decrypted, publishes the result. Returns the event once appended."""
    try:
        return _sign(ballot.pk, trustee, payload)
    except cx.CoreRejection as exc:
        raise PaperError(
            _("The board refused this signature: %(reason)s") % {"reason": exc}, code=exc.code
        ) from None


@transaction.atomic
def _sign(ballot_id: int, trustee: Trustee, payload: Any) -> BoardEvent | None:
    from phieukin.voting import tally

    ballot = lock_ballot(ballot_id)
    _refuse_unless_counting(ballot)
    if not isinstance(payload, dict) or payload.get("trustee") != trustee.index:
        raise PaperError(_("The message is not signed for your seat on the board."))
    state = paper_state(ballot)
    if state.to_sign is None:
        raise PaperError(_("There is no agreed, reconciled paper count to sign yet."))
    if trustee.index in state.signers:
        raise PaperError(_("You have already signed the paper count."))
    commit = next(
        p for p in board.payloads(ballot, EventKind.DKG_COMMIT) if p["trustee"] == trustee.index
    )
    cx.check_paper_signature(
        state.to_sign,
        payload.get("signature"),
        trustee_key=commit["public_key"],
        election_id=ballot.election_id,
        index=trustee.index,
    )
    PaperSignature.objects.create(
        ballot=ballot, trustee=trustee, signed=state.to_sign, signature=payload["signature"]
    )
    audit("voting.paper_signed", actor=trustee.user, ballot=ballot, data={"trustee": trustee.index})
    signatures = [
        {"trustee": s.trustee.index, "signature": s.signature}
        for s in PaperSignature.objects.filter(ballot=ballot).select_related("trustee")
    ]
    if len(signatures) < MIN_BOARD:
        return None
    event_payload = cx.paper_payload(state.to_sign, signatures)
    board.check_next(ballot, EventKind.PAPER_COUNT, event_payload)
    event = board.append(ballot, EventKind.PAPER_COUNT, event_payload)
    audit("voting.paper_count", actor=trustee.user, ballot=ballot, data={"event": event.hash})
    partials = tally.decryption_state(ballot)
    if len(partials) >= ballot.threshold:
        tally.publish(ballot, partials, actor=trustee.user)
    return event


def paper_part(ballot: Ballot) -> dict[str, Any] | None:
    """The signed paper count on the board (``sheets``, ``counts``), or None."""
    found = board.one(ballot, EventKind.PAPER_COUNT)
    return None if found is None else {k: found[0][k] for k in ("sheets", "counts")}
