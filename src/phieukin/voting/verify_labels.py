"""What the verify page says of the verifier's report, in the reader's language.

``phieukin.record`` is pure and speaks English (the CLI's language, and the words an independent
verifier compares with): its checks, its counters (event types) and its failure codes. The page
shows their labels; the verifier's own English reason stays beside a failure as the technical
detail. ``tests/voting/test_verify_labels.py`` fails when the verifier gains a check or a code
without a label here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from phieukin.crypto.errors import ErrorCode
from phieukin.record.verify import CHECKED_V2
from phieukin.voting.models import EventKind

CHECKS: dict[str, Promise] = dict(
    zip(
        CHECKED_V2,
        (
            _("Every event is written in the one canonical encoding"),
            _("The events are chained: numbers, previous hashes and hashes"),
            _("The events come in the protocol's order and each has the right fields"),
            _(
                "The key ceremony: each member's key proofs, commitments before shares, "
                "their proofs and signatures, the election key and its fingerprint"
            ),
            _("The list of voting cards"),
            _(
                "Every ballot: this election, a listed card, proofs that each box holds 0 or 1 "
                "and that the total is allowed, the card's signature, the ballot's rules"
            ),
            _("Ballots opened for checking match the choices they reveal"),
            _("The encrypted tally is the sum of the counted ballots"),
            _("The proofs of each partial decryption"),
            _("The result is the combination of the partial decryptions"),
            _(
                "No more cards than members present, no more ballots counted than members "
                "present, and the result decrypted by the counting board"
            ),
            _("The chair's key and the attendance the chair signed (the quorum is met)"),
            _(
                "The key ceremony's complaint round, the qualified members and their proofs of "
                "holding their key files"
            ),
            _("The list of cards signed by its issuer and confirmed by enough members"),
            _(
                "The close names the counted ballots by their hash, and each partial "
                "decryption signs that close"
            ),
        ),
        strict=True,
    )
)

COUNTERS: dict[str, Promise] = {
    **{str(kind.value): kind.label for kind in EventKind},
    "counted": _("ballots counted"),
    "replaced": _("ballots replaced by a later one"),
}

FAILURES: dict[str, Promise] = {
    ErrorCode.INVALID_ENCODING: _("an event is not correctly encoded"),
    ErrorCode.NON_CANONICAL: _("an event is not in its canonical form"),
    ErrorCode.TOO_LARGE: _("an event is too large"),
    ErrorCode.INVALID_SCHEMA: _("an event lacks a field or has one it should not"),
    ErrorCode.INVALID_PROOF: _("a proof does not hold"),
    ErrorCode.INVALID_SIGNATURE: _("a signature does not hold"),
    ErrorCode.INVALID_BALLOT: _("a ballot breaks the ballot's rules"),
    ErrorCode.WRONG_ELECTION: _("an event belongs to another election"),
    ErrorCode.UNKNOWN_CREDENTIAL: _("a ballot was cast with a card not on the list"),
    ErrorCode.DUPLICATE_CREDENTIAL: _("a card appears twice on the list"),
    ErrorCode.INVALID_SHARE: _("a key share does not match its commitment"),
    ErrorCode.INVALID_CREDENTIAL_CODE: _("a card code is not valid"),
    ErrorCode.BROKEN_CHAIN: _("the chain of events is broken (an event changed or removed)"),
    ErrorCode.OUT_OF_ORDER: _("an event is out of order"),
    ErrorCode.TALLY_MISMATCH: _("the tally is not the sum of the counted ballots"),
    ErrorCode.RESULT_MISMATCH: _("the result does not match the decryption"),
    ErrorCode.NOT_ENOUGH_SHARES: _("not enough counting-board members decrypted"),
    ErrorCode.CREDENTIALS_EXCEED_PRESENT: _("more cards than members present"),
    ErrorCode.COUNTED_EXCEEDS_PRESENT: _("more ballots counted than members present"),
    ErrorCode.QUORUM_NOT_MET: _("the quorum was not met"),
    ErrorCode.EVENT_MISMATCH: _("an event contradicts an earlier one"),
    ErrorCode.ABSENT_TRUSTEE: _("an event names a counting-board member who is not qualified"),
    ErrorCode.MISSING_BALLOT: _("a ballot named by the close is missing"),
    ErrorCode.EMPTY_RECORD: _("the record is empty"),
    ErrorCode.INCOMPLETE_RECORD: _("the record stops before its result"),
}


def check_label(text: str) -> str:
    label = CHECKS.get(text)
    return str(label) if label is not None else text


def counters(stats: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(COUNTERS.get(key, key)), value) for key, value in stats.items()]


def failure_label(code: str) -> str:
    label = FAILURES.get(code)
    return str(label) if label is not None else code


def event_type_label(event_type: str) -> str:
    label = COUNTERS.get(event_type)
    return str(label) if label is not None else event_type
