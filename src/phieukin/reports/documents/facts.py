"""What the documents read from the evaluations app's records, in one place.

The counting minutes, the conference minutes, the Quyết định and the dossier list all state a
vote the same way: the figures the evaluations app recorded for it (``VoteRecord``: counts,
official members convened, the listed exclusions, the denominator, whether the vote is the
decision) — never recomputed from the ballot's attendance — with the threshold of the
period's rule set. When the evaluations records change shape, this module is what adapts.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from phieukin.evaluations.models import Decision, Subject, VoteRecord
from phieukin.evaluations.services.kinds import authority, home_organization, rules_for
from phieukin.reports.documents.common import level_vi, subject_name
from phieukin.reports.documents.issuers import OUTSIDE_NAMES, Issuer, issuer_for_body
from phieukin.reports.documents.layout import pct
from phieukin.rules import Body, Exclusion
from phieukin.rules.votes import votes_needed

LEVEL_CODES = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
EXCLUSION_VI = {
    Exclusion.TEMPORARY_ACTIVITY_ELSEWHERE: "sinh hoạt đảng tạm thời ở nơi khác",
    Exclusion.EXEMPTED_ABSENT: "được miễn công tác và sinh hoạt đảng, vắng mặt",
    Exclusion.SUSPENDED: "bị đình chỉ sinh hoạt đảng",
    Exclusion.PROSECUTED_OR_DETAINED: "bị khởi tố, truy tố, tạm giam",
    Exclusion.ABSENT_WITH_APPROVED_REASON: "vắng mặt cả buổi có lý do được chấp thuận",
}


def body_name(body: str, subject: Subject) -> str:
    """A rules body (relative to ``subject``) as the document names it."""
    try:
        rel = Body(body)
    except ValueError:
        return body
    if rel in OUTSIDE_NAMES:
        return OUTSIDE_NAMES[rel]
    issuer = body_issuer(rel, subject)
    return issuer.name_vi if issuer else body


def body_issuer(body: Body, subject: Subject) -> Issuer | None:
    return issuer_for_body(body, home_organization(subject), subject.period.organization)


def _fraction_vi(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


@dataclass(frozen=True)
class VoteFacts:
    """One recorded vote on one subject, as every document states it."""

    vote: VoteRecord
    subject_name: str
    counts: tuple[tuple[str, int], ...]  # (level label, votes), best first
    blank: int
    invalid: int
    convened: int
    exclusions: tuple[tuple[str, int], ...]  # (reason, members)
    denominator: int
    needed: int
    threshold_vi: str  # "quá 1/2"
    outcome: str  # level label, "" when no level reached the threshold
    is_decision: bool
    voting_body: str
    decider: str

    @property
    def outcome_votes(self) -> int:
        return next((n for label, n in self.counts if label == self.outcome), 0)

    def denominator_line(self, who: str = "ủy viên") -> str:
        """ "Mẫu số: 71 ủy viên được triệu tập, trừ 2 (vắng mặt ...), còn 69."."""
        excluded = "; ".join(f"{n} đồng chí {reason}" for reason, n in self.exclusions)
        minus = f", trừ {excluded}" if excluded else ", không có trường hợp loại trừ"
        return (
            f"Mẫu số để tính tỷ lệ: {self.convened} {who} chính thức được triệu tập{minus}, "
            f"còn {self.denominator} đồng chí. Mức xếp loại được thông qua khi đạt "
            f"{self.threshold_vi} mẫu số (ít nhất {self.needed} phiếu)."
        )

    def rows(self) -> list[tuple[str, str, str]]:
        """(level, votes, share of the denominator), then the blank ballots."""
        rows = [(label, str(n), pct(n, self.denominator)) for label, n in self.counts]
        rows.append(("Phiếu trống (không chọn mức nào)", str(self.blank), ""))
        return rows

    def result_line(self) -> str:
        """The outcome and whether it is the decision or a proposal — one sentence for all."""
        if not self.outcome:
            return (
                f"Kết quả: không mức xếp loại nào đạt {self.threshold_vi} mẫu số; "
                f"{self.subject_name} chưa được xếp loại bằng cuộc biểu quyết này."
            )
        share = pct(self.outcome_votes, self.denominator)
        what = (
            f"là quyết định xếp loại của {self.voting_body}"
            if self.is_decision
            else f"là đề xuất của {self.voting_body} để {self.decider} xem xét, quyết định"
        )
        return (
            f"Kết quả: {self.subject_name} đạt mức «{self.outcome}» với "
            f"{self.outcome_votes}/{self.denominator} phiếu ({share}); kết quả biểu quyết {what}."
        )


def vote_facts(vote: VoteRecord) -> VoteFacts:
    subject = vote.subject
    policy = rules_for(subject.period).vote
    excluded = []
    for key, n in (vote.excluded or {}).items():
        if int(n):
            try:
                reason = EXCLUSION_VI[Exclusion(key)]
            except ValueError:
                reason = key
            excluded.append((reason, int(n)))
    counts = tuple((level_vi(code.lower()), int(vote.counts.get(code, 0))) for code in LEVEL_CODES)
    return VoteFacts(
        vote=vote,
        subject_name=subject_name(subject),
        counts=counts,
        blank=vote.blank,
        invalid=vote.invalid,
        convened=vote.convened,
        exclusions=tuple(excluded),
        denominator=vote.denominator,
        # VoteRecord keeps no threshold of its own: the period's rule set's, on its denominator.
        needed=votes_needed(policy.threshold, policy.strict, vote.denominator),
        threshold_vi=f"{'quá' if policy.strict else 'ít nhất'} {_fraction_vi(policy.threshold)}",
        outcome=level_vi(vote.outcome_level),
        is_decision=vote.is_decision,
        voting_body=body_name(vote.body, subject),
        decider=body_name(str(authority(subject).decider), subject),
    )


def votes_of_ballot(ballot_pk: int) -> dict[int, VoteFacts]:
    """The recorded votes of a ballot, by subject id."""
    rows = VoteRecord.objects.filter(ballot_ref=f"voting.Ballot:{ballot_pk}").select_related(
        "subject__period", "subject__member", "subject__organization"
    )
    return {v.subject_id: vote_facts(v) for v in rows}


def votes_of_item(item_pk: int) -> list[VoteFacts]:
    rows = (
        VoteRecord.objects.filter(agenda_item_id=item_pk)
        .select_related("subject__period", "subject__member", "subject__organization")
        .order_by("recorded_at", "id")
    )
    return [vote_facts(v) for v in rows]


def active_decision(subject: Subject) -> Decision | None:
    return (
        Decision.objects.filter(subject=subject, cancelled_at__isnull=True)
        .select_related("vote__agenda_item__conference")
        .order_by("-decided_at")
        .first()
    )


def decision_issuer(decision: Decision) -> Issuer | None:
    """Who issues the document of a decision: its deciding body in this installation."""
    try:
        body = Body(decision.body)
    except ValueError:
        return None
    return body_issuer(body, decision.subject)
