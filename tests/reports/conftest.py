"""Fixtures: the small known tree plus a conference of the province's Standing Committee with a
rating item, a published ballot, its recorded vote (13 convened, 1 excused: denominator 12),
discussion, a Tờ trình of the Organization Commission and the decision — built directly, so
the document tests read back exactly these numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import pytest

from phieukin.accounts.models import User
from phieukin.evaluations.models import Decision, SelfReview, Subject, Submission, VoteRecord
from phieukin.meetings.discussion_models import Comment, ExplanationReport, Resolution, Speaker
from phieukin.meetings.models import AgendaDocument, AgendaItem, Attendance, Conference
from phieukin.organizations.models import Committee, CommitteeSeat
from phieukin.voting.models import Ballot, BoardEvent, CredentialBatch, Question, Trustee
from tests.reports.tree import Tree, build_tree

AT = datetime(2025, 12, 20, 9, 0, tzinfo=UTC)
HEAD = "ab" * 32
LEVEL_OPTIONS = [
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
    "Để trống",
]


@dataclass
class DocsWorld:
    tree: Tree
    conference: Conference
    item: AgendaItem
    subject: Subject
    submission: Submission
    ballot: Ballot
    staff: User
    vote: VoteRecord
    decision: Decision


def _event(ballot: Ballot, seq: int, kind: str, payload: dict[str, object]) -> None:
    body = json.dumps({"type": kind, "payload": payload})
    BoardEvent.objects.create(
        ballot=ballot,
        seq=seq,
        kind=kind,
        body=body,
        prev_hash=f"{seq:064x}",
        hash=HEAD if kind == "result" else f"{seq + 1:064x}",
        credential_key=f"k{seq}" if kind == "ballot" else "",
    )


def _ballot(item: AgendaItem, staff: User, tree: Tree, subject: Subject) -> Ballot:
    ref = f"evaluations.Subject:{subject.pk}"
    ballot = Ballot.objects.create(
        agenda_item=item,
        title="Bỏ phiếu xếp loại Đảng bộ xã An Bình",
        created_by=staff,
        status="published",
        result={"counts": [[9, 2, 0, 0, 1]], "head": HEAD},
    )
    Question.objects.create(
        ballot=ballot,
        order=1,
        kind="rating",
        prompt="Đảng bộ xã An Bình",
        options=LEVEL_OPTIONS,
        subject_ref=ref,
    )
    for i, member in enumerate(tree.members["c1"][:3], 1):
        user = User.objects.create(username=f"trustee{i}", full_name=member.full_name)
        Trustee.objects.create(ballot=ballot, index=i, user=user, member=member)
    CredentialBatch.objects.create(
        ballot=ballot, count=12, convened_count=13, present_count=12, issued_by=staff
    )
    _event(ballot, 0, "attendance", {"convened": 13, "present": 12, "quorum_required": 9})
    for seq in range(1, 13):
        _event(ballot, seq, "ballot", {})
    _event(ballot, 13, "result", {})
    return ballot


def _conference(tree: Tree) -> tuple[Conference, AgendaItem]:
    committee = Committee.objects.create(
        organization=tree.province, kind="standing", term="XX", term_start=date(2020, 10, 1)
    )
    chair, secretary = tree.members["c1"][0], tree.members["c1"][1]
    CommitteeSeat.objects.create(
        committee=committee, member=chair, role="secretary", start_on=date(2020, 10, 1)
    )
    conf = Conference.objects.create(
        organization=tree.province,
        committee=committee,
        number=16,
        place="Hội trường Tỉnh ủy",
        title="Hội nghị lần thứ 16 Ban Thường vụ",
        held_on=date(2026, 1, 9),
        starts_at=time(8, 0),
        chair=chair,
        secretary=secretary,
    )
    for member in tree.members["c1"][: 13 - 6] + tree.members["c2"] + [tree.members["g2"][0]]:
        Attendance.objects.create(
            conference=conf,
            member=member,
            role="member",
            present=member != tree.members["g2"][0],
            absence_reason="Đi công tác",
        )
    item = AgendaItem.objects.create(
        conference=conf,
        order=1,
        kind="rating",
        presenter=chair.full_name,
        title="Đánh giá, xếp loại chất lượng Đảng bộ xã An Bình",
    )
    AgendaDocument.objects.create(
        agenda_item=item,
        title="Báo cáo công tác xây dựng Đảng năm 2025",
        number="312-BC/ĐU",
        distributed_on=date(2026, 1, 2),
    )
    AgendaDocument.objects.create(
        agenda_item=item,
        title="Tờ trình về đánh giá, xếp loại chất lượng Đảng bộ xã An Bình năm 2025",
        number="45-TTr/BTCTU",
        distributed_on=date(2026, 1, 2),
    )
    speaker = Speaker.objects.create(
        agenda_item=item,
        order=1,
        name=secretary.full_name,
        summary="Đề nghị làm rõ chỉ tiêu thu ngân sách.",
    )
    Comment.objects.create(
        agenda_item=item,
        kind="written",
        author_name="Trần Thị Lan",
        text="Nhất trí với dự thảo.",
        submitted_at=AT,
    )
    del speaker
    ExplanationReport.objects.create(
        agenda_item=item,
        presenter_name=chair.full_name,
        text="Tiếp thu, bổ sung số liệu thu ngân sách.",
        presented_at=AT,
    )
    Resolution.objects.create(
        agenda_item=item,
        method="secret_ballot",
        outcome="HTXSNV",
        text="Xếp loại Đảng bộ xã An Bình Hoàn thành xuất sắc nhiệm vụ.",
        counts={"HTXSNV": 9, "HTTNV": 2},
        denominator=12,
        announced_at=AT,
    )
    return conf, item


def _vote(subject: Subject, item: AgendaItem, ballot: Ballot) -> VoteRecord:
    """As ``evaluations.services.ballots`` records it: 13 convened, 1 excused, 12 counted."""
    return VoteRecord.objects.create(
        subject=subject,
        method="secret_ballot",
        body="provincial_standing_committee",
        counts={"HTXSNV": 9, "HTTNV": 2, "HTNV": 0, "KHTNV": 0},
        blank=1,
        convened=13,
        excluded={"absent_with_approved_reason": 1},
        denominator=12,
        outcome_level="htxsnv",
        reason_code="vote.passed",
        explanation="Hoàn thành xuất sắc nhiệm vụ: 9/12 phiếu.",
        is_decision=True,
        ballot_ref=f"voting.Ballot:{ballot.pk}",
        agenda_item=item,
        recorded_at=AT,
    )


@pytest.fixture
def docs(db: None) -> DocsWorld:
    tree = build_tree()
    staff = User.objects.create(username="staff", full_name="Cán bộ Ban Tổ chức", is_superuser=True)
    conf, item = _conference(tree)
    subject = Subject.objects.get(period=tree.period, organization=tree.a)
    SelfReview.objects.create(
        subject=subject,
        form="01",
        submitted_at=AT,
        group_i=28,
        group_ii=64,
        results="Hoàn thành 100% chỉ tiêu.",
        tasks_planned=10,
        tasks_completed=10,
        tasks_on_time=10,
        tasks_exceeding=4,
        proposed_level="htxsnv",
    )
    submission = Submission.objects.create(
        subject=subject,
        agenda_item=item,
        number="45-TTr/BTCTU",  # the Organization Commission submits to the Standing Committee
        issuer="Ban Tổ chức Tỉnh ủy",
        proposed_level="htxsnv",
        document=item.documents.get(number="45-TTr/BTCTU"),
    )
    ballot = _ballot(item, staff, tree, subject)
    vote = _vote(subject, item, ballot)
    subject.decided_level, subject.decided_at = "htxsnv", AT  # as the decision below
    subject.save(update_fields=["decided_level", "decided_at"])
    decision = Decision.objects.create(
        subject=subject,
        method="secret_ballot",
        body="provincial_standing_committee",
        level="htxsnv",
        vote=vote,
        decided_at=AT,
    )
    return DocsWorld(tree, conf, item, subject, submission, ballot, staff, vote, decision)
