"""A cell votes on paper with no server in the room; the secretary enters the counting
minutes afterwards and the same rules (quorum, threshold, denominator) decide (docs/paper.md)."""

from __future__ import annotations

from datetime import date

import pytest

from phieukin.evaluations.models import Period, VoteRecord
from phieukin.evaluations.services import (
    EvaluationError,
    PaperMinutes,
    RuleRefusedError,
    do_record_paper_only,
)
from phieukin.meetings.models import AgendaItem, AgendaKind, Resolution
from phieukin.meetings.services import AgendaSpec, convene, create_conference
from tests.evaluations.world import World, self_review, subject_of

pytestmark = pytest.mark.django_db

SHEETS = {"issued": 8, "returned": 6, "spoiled": 1, "unused": 1, "valid": 6, "invalid": 0}


def _cell_item(world: World) -> AgendaItem:
    conference = create_conference(
        organization=world.cell,
        title="Hội nghị chi bộ kiểm điểm cuối năm",
        held_on=date(2025, 12, 15),
        agenda=[AgendaSpec("Biểu quyết xếp loại đảng viên (phiếu giấy)", kind=AgendaKind.RATING)],
    )
    convene(conference)
    return conference.agenda_items.get()


def _minutes(**changes: object) -> PaperMinutes:
    fields: dict[str, object] = {
        "convened": 7,
        "present": 6,
        "sheets": SHEETS,
        "counts": [[0, 5, 1, 0, 0], [0, 3, 2, 0, 1]],
        **changes,
    }
    return PaperMinutes(**fields)  # type: ignore[arg-type]


def test_a_paper_only_cell_meeting_decides_by_the_same_rules(period: Period, world: World) -> None:
    m1, m2 = subject_of(period, world, "m1"), subject_of(period, world, "m2")
    self_review(m1, world)
    self_review(m2, world)
    item = _cell_item(world)
    v1, v2 = do_record_paper_only(item, _minutes(), subjects=[m1, m2], actor=world.staff)
    assert v1.outcome_level == "httnv" and v1.denominator == 7 and v1.needed == 4
    assert "5/7" in v1.explanation
    assert v2.outcome_level is None  # 3 of 7 is not more than half: no level
    assert v1.ballot is None and v1.ballot_ref.startswith("paper-minutes:")
    assert v2.invalid == 0 and v2.blank == 1
    m1.refresh_from_db()
    assert m1.proposed_level == "httnv" or m1.decided_level == "httnv"
    assert Resolution.objects.filter(agenda_item=item).exists()
    with pytest.raises(EvaluationError):
        do_record_paper_only(item, _minutes(), subjects=[m1, m2], actor=world.staff)


def test_a_missing_sheet_refuses_the_minutes_and_writes_nothing(
    period: Period, world: World
) -> None:
    m1, m2 = subject_of(period, world, "m1"), subject_of(period, world, "m2")
    item = _cell_item(world)
    missing = _minutes(  # one numbered sheet is neither in the box, nor spoiled, nor unused
        sheets={**SHEETS, "returned": 5, "valid": 5}, counts=[[0, 5, 0, 0, 0], [0, 3, 2, 0, 0]]
    )
    with pytest.raises(RuleRefusedError) as caught:
        do_record_paper_only(item, missing, subjects=[m1, m2], actor=world.staff)
    assert caught.value.codes == ["paper_unreconciled"]
    assert not VoteRecord.objects.filter(agenda_item=item).exists()


def test_a_quorum_not_met_refuses_the_minutes(period: Period, world: World) -> None:
    m1, m2 = subject_of(period, world, "m1"), subject_of(period, world, "m2")
    item = _cell_item(world)
    few = _minutes(present=4, sheets={**SHEETS, "unused": 3, "returned": 4, "valid": 4})
    with pytest.raises(RuleRefusedError) as caught:
        do_record_paper_only(item, few, subjects=[m1, m2], actor=world.staff)
    assert caught.value.codes == ["quorum_not_met"]


def test_more_sheets_than_members_present_are_refused(period: Period, world: World) -> None:
    m1, m2 = subject_of(period, world, "m1"), subject_of(period, world, "m2")
    item = _cell_item(world)
    with pytest.raises(RuleRefusedError) as caught:
        do_record_paper_only(item, _minutes(present=5), subjects=[m1, m2], actor=world.staff)
    assert caught.value.codes == ["paper_issuance_exceeds_present"]


def test_the_conference_minutes_read_the_paper_vote_back(period: Period, world: World) -> None:
    from phieukin.reports.documents import build_minutes
    from tests.reports.readback import docx_text

    m1, m2 = subject_of(period, world, "m1"), subject_of(period, world, "m2")
    self_review(m1, world)
    self_review(m2, world)
    item = _cell_item(world)
    do_record_paper_only(item, _minutes(), subjects=[m1, m2], actor=world.staff)
    text = " ".join(docx_text(build_minutes(item.conference)).split())
    assert "Hoàng Văn An" in text and "5/7" in text


def test_the_secretary_enters_the_minutes_on_the_item_page(period: Period, world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from phieukin.evaluations.services import do_submit_to_conference

    m1 = subject_of(period, world, "m1")
    self_review(m1, world)
    item = _cell_item(world)
    do_submit_to_conference(m1, item, proposed_level="httnv", issuer="Chi ủy", actor=world.staff)
    client = Client()
    client.force_login(world.staff)
    page = reverse("evaluations:rating_item", args=[item.pk])
    assert 'id="paper-only-form"' in client.get(page).content.decode()
    form = {"convened": "7", "present": "6", "excused": "0"}
    form |= {f"sheet_{k}": str(v) for k, v in SHEETS.items()}
    form |= {f"count_{m1.pk}_{o}": str(v) for o, v in enumerate([0, 5, 1, 0, 0])}
    bad = client.post(
        reverse("evaluations:rating_paper_only", args=[item.pk]), {**form, "present": "x"}
    )
    assert bad.status_code == 302 and not VoteRecord.objects.filter(agenda_item=item).exists()
    client.post(reverse("evaluations:rating_paper_only", args=[item.pk]), form)
    vote = VoteRecord.objects.get(agenda_item=item)
    assert vote.outcome_level == "httnv"
    html = client.get(page).content.decode()
    assert 'id="paper-outcome"' in html and 'data-outcome="httnv"' in html
