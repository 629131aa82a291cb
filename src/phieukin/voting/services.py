"""Ballot setup and the lifecycle steps that need no cryptography of their own.

See docs/architecture.md §3.1.

Every ``do_*`` runs in one transaction, locks the Ballot row when it touches the board or the
status, and writes one audit entry. Ceremony, credentials, casting and tally live in their own
modules (ceremony.py, credentials.py, cast.py, tally.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from phieukin.meetings.models import AgendaItem
from phieukin.organizations.models import Member
from phieukin.voting import board
from phieukin.voting import crypto_adapter as cx
from phieukin.voting.access import audit, lock_ballot
from phieukin.voting.errors import SetupError
from phieukin.voting.lifecycle import do_transition
from phieukin.voting.models import Ballot, BallotStatus, EventKind, Question, QuestionKind, Trustee

RATING_OPTIONS = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
    "Phiếu trắng",
]
APPROVAL_OPTIONS = ["Đồng ý", "Không đồng ý", "Không biểu quyết"]
MAX_TRUSTEES = 32


@transaction.atomic
def do_create_ballot(
    agenda_item: AgendaItem,
    *,
    title: str,
    threshold: int = 2,
    trustee_count: int = 3,
    small_group_threshold: int = 16,
    actor: Any,
) -> Ballot:
    """A draft ballot on ``agenda_item``; t-of-n checked here so the form gets a clear message."""
    title = title.strip()
    if not title:
        raise SetupError(_("The ballot needs a title."))
    if not 1 <= threshold <= trustee_count <= MAX_TRUSTEES:
        raise SetupError(
            _("The counting board must satisfy 1 ≤ t ≤ n ≤ %(max)d.") % {"max": MAX_TRUSTEES}
        )
    ballot = Ballot.objects.create(
        agenda_item=agenda_item,
        title=title,
        threshold=threshold,
        trustee_count=trustee_count,
        small_group_threshold=small_group_threshold,
        created_by=actor,
    )
    audit(
        "voting.ballot_created",
        actor=actor,
        ballot=ballot,
        data={"t": threshold, "n": trustee_count},
    )
    return ballot


def _require_draft(ballot: Ballot) -> None:
    if ballot.status != BallotStatus.DRAFT:
        raise SetupError(_("Only a draft ballot can be changed."))


@transaction.atomic
def do_add_question(
    ballot: Ballot,
    *,
    kind: str,
    prompt: str,
    options: Sequence[str] = (),
    min_choices: int | None = None,
    max_choices: int | None = None,
    subject_ref: str = "",
    subject_member: Member | None = None,
    actor: Any,
) -> Question:
    """Append a question. Rating and approval questions get the protocol's fixed options."""
    ballot = lock_ballot(ballot.pk)
    _require_draft(ballot)
    prompt = prompt.strip()
    if not prompt:
        raise SetupError(_("Every question needs a text."))
    blank: int | None = None
    if kind == QuestionKind.RATING:
        opts, lo, hi, blank = list(RATING_OPTIONS), 1, 1, 4
    elif kind == QuestionKind.APPROVAL:
        opts, lo, hi = list(APPROVAL_OPTIONS), 1, 1
    elif kind == QuestionKind.CHOOSE:
        opts = [o.strip() for o in options if o.strip()]
        hi = max_choices if max_choices is not None else 1
        lo = min_choices if min_choices is not None else 0
        if not 1 <= len(opts) <= 64 or not 0 <= lo <= hi <= len(opts) or hi == 0:
            raise SetupError(_("Choose k of n needs 1–64 candidates and 0 ≤ min ≤ k ≤ n, k ≥ 1."))
        if len(set(opts)) != len(opts):
            raise SetupError(_("Two candidates have the same name."))
    else:
        raise SetupError(_("Unknown question kind."))
    order = ballot.questions.count() + 1
    if order > 256:
        raise SetupError(_("A ballot has at most 256 questions."))
    q = Question.objects.create(
        ballot=ballot,
        order=order,
        kind=kind,
        prompt=prompt[:500],
        options=opts,
        min_choices=lo,
        max_choices=hi,
        blank_option=blank,
        subject_ref=subject_ref.strip(),
        subject_member=subject_member,
    )
    audit("voting.question_added", actor=actor, ballot=ballot, data={"kind": kind, "order": order})
    return q


@transaction.atomic
def do_add_rating_list(
    ballot: Ballot, subjects: Sequence[tuple[str, str, Member | None]], *, actor: Any
) -> list[Question]:
    """One rating question per subject ``(label, opaque ref, member or None)``, in order."""
    return [
        do_add_question(
            ballot,
            kind=QuestionKind.RATING,
            prompt=label,
            subject_ref=ref,
            subject_member=member,
            actor=actor,
        )
        for label, ref, member in subjects
    ]


@transaction.atomic
def do_set_trustees(ballot: Ballot, users: Sequence[Any], *, actor: Any) -> list[Trustee]:
    """Seat the counting board (indices 1..n in the given order).

    Decision 190-QĐ/TW Art. 8: no member of the board may be a subject of the ballot.
    """
    ballot = lock_ballot(ballot.pk)
    _require_draft(ballot)
    if len(users) != ballot.trustee_count or len({u.pk for u in users}) != len(users):
        raise SetupError(
            _("The counting board needs exactly %(n)d different people.")
            % {"n": ballot.trustee_count}
        )
    subjects = set(
        ballot.questions.exclude(subject_member=None).values_list("subject_member_id", flat=True)
    )
    for user in users:
        if getattr(user, "member_id", None) in subjects:
            raise SetupError(
                _("%(name)s is a subject of this ballot and cannot sit on its counting board.")
                % {"name": user}
            )
    ballot.trustees.all().delete()
    seats = [
        Trustee.objects.create(
            ballot=ballot, index=i, user=u, member_id=getattr(u, "member_id", None)
        )
        for i, u in enumerate(users, start=1)
    ]
    audit(
        "voting.trustees_set", actor=actor, ballot=ballot, data={"trustees": [u.pk for u in users]}
    )
    return seats


def manifest(ballot: Ballot) -> dict[str, Any]:
    """The protocol manifest (protocol.md §3.2) built from the ballot's questions."""
    questions = []
    for q in ballot.questions.order_by("order"):
        item: dict[str, Any] = {
            "id": f"q{q.order}",
            "kind": q.kind,
            "label": q.prompt,
            "options": list(q.options),
            "min": q.min_choices,
            "max": q.max_choices,
        }
        if q.subject_ref:
            item["ref"] = q.subject_ref
        questions.append(item)
    return {"title": ballot.title, "questions": questions}


def setup_payload(ballot: Ballot) -> dict[str, Any]:
    trustees = [
        {"index": t.index, "name": t.user.get_full_name() or str(t.user)}
        for t in ballot.trustees.select_related("user").order_by("index")
    ]
    return {
        "version": "PHIEUKIN-v2",
        "group": "ristretto255",
        "election_id": ballot.election_id,
        "manifest": manifest(ballot),
        "threshold": ballot.threshold,
        "trustees": trustees,
        "policy": ballot.policy,
        "server_key": cx.server_public_key(),
    }


@transaction.atomic
def do_start_ceremony(ballot: Ballot, *, actor: Any) -> Ballot:
    """Freeze the ballot: append ``setup`` and let the trustees start the key ceremony."""
    ballot = lock_ballot(ballot.pk)
    _require_draft(ballot)
    if not ballot.questions.exists():
        raise SetupError(_("Add at least one question first."))
    if ballot.trustees.count() != ballot.trustee_count:
        raise SetupError(_("Seat the counting board first."))
    ballot.election_id = f"phieukin-{ballot.pk}-{uuid.uuid4().hex[:16]}"
    ballot.save(update_fields=["election_id"])
    board.append(ballot, EventKind.SETUP, setup_payload(ballot))
    do_transition(ballot, BallotStatus.CEREMONY)
    audit(
        "voting.ceremony_started",
        actor=actor,
        ballot=ballot,
        data={"election_id": ballot.election_id},
    )
    return ballot


@transaction.atomic
def do_cancel(ballot: Ballot, *, actor: Any) -> Ballot:
    """Cancel a ballot that never opened (e.g. a failed ceremony); its record stays."""
    ballot = lock_ballot(ballot.pk)
    do_transition(ballot, BallotStatus.CANCELLED)
    audit("voting.ballot_cancelled", actor=actor, ballot=ballot)
    return ballot


@transaction.atomic
def do_copy_ballot(ballot: Ballot, *, actor: Any) -> Ballot:
    """A new draft with the same settings, questions and counting board.

    A ceremony that cannot finish (fewer than ``t`` qualified trustees after the complaint
    round, a trustee's lost key) is abandoned and restarted under a new election id, i.e. as a
    new ballot. The old ballot must be cancelled first; its record stays as it is.
    """
    if ballot.status != BallotStatus.CANCELLED:
        raise SetupError(_("Cancel the ballot before starting it again."))
    copy = do_create_ballot(
        ballot.agenda_item,
        title=ballot.title,
        threshold=ballot.threshold,
        trustee_count=ballot.trustee_count,
        small_group_threshold=ballot.small_group_threshold,
        actor=actor,
    )
    for q in ballot.questions.order_by("order"):
        Question.objects.create(
            ballot=copy,
            order=q.order,
            kind=q.kind,
            prompt=q.prompt,
            options=q.options,
            min_choices=q.min_choices,
            max_choices=q.max_choices,
            blank_option=q.blank_option,
            subject_ref=q.subject_ref,
            subject_member=q.subject_member,
        )
    for t in ballot.trustees.order_by("index"):
        Trustee.objects.create(ballot=copy, index=t.index, user=t.user, member=t.member)
    audit("voting.ballot_copied", actor=actor, ballot=copy, data={"from": ballot.pk})
    return copy
