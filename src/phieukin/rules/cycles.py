"""The kinds of evaluation period a rule set allows, and where each sits in the sequence.

QĐ 124-QĐ/TW (2023–2024) is "kiểm điểm và đánh giá, xếp loại chất lượng **hằng năm**": the
only period is the year. QĐ 366-QĐ/TW (from 2025) widens the scope to reviews "theo nhiệm kỳ,
hằng năm, hằng quý hoặc khi cần thiết" (its scope clause, as quoted by the press on
20/9/2025; docs/rules.md §12), and HD 43-HD/BTCTW adds the member's quarterly/annual
self-rating (Mẫu 05). So: annual under both; quarterly (quarter 1–4), by term and ad hoc
(with its reason) only under 366.

``check_period_kind`` is the one check the model's ``clean()``, the service
``do_open_period`` and the form all make; ``period_rank`` orders periods for the carry-over of
shortcomings (a quarter's items reach the next quarter and the year's review).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from phieukin.rules.errors import RuleError, RuleViolation
from phieukin.rules.sources import HD43, QD124, QD366, Source


class PeriodKind(StrEnum):
    """Same values as ``evaluations.models.Cycle``."""

    ANNUAL = "annual"  # hằng năm
    QUARTERLY = "quarterly"  # hằng quý
    TERM = "term"  # theo nhiệm kỳ
    AD_HOC = "ad_hoc"  # khi cần thiết

    @property
    def label_vi(self) -> str:
        return _KIND_VI[self]


_KIND_VI = {
    PeriodKind.ANNUAL: "hằng năm",
    PeriodKind.QUARTERLY: "hằng quý",
    PeriodKind.TERM: "theo nhiệm kỳ",
    PeriodKind.AD_HOC: "khi cần thiết",
}

REASON_MAX = 500


@dataclass(frozen=True)
class CyclePolicy:
    """The period kinds a rule set allows, with the source that allows them."""

    kinds: frozenset[PeriodKind]
    source: Source


CYCLES: dict[str, CyclePolicy] = {
    "124": CyclePolicy(
        frozenset({PeriodKind.ANNUAL}),
        Source(QD124, "tên và phạm vi điều chỉnh", note="yearly review only ('hằng năm')"),
    ),
    "366": CyclePolicy(
        frozenset(PeriodKind),
        Source(
            QD366,
            "phạm vi điều chỉnh",
            note="'theo nhiệm kỳ, hằng năm, hằng quý hoặc khi cần thiết'; the quarterly "
            "self-rating is HD 43 Mẫu 05",
        ),
    ),
}
QUARTER_SOURCE = Source(HD43, "Mẫu 05", note="Bản tự đánh giá, xếp loại của cá nhân Quý, Năm")


def _refuse(code: str, vi: str, en: str, source: Source) -> RuleError:
    return RuleError(RuleViolation(f"cycle.{code}", vi, en, source))


def policy_for(code: str) -> CyclePolicy:
    """The cycle policy of rule set ``code`` ("124", "366"); annual only if unknown."""
    return CYCLES.get(code, CYCLES["124"])


def check_period_kind(
    rule_set_code: str, kind: str, quarter: int | None = None, reason: str = ""
) -> PeriodKind:
    """The kind, if rule set ``rule_set_code`` allows it with this quarter and reason; else a
    ``RuleError`` naming the rule: an unknown kind, a kind the regulation does not have, a
    quarterly period without its quarter 1–4, a quarter on another kind, an ad hoc period
    without its reason (or one too long)."""
    policy = policy_for(rule_set_code)
    try:
        period_kind = PeriodKind(kind)
    except ValueError:
        raise _refuse(
            "unknown_kind",
            f"Không có loại kỳ đánh giá «{kind}»",
            f"unknown kind of period {kind!r}; known: {[k.value for k in PeriodKind]}",
            policy.source,
        ) from None
    if period_kind not in policy.kinds:
        raise _refuse(
            "kind_not_allowed",
            f"Quy định này chỉ kiểm điểm, đánh giá hằng năm; không mở kỳ {period_kind.label_vi}",
            f"this regulation reviews yearly only: no {period_kind.value} period",
            policy.source,
        )
    if period_kind is PeriodKind.QUARTERLY:
        if quarter is None or not 1 <= quarter <= 4:
            raise _refuse(
                "quarter_required",
                "Kỳ đánh giá hằng quý phải ghi quý (1–4)",
                f"a quarterly period needs its quarter 1-4 (got {quarter!r})",
                QUARTER_SOURCE,
            )
    elif quarter is not None:
        raise _refuse(
            "quarter_not_quarterly",
            "Chỉ kỳ đánh giá hằng quý mới ghi quý",
            f"only a quarterly period has a quarter (got {quarter!r} on {period_kind.value})",
            policy.source,
        )
    text = reason.strip()
    if period_kind is PeriodKind.AD_HOC and not text:
        raise _refuse(
            "reason_required",
            "Kỳ đánh giá khi cần thiết phải ghi lý do",
            "an ad hoc period needs its reason",
            policy.source,
        )
    if len(text) > REASON_MAX:
        raise _refuse(
            "reason_too_long",
            f"Lý do không quá {REASON_MAX} ký tự",
            f"the reason is longer than {REASON_MAX} characters",
            policy.source,
        )
    return period_kind


def quarter_dates(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of ``quarter`` (1–4) of ``year``."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"quarter must be 1-4, got {quarter}")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def period_rank(kind: str, year: int, quarter: int | None, starts_on: date) -> tuple[int, int, int]:
    """Sort key of a period in the sequence of reviews of the same owner: by year; within a
    year the quarters 1–4 (an ad hoc period after the quarter it starts in), then the year's
    review, then a review by term; ties by the start date."""
    period_kind = PeriodKind(kind)
    if period_kind is PeriodKind.QUARTERLY and quarter is not None:
        rank = 2 * quarter
    elif period_kind is PeriodKind.AD_HOC:
        rank = 2 * quarter_of(starts_on) + 1
    elif period_kind is PeriodKind.ANNUAL:
        rank = 10
    else:
        rank = 11
    return (year, rank, starts_on.toordinal())


def title_vi(kind: str, year: int, quarter: int | None, organization: str) -> str:
    """The default title of a period: "... quý 2 năm 2025 — <organization>"."""
    period_kind = PeriodKind(kind)
    when = {
        PeriodKind.ANNUAL: f"năm {year}",
        PeriodKind.QUARTERLY: f"quý {quarter} năm {year}",
        PeriodKind.TERM: f"nhiệm kỳ (năm {year})",
        PeriodKind.AD_HOC: f"đột xuất năm {year}",
    }[period_kind]
    return f"Kiểm điểm, đánh giá, xếp loại chất lượng {when} — {organization}"
