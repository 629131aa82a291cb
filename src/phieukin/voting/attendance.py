"""Who is convened and present for a ballot, and the quorum (the rule set's one computation).

``attendance_now`` counts the conference's attendance list and asks ``rules.check_quorum`` with
the rule set's quorum policy, exactly as the conference page does; the chair signs these
numbers, so the quorum on the board is that one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from phieukin.meetings.models import Attendance as AttendanceRow
from phieukin.meetings.models import AttendeeRole
from phieukin.rules import Denominator, check_quorum
from phieukin.rules.common import quorum_policy
from phieukin.voting import board
from phieukin.voting.models import Ballot, EventKind


def attendance_counts(ballot: Ballot) -> tuple[int, int]:
    """(convened, present) official voting members of the ballot's conference."""
    rows = AttendanceRow.objects.filter(
        conference_id=ballot.agenda_item.conference_id,
        role=AttendeeRole.MEMBER,
        member__isnull=False,
    )
    return rows.count(), rows.filter(present=True).count()


@dataclass(frozen=True)
class Attendance:
    """The numbers the chair signs (protocol.md §3.2 ``attendance``)."""

    convened: int
    present: int
    excluded: int
    quorum_required: int
    met: bool

    def payload(self) -> dict[str, int]:
        return {
            "convened": self.convened,
            "present": self.present,
            "excluded": self.excluded,
            "quorum_required": self.quorum_required,
        }


def attendance_now(ballot: Ballot) -> Attendance:
    """Official members convened and present, and the quorum by the rule set's policy."""
    convened, present = attendance_counts(ballot)
    if not convened:
        return Attendance(0, 0, 0, 0, met=False)
    check = check_quorum(quorum_policy(), Denominator(convened), present)
    return Attendance(convened, present, 0, check.required, met=check.met)


def signed_attendance(ballot: Ballot) -> dict[str, Any] | None:
    """The attendance on the board (signed by the chair), or None before it."""
    found = board.one(ballot, EventKind.ATTENDANCE)
    return found[0] if found else None


def quorum_message(now: Attendance) -> str:
    return _(
        "Quorum not met: %(present)d of %(convened)d members present, %(needed)d required."
    ) % {"present": now.present, "convened": now.convened, "needed": now.quorum_required}
