"""The demo's second and third years, in one residential cell: 2024 under QĐ 124 and 2025 under
QĐ 366 with its quarters — history the conference morning does not need but the cycles do.

"Chi bộ Tổ dân phố số 2" of phường Bạch Mai (code ``DS-02-02``): most of its members are
retired or work outside the political system, so they are reviewed on Mẫu 2C. The cell runs:

- the 2024 annual period (QĐ 124, closed): every member in scope writes a self-review and is
  rated by the ward's Party Committee; two name a shortcoming;
- quarters 3 and 4 of 2025 (QĐ 366, closed): the quarterly self-ratings (Mẫu 05) — the first
  quarters after QĐ 366 was issued on 30/8/2025 — and their ratings; one member names a new
  shortcoming in quarter 3;
- the 2025 annual period (QĐ 366, open): the quarters show on each member's page, the earlier
  shortcomings are carried into the review ("đã khắc phục / chưa khắc phục"), the Secretary
  and her deputy are already rated (the Secretary's second HTXSNV year running: the history
  page shows the run), the rest is what a demo user carries on.

Everything goes through the workflow services; the records are then dated as the story
happened (``history.at``), as the 2023 period's are.
"""

from __future__ import annotations

from datetime import date, timedelta

from phieukin.evaluations.models import (
    Decision,
    Level,
    Period,
    SelfReview,
    Shortcoming,
    Subject,
    SubjectKind,
)
from phieukin.evaluations.services import (
    SelfReviewData,
    ShortcomingSpec,
    do_close_period,
    do_decide,
    do_open_period,
    do_set_member_form,
    do_submit_self_review,
)
from phieukin.evaluations.services.kinds import authority
from phieukin.organizations.models import Organization
from phieukin.web.demo.history import at
from phieukin.web.demo.tree import DemoTree

CELL_CODE = "DS-02-02"  # one of the smallest residential cells: the demo stays quick to load
# Positions of members who do not work in the political system (Mẫu 2C).
OUTSIDE = ("hưu", "Cựu chiến binh", "tự do", "Công nhân", "Kỹ sư")
_TEXTS = {
    "results": "Chấp hành nghiêm chủ trương của Đảng, chính sách, pháp luật của Nhà nước và"
    " quy định nơi cư trú; tham gia đầy đủ sinh hoạt chi bộ, các phong trào của tổ dân phố.",
    "limitations": "Có lúc chưa mạnh dạn phát biểu xây dựng chi bộ.",
    "causes": "Tinh thần tự học, tự nghiên cứu có lúc chưa chủ động.",
    "remedies": "Chuẩn bị ý kiến trước mỗi kỳ sinh hoạt; tích cực tham gia hoạt động ở địa bàn.",
    "commitment": "Tiếp tục tu dưỡng, rèn luyện, giữ mối liên hệ với chi bộ nơi cư trú.",
}
_124 = {
    Level.HTXSNV: ({"politics": "XUAT_SAC", "discipline": "TOT", "duties": "XUAT_SAC"}, "XUAT_SAC"),
    Level.HTTNV: ({"politics": "TOT", "discipline": "TOT", "duties": "TOT"}, "TOT"),
    Level.HTNV: (
        {"politics": "TOT", "discipline": "TRUNG_BINH", "duties": "TRUNG_BINH"}, "TRUNG_BINH"
    ),
}  # fmt: skip
# 366: group I /30, group II /70 and tasks (planned, completed, on time, exceeding) per level.
_366 = {
    Level.HTXSNV: ("29", "65", (10, 10, 10, 4)),
    Level.HTTNV: ("26", "58", (10, 10, 10, 1)),
    Level.HTNV: ("22", "48", (10, 10, 8, 0)),
}
SHORTCOMING_2024 = ShortcomingSpec(
    "Chưa tham gia đầy đủ sinh hoạt chi bộ",
    "Sắp xếp thời gian dự sinh hoạt định kỳ ngày 5 hằng tháng",
    "Bản thân đảng viên",
    deadline=date(2025, 6, 30),
)
SHORTCOMING_Q3 = ShortcomingSpec(
    "Chậm nộp đảng phí quý 3",
    "Nộp đảng phí đúng hạn trước ngày 10 hằng tháng",
    "Bản thân đảng viên",
    deadline=date(2025, 12, 31),
)


def _review(period: Period, level: str, *, leader: bool = False, **extra: object) -> SelfReviewData:
    if period.regulation == "reg124":
        ratings, task = _124[Level(level)]
        return SelfReviewData(
            proposed_level=level,
            texts=_TEXTS,
            criteria_ratings=ratings,
            task_rating=task,
            **extra,  # type: ignore[arg-type]
        )
    g1, g2, tasks = _366[Level(level)]
    return SelfReviewData(
        proposed_level=level,
        texts=_TEXTS,
        group_i=g1,
        group_ii=g2,
        tasks=tasks,
        led_tasks=tasks if leader else None,  # a leader also answers for the cell led
        **extra,  # type: ignore[arg-type]
    )


def _collective(period: Period, kind: str) -> Subject | None:
    """The cell committee (rated before its members) or the cell (rated after them)."""
    return Subject.objects.filter(period=period, collective_kind=kind).first()


def _rate_collective(period: Period, kind: str, level: str = Level.HTTNV) -> None:
    subject = _collective(period, kind)
    if subject is not None:
        do_submit_self_review(subject, _review(period, level), actor=None)
        _decide(subject, level)


def _decide(subject: Subject, level: str) -> None:
    """Decided by the body the rating chain names (the ward's committee, or the level
    managing a leader)."""
    do_decide(
        subject,
        level,
        body=authority(subject).decider,
        method="superior",
        reasons="Theo kết quả kiểm điểm tại chi bộ, đề xuất của chi ủy",
        actor=None,
    )


def _members(period: Period) -> list[Subject]:
    subjects = Subject.objects.filter(period=period, kind=SubjectKind.INDIVIDUAL, in_scope=True)
    return list(subjects.select_related("member").order_by("member__card_number"))


def _levels(subjects: list[Subject]) -> dict[int, str]:
    """Mostly HTTNV; one member (the third without a post) HTXSNV — within the cap of 20% of
    HTTNV in the members' group —, the last one HTNV."""
    levels = {s.pk: str(Level.HTTNV) for s in subjects}
    plain = [s for s in subjects if not s.is_leader]
    if len(plain) >= 5:
        levels[plain[2].pk] = Level.HTXSNV
        levels[plain[-1].pk] = Level.HTNV
    return levels


def _best_last(subjects: list[Subject], levels: dict[int, str]) -> list[Subject]:
    """HTXSNV decided after the HTTNV of the group, as the cap counts what is decided."""
    return sorted(subjects, key=lambda s: levels[s.pk] == Level.HTXSNV)


def _open(cell: Organization, year: int, **kw: object) -> Period:
    period = do_open_period(cell, year, depth=0, actor=None, **kw)  # type: ignore[arg-type]
    period.criteria_framework = {}  # group totals entered, as the cell's forms have them
    period.save(update_fields=["criteria_framework"])
    return period


def _set_forms(period: Period) -> None:
    """Mẫu 2C for the members who work outside the political system (by their position)."""
    for subject in _members(period):
        if not subject.is_leader and any(w in subject.title for w in OUTSIDE):
            do_set_member_form(subject, "2C", actor=None)


def _earlier(subject: Subject, remedied: set[int]) -> dict[int, tuple[str, str]]:
    """How the review reports the member's earlier items: remedied (with a note) or still in
    progress."""
    items = Shortcoming.objects.filter(member_id=subject.member_id).exclude(subject=subject)
    done = ("remedied", "Đã khắc phục, chi bộ ghi nhận.")
    return {i.pk: done if i.pk in remedied else ("in_progress", "") for i in items}


def _run(
    period: Period,
    *,
    named: dict[int, ShortcomingSpec],
    remedied: set[int] = frozenset(),
    collectives: bool = True,
) -> None:
    """Every member reviews and is rated; ``collectives``: the cell committee and the cell
    too (the year's review; the quarters rate the members only)."""
    if collectives:
        _rate_collective(period, "cell_committee")
    subjects = _members(period)
    levels = _levels(subjects)
    for subject in subjects:
        extra: dict[str, object] = {"earlier": _earlier(subject, set(remedied))}
        if subject.member_id in named:
            extra["shortcomings"] = (named[subject.member_id],)
        do_submit_self_review(
            subject,
            _review(period, levels[subject.pk], leader=subject.is_leader, **extra),
            actor=None,
        )
    for subject in _best_last(subjects, levels):
        _decide(subject, levels[subject.pk])
    if collectives:
        _rate_collective(period, "cell")


def _date(period: Period, reviewed: date, decided: date) -> None:
    reviews = list(SelfReview.objects.filter(subject__period=period).order_by("pk"))
    for n, review in enumerate(reviews):
        when = at(reviewed, 8) + timedelta(minutes=20 * n)
        SelfReview.objects.filter(pk=review.pk).update(submitted_at=when)
    Decision.objects.filter(subject__period=period).update(decided_at=at(decided, 15))
    Subject.objects.filter(period=period, decided_level__isnull=False).update(
        decided_at=at(decided, 15)
    )


def build_cycles(tree: DemoTree) -> list[Period]:
    """The cell's 2024 year, its quarters 3–4 of 2025 and its open 2025 year (in that order)."""
    cell = tree.by_code[CELL_CODE]
    y2024 = _open(cell, 2024, review_on=date(2024, 12, 15))
    plain = [s for s in _members(y2024) if not s.is_leader]
    first, second = plain[0].member_id, plain[1].member_id
    assert first is not None and second is not None
    _run(y2024, named={first: SHORTCOMING_2024, second: SHORTCOMING_2024})
    item_2024 = Shortcoming.objects.get(subject__period=y2024, member_id=first)
    _date(y2024, date(2024, 12, 10), date(2025, 1, 8))
    do_close_period(y2024, actor=None)
    quarters = []
    for quarter in (3, 4):
        period = _open(cell, 2025, cycle="quarterly", quarter=quarter)
        _set_forms(period)
        named = {second: SHORTCOMING_Q3} if quarter == 3 else {}
        # In quarter 4 the first member reports the 2024 item remedied; the second not yet.
        remedied = {item_2024.pk} if quarter == 4 else set()
        _run(period, named=named, remedied=remedied)
        last = period.review_on or period.ends_on
        _date(period, last + timedelta(days=3), last + timedelta(days=10))
        do_close_period(period, actor=None)
        quarters.append(period)
    y2025 = _open(cell, 2025, review_on=date(2025, 12, 20))
    _set_forms(y2025)
    _rate_collective(y2025, "cell_committee")
    # The Secretary, her deputy and six members are rated; the star member's second HTXSNV
    # year running (the history page shows the run); the others are still to be reviewed.
    subjects = _members(y2025)
    levels = _levels(subjects)
    plain = [s for s in subjects if not s.is_leader]
    done = [s for s in subjects if s.is_leader] + plain[:6]
    for subject in done:
        do_submit_self_review(
            subject, _review(y2025, levels[subject.pk], leader=subject.is_leader), actor=None
        )
    for subject in _best_last(done, levels):
        _decide(subject, levels[subject.pk])
    _date(y2025, date(2025, 12, 15), date(2026, 1, 6))
    return [y2024, *quarters, y2025]
