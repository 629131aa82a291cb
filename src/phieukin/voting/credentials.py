"""Issuing the credential cards for the members present (protocol.md §6.4).

One card per official member present with a vote (probationary members and guests get none);
the counts convened/present/issued are recorded for the minutes. The server keeps only the
public keys; the codes live only in the PDF returned to the caller.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phieukin.meetings.models import Attendance, AttendeeRole
from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.cards import build_cards_pdf
from phieukin.voting.errors import SetupError
from phieukin.voting.models import Ballot, BallotStatus, Credential, CredentialBatch, EventKind


def attendance_counts(ballot: Ballot) -> tuple[int, int]:
    """(convened, present) official voting members of the ballot's conference."""
    rows = Attendance.objects.filter(
        conference_id=ballot.agenda_item.conference_id,
        role=AttendeeRole.MEMBER,
        member__isnull=False,
    )
    return rows.count(), rows.filter(present=True).count()


@transaction.atomic
def do_issue_credentials(ballot: Ballot, *, booth_url: str, actor: Any) -> bytes:
    """Generate one credential per member present, post the public keys, return the cards PDF.

    Preconditions: the key ceremony is done (``READY``) and no cards were issued yet; the
    credential derivation needs the final ``election_id``. Runs under the Ballot row lock.
    """
    ballot = lock_ballot(ballot.pk)
    if ballot.status != BallotStatus.READY:
        raise SetupError(_("Cards can be issued only after the counting board's key ceremony."))
    if CredentialBatch.objects.filter(ballot=ballot).exists():
        raise SetupError(_("Cards were already issued for this ballot."))
    convened, present = attendance_counts(ballot)
    if present == 0:
        raise SetupError(_("Nobody is checked in as present: record the attendance first."))
    creds = cx.new_credentials(ballot.election_id, present)
    publics = sorted(pub for _code, pub in creds)
    Credential.objects.bulk_create(Credential(ballot=ballot, public_key=p) for p in publics)
    CredentialBatch.objects.create(
        ballot=ballot,
        count=present,
        convened_count=convened,
        present_count=present,
        issued_by=actor,
    )
    board.append(ballot, EventKind.CREDENTIALS, {"credentials": publics})
    audit("voting.credentials_issued", actor=actor, ballot=ballot, data={"count": present})
    # Codes are shuffled by construction (random); the PDF order says nothing about anyone.
    return build_cards_pdf(ballot.title, booth_url, [code for code, _pub in creds])
