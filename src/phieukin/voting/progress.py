"""Where a ballot stands and what must happen next, and who does it (setup and chair pages).

One place derives the steps from the board, so the staff page, the chair's page and the
counting-board page never disagree about what the room waits for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from phieukin.voting import ceremony, chair, paper, tally
from phieukin.voting.attendance import attendance_now, quorum_message, signed_attendance
from phieukin.voting.models import Ballot, BallotStatus, CredentialBatch

CHAIR, BOARD, STAFF = "chair", "board", "staff"


@dataclass(frozen=True)
class Step:
    """One thing the ballot waits for, and who does it (``CHAIR``, ``BOARD``, ``STAFF``, or
    "" for nobody: a state to read)."""

    who: str
    text: str


def _ceremony_steps(ballot: Ballot) -> list[Step]:
    st = ceremony.state(ballot)
    steps: list[Step] = []
    if st.chair_key is None:
        steps.append(Step(CHAIR, _("Chair: create your signing key on the chair's page.")))
    if ceremony.failed(st, ballot.threshold):
        steps.append(
            Step(
                STAFF,
                _(
                    "Unless the accused trustees answer, fewer than %(t)d trustees qualify: "
                    "the key ceremony cannot finish. Cancel this ballot and start again."
                )
                % {"t": ballot.threshold},
            )
        )
    labels = {
        "dkg_commit": _("commitment"),
        "dkg_reveal": _("shares"),
        "dkg_check": _("share check"),
        "dkg_ack": _("acknowledgement"),
    }
    for kind in ceremony.PHASES:
        done, needed = len(st.done(kind)), (len(st.qualified) if kind == "dkg_ack" else st.n)
        if done < needed:
            text = _("Counting board: %(step)s, %(done)d of %(n)d trustees done.") % {
                "step": labels[kind],
                "done": done,
                "n": needed,
            }
            steps.append(Step(BOARD, text))
            break
    open_complaints = [i for i in range(1, st.n + 1) if st.open_complaints(i)]
    if open_complaints and not st.acks:
        text = _("Trustees %(who)s must answer a complaint about their shares.") % {
            "who": ", ".join(map(str, open_complaints))
        }
        steps.append(Step(BOARD, text))
    return steps


def _ready_steps(ballot: Ballot) -> list[Step]:
    missing = chair.missing_possessions(ballot)
    if missing:
        return [
            Step(
                BOARD,
                _(
                    "Counting board: trustees %(who)s must reload their key file to prove they "
                    "hold it."
                )
                % {"who": ", ".join(map(str, missing))},
            )
        ]
    if signed_attendance(ballot) is None:
        now = attendance_now(ballot)
        if not now.met:
            return [Step("", quorum_message(now))]
        text = _("Chair: sign the attendance (%(p)d of %(c)d present, quorum %(q)d).") % {
            "p": now.present,
            "c": now.convened,
            "q": now.quorum_required,
        }
        return [Step(CHAIR, text)]
    if not CredentialBatch.objects.filter(ballot=ballot).exists():
        return [
            Step(
                BOARD, _("Counting board: one trustee issues the cards on the counting-board page.")
            )
        ]
    needed = chair.endorsements_needed(ballot)
    if needed:
        text = _("Counting board: %(n)d more trustee(s) must confirm the list of cards.") % {
            "n": needed
        }
        return [Step(BOARD, text)]
    return [Step(CHAIR, _("Chair: hand out the cards, then open the ballot."))]


def _closed_steps(ballot: Ballot) -> list[Step]:
    done = len(tally.decryption_state(ballot))
    steps = []
    if done < ballot.threshold:
        text = _("Counting board: decrypt the tally, %(done)d of %(t)d trustees done.") % {
            "done": done,
            "t": ballot.threshold,
        }
        steps.append(Step(BOARD, text))
    if ballot.hybrid:
        state = paper.paper_state(ballot)
        if state.to_sign is not None:
            text = _("Counting board: two trustees sign the paper count, %(n)d signed.") % {
                "n": len(state.signers)
            }
        else:
            text = _("Counting board: two members enter the paper count on the paper ballots page.")
        if not state.published:
            steps.append(Step(BOARD, text))
    return steps or [Step(BOARD, _("Counting board: decrypt the tally."))]


def steps(ballot: Ballot) -> list[Step]:
    """The step the ballot waits for (first) and what else is pending, with who does each."""
    fixed = {
        BallotStatus.DRAFT: Step(
            STAFF, _("Staff: add the questions, seat the counting board, then freeze the ballot.")
        ),
        BallotStatus.OPEN: Step(
            CHAIR, _("Voting is open. Chair: close the ballot when every member present has voted.")
        ),
        BallotStatus.PUBLISHED: Step("", _("The result is published.")),
        BallotStatus.CANCELLED: Step("", _("The ballot was cancelled.")),
    }
    pending = {
        BallotStatus.CEREMONY: _ceremony_steps,
        BallotStatus.READY: _ready_steps,
        BallotStatus.CLOSED: _closed_steps,
    }
    if ballot.status in pending:
        return pending[BallotStatus(ballot.status)](ballot)
    return [fixed[BallotStatus(ballot.status)]]


def next_steps(ballot: Ballot) -> list[str]:
    """The step the ballot waits for (first) and what else is pending, in the reader's language."""
    return [step.text for step in steps(ballot)]


def first_step_for(ballot: Ballot, who: str) -> str | None:
    """What ``who`` (``CHAIR``, ``BOARD``, ``STAFF``) must do next on the ballot, if anything."""
    return next((step.text for step in steps(ballot) if step.who == who), None)
