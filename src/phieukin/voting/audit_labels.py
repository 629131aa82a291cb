"""The audit log's words for the voting app's events (see ``phieukin.audit.labels``).

A lifecycle entry names the ballot and the counting-board member's number, never a voter."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from phieukin.audit.labels import Detail, choices, register
from phieukin.voting.models import QuestionKind

register(
    {
        "voting.ballot_created": pgettext_lazy("audit", "Ballot created"),
        "voting.question_added": pgettext_lazy("audit", "Question added to the ballot"),
        "voting.trustees_set": pgettext_lazy("audit", "Counting board named"),
        "voting.ceremony_started": pgettext_lazy("audit", "Key ceremony started"),
        "voting.dkg_commit": pgettext_lazy("audit", "Key ceremony: commitment published"),
        "voting.dkg_reveal": pgettext_lazy("audit", "Key ceremony: shares sent"),
        "voting.dkg_check": pgettext_lazy("audit", "Key ceremony: shares checked"),
        "voting.dkg_answer": pgettext_lazy("audit", "Key ceremony: complaint answered"),
        "voting.dkg_ack": pgettext_lazy("audit", "Key ceremony: acknowledged"),
        "voting.joint_key": pgettext_lazy("audit", "Election key published"),
        "voting.key_possession": pgettext_lazy("audit", "Key file proven"),
        "voting.chair_key": pgettext_lazy("audit", "Chair's key registered"),
        "voting.attendance_signed": pgettext_lazy("audit", "Attendance signed by the chair"),
        "voting.credentials_issued": pgettext_lazy("audit", "Voting cards issued"),
        "voting.credentials_endorsed": pgettext_lazy("audit", "List of cards confirmed"),
        "voting.ballot_opened": pgettext_lazy("audit", "Ballot opened"),
        "voting.ballot_closed": pgettext_lazy("audit", "Ballot closed"),
        "voting.partial_decryption": pgettext_lazy("audit", "Partial decryption published"),
        "voting.result_published": pgettext_lazy("audit", "Result published"),
        "voting.ballot_cancelled": pgettext_lazy("audit", "Ballot cancelled"),
        "voting.ballot_copied": pgettext_lazy("audit", "Ballot copied"),
    },
    {
        "t": Detail(pgettext_lazy("audit", "members needed to decrypt")),
        "n": Detail(pgettext_lazy("audit", "counting-board members")),
        "voting.question_added:kind": Detail(
            pgettext_lazy("audit", "kind"), values=choices(QuestionKind)
        ),
        "trustees": Detail(pgettext_lazy("audit", "counting-board members"), count=True),
        "trustee": Detail(pgettext_lazy("audit", "counting-board member no.")),
        "election_id": Detail(pgettext_lazy("audit", "election identifier"), code=True),
        "fingerprint": Detail(pgettext_lazy("audit", "key fingerprint"), code=True),
        "head": Detail(pgettext_lazy("audit", "record head"), code=True),
        "convened": Detail(pgettext_lazy("audit", "members convened")),
        "present": Detail(pgettext_lazy("audit", "members present")),
        "excluded": Detail(pgettext_lazy("audit", "members excluded")),
        "quorum_required": Detail(pgettext_lazy("audit", "quorum")),
        "counted": Detail(pgettext_lazy("audit", "ballots counted")),
        "voting.ballot_copied:from": Detail(
            pgettext_lazy("audit", "copied from"), ref="voting.Ballot"
        ),
    },
)
