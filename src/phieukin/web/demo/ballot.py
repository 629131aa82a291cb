"""The demo's secret ballot: rating the city Party organization at conference No. 16.

Set up the way the Organization Committee would before the meeting: one rating question (four
levels plus the explicit blank), the counting board of three (2-of-3) seated from the demo's
trustee logins, and the ballot frozen so the board can run its key ceremony in the browser.
Cards, opening, voting, closing and decryption are left for the walkthrough.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from phieukin.evaluations.models import CollectiveKind, Subject
from phieukin.meetings.models import AgendaKind, Conference
from phieukin.voting import services
from phieukin.voting.models import Ballot

TITLE = "Xếp loại chất lượng Đảng bộ Thành phố năm 2023"
BOARD = ("kiemphieu1", "kiemphieu2", "kiemphieu3")


def build_ballot(conference: Conference) -> Ballot:
    """Create, fill and freeze the ballot on the conference's rating agenda item."""
    users = get_user_model().objects
    actor = users.get(username="bantochuc")
    item = conference.agenda_items.get(kind=AgendaKind.RATING)
    subject = Subject.objects.get(
        period__organization=conference.organization,
        organization=conference.organization,
        collective_kind=CollectiveKind.PARTY_ORGANIZATION,
    )
    ref = f"evaluations.Subject:{subject.pk}"
    ballot = services.do_create_ballot(item, title=TITLE, decides=ref, actor=actor)
    services.do_add_question(
        ballot, kind="rating", prompt=conference.organization.name, subject_ref=ref, actor=actor
    )
    services.do_set_trustees(ballot, [users.get(username=u) for u in BOARD], actor=actor)
    return services.do_start_ceremony(ballot, actor=actor)
