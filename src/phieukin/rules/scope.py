"""Who is rated, and who rates whom.

Scope: QĐ 366 Điều 5 k2 (and the same exemptions introduced by QĐ 124): every party member is
reviewed except members exempted from work and party activities, members suspended from party
activities, and members admitted less than 6 months before the review. HD 43 mục 7.6: a member
with temporary party activity is rated at the cell of official registration, not there.

Authority: HD 43 mục 3 (and, for the provincial case under HD 25, the Hanoi precedent) as a
table of :class:`AuthorityRule` rows on the rule set; :func:`authority_for` looks one up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from phieukin.rules.errors import RuleError, RuleViolation
from phieukin.rules.levels import OrgKind, SubjectKind
from phieukin.rules.sources import Source

if TYPE_CHECKING:
    from phieukin.rules.ruleset import RuleSet


class MemberStanding(StrEnum):
    """Same values as ``organizations.models.MemberStatus``."""

    OFFICIAL = "official"
    PROBATIONARY = "probationary"
    SUSPENDED = "suspended"
    EXEMPTED = "exempted"
    TRANSFERRED = "transferred"


@dataclass(frozen=True)
class ScopeRules:
    exempted: Source  # miễn công tác và sinh hoạt đảng
    suspended: Source  # đình chỉ sinh hoạt đảng
    min_months_since_admission: int
    admission: Source
    temporary_activity: Source | None  # rated at the official cell (HD 43 mục 7.6)


@dataclass(frozen=True)
class ScopeFacts:
    standing: MemberStanding
    admitted_on: date | None
    review_on: date  # the date of the review (thời điểm kiểm điểm)
    temporary_registration: bool = False  # sinh hoạt đảng tạm thời at this cell


def add_months(day: date, months: int) -> date:
    """Calendar months, clamped to the month's end (31/8 + 6 months = 28/2 or 29/2)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def out_of_scope(rules: RuleSet, facts: ScopeFacts) -> RuleViolation | None:
    """Why a member is not reviewed and rated here, or ``None`` when they are."""
    scope = rules.scope
    if facts.standing is MemberStanding.EXEMPTED:
        return RuleViolation(
            "scope.exempted",
            "Đảng viên được miễn công tác và sinh hoạt đảng: không kiểm điểm, xếp loại",
            "member exempted from work and party activities: not reviewed",
            scope.exempted,
        )
    if facts.standing is MemberStanding.SUSPENDED:
        return RuleViolation(
            "scope.suspended",
            "Đảng viên bị đình chỉ sinh hoạt đảng: không kiểm điểm, xếp loại",
            "member suspended from party activities: not reviewed",
            scope.suspended,
        )
    if facts.standing is MemberStanding.TRANSFERRED:
        return RuleViolation(
            "scope.transferred",
            "Đảng viên đã chuyển sinh hoạt đi: kiểm điểm tại nơi sinh hoạt chính thức mới",
            "member transferred out: reviewed at the new place of official activity",
            scope.temporary_activity or scope.exempted,
        )
    if facts.admitted_on is not None:
        months = scope.min_months_since_admission
        if add_months(facts.admitted_on, months) > facts.review_on:
            return RuleViolation(
                "scope.recently_admitted",
                f"Đảng viên mới kết nạp chưa đủ {months} tháng (kết nạp"
                f" {facts.admitted_on:%d/%m/%Y}): không kiểm điểm, xếp loại",
                f"admitted less than {months} months before the review"
                f" ({facts.admitted_on.isoformat()}): not reviewed",
                scope.admission,
            )
    if facts.temporary_registration and scope.temporary_activity is not None:
        return RuleViolation(
            "scope.temporary_activity",
            "Đảng viên sinh hoạt tạm thời: kiểm điểm, xếp loại tại chi bộ sinh hoạt chính thức;"
            " chi bộ sinh hoạt tạm thời gửi nhận xét",
            "temporary party activity: rated at the cell of official registration",
            scope.temporary_activity,
        )
    return None


class Body(StrEnum):
    """Bodies in the rating chain, relative to the subject's place in the tree."""

    SELF = "self"  # the subject itself (its committee / cell committee / the cell)
    CELL = "cell"  # chi bộ where the member is registered
    ADVISORY_BODY = "advisory_body"  # cơ quan tham mưu về tổ chức, cán bộ
    PARTIAL_COMMITTEE = "partial_committee"  # đảng ủy bộ phận
    GRASSROOTS_COMMITTEE = "grassroots_committee"  # đảng ủy cơ sở
    SUPERIOR_STANDING_COMMITTEE = "superior_standing_committee"  # BTV cấp ủy cấp trên trực tiếp
    PROVINCIAL_STANDING_COMMITTEE = "provincial_standing_committee"  # BTV tỉnh ủy, thành ủy
    PROVINCIAL_EXECUTIVE_COMMITTEE = "provincial_executive_committee"  # BCH tỉnh ủy, thành ủy
    CENTRAL_ORGANIZATION_COMMITTEE = "central_organization_committee"  # Ban Tổ chức Trung ương
    POLITBURO_SECRETARIAT = "politburo_secretariat"  # Bộ Chính trị, Ban Bí thư
    MANAGING_BODY = "managing_body"  # the level managing the cadre / unit (QĐ 366 Điều 3)


class Step(StrEnum):
    SELF_RATE = "self_rate"  # Bước 1
    PROPOSE = "propose"  # đề xuất
    APPRAISE = "appraise"  # Bước 2: thẩm định
    APPROVE = "approve"  # thông qua (provincial BCH under HD 43)
    DECIDE = "decide"  # Bước 3: quyết định
    ANSWER_TO = "answer_to"  # chịu trách nhiệm trước (HD 25 provincial case)


@dataclass(frozen=True)
class AuthorityRule:
    """Who does each step for a subject kind at an organization kind (``None`` = any)."""

    subject_kind: SubjectKind
    org_kind: OrgKind | None
    parent_kind: OrgKind | None
    steps: tuple[tuple[Step, Body], ...]
    source: Source
    # Who applies the HTXSNV cap, when not the decider: QĐ 366 Điều 11 k1.5 leaves the cap to
    # "cấp có thẩm quyền" over its group of comparable subjects; a province's group is the
    # organizations directly under the Central Committee, counted by the Politburo/Secretariat.
    cap_by: Body | None = None
    cap_source: Source | None = None

    @property
    def decider(self) -> Body:
        return next(body for step, body in self.steps if step is Step.DECIDE)

    @property
    def cap_body(self) -> Body:
        """The body that applies the cap over this subject's group of comparable subjects."""
        return self.cap_by or self.decider

    def role_of(self, body: Body) -> Step | None:
        """What a body does in this chain: a vote by the DECIDE body is the decision; by any
        other body (e.g. the provincial Executive Committee's APPROVE under HD 43) a proposal."""
        return next((step for step, b in self.steps if b is body), None)


def authority_for(
    rules: RuleSet,
    subject_kind: SubjectKind,
    org_kind: OrgKind | None = None,
    *,
    parent_kind: OrgKind | None = None,
) -> AuthorityRule:
    """The most specific matching row (subject kind, org kind, parent kind)."""
    candidates = [
        row
        for row in rules.authority
        if row.subject_kind == subject_kind
        and row.org_kind in (None, org_kind)
        and row.parent_kind in (None, parent_kind)
    ]
    if not candidates:
        raise RuleError(
            RuleViolation(
                "authority.unknown",
                f"Không có quy định thẩm quyền cho {subject_kind.label_vi} ({org_kind or '-'})",
                f"no authority rule for {subject_kind} at {org_kind}",
                Source(rules.guidance, "mục 3"),
            )
        )
    return max(candidates, key=lambda r: (r.org_kind is not None, r.parent_kind is not None))


def check_decider(
    rules: RuleSet,
    body: Body,
    subject_kind: SubjectKind,
    org_kind: OrgKind | None = None,
    *,
    parent_kind: OrgKind | None = None,
) -> None:
    """Raise ``authority.wrong_body`` unless ``body`` is the competent decider."""
    row = authority_for(rules, subject_kind, org_kind, parent_kind=parent_kind)
    if body is not row.decider:
        raise RuleError(
            RuleViolation(
                "authority.wrong_body",
                f"Thẩm quyền quyết định xếp loại {subject_kind.label_vi} thuộc «{row.decider}»,"
                f" không phải «{body}»",
                f"the competent body for {subject_kind} is {row.decider}, not {body}",
                row.source,
            )
        )
