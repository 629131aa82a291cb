"""A subject's assessment inputs: the facts the rules read (filled by the evaluations app).

One flat frozen dataclass for every kind of subject; fields that do not apply to a kind are
left at their defaults. QĐ 124 reads ``criteria``/``task_rating``; QĐ 366 reads
``group_scores``/``tasks``. Trigger facts are the same under both, read by whichever triggers
the rule set lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from phieukin.rules.criteria import Number, TaskResults
from phieukin.rules.levels import CriterionRating, Level, SubjectKind


class DisciplineForm(IntEnum):
    """Forms of Party discipline, ordered by severity (QĐ 69-QĐ/TW Điều 7)."""

    KHIEN_TRACH = 1  # reprimand
    CANH_CAO = 2  # warning
    CACH_CHUC = 3  # dismissal from post
    KHAI_TRU = 4  # expulsion
    GIAI_TAN = 5  # dissolution (organizations only)

    @property
    def label_vi(self) -> str:
        return ("Khiển trách", "Cảnh cáo", "Cách chức", "Khai trừ", "Giải tán")[self.value - 1]


class Mitigation(StrEnum):
    """Circumstances the regulation lets the competent level weigh; never applied silently."""

    SELF_FOUND_AND_REMEDIED = "self_found_and_remedied"  # tự phát hiện, khắc phục xong hậu quả
    PROACTIVELY_REPORTED = "proactively_reported"  # chủ động phát hiện, báo cáo, xử lý kịp thời
    FORCE_MAJEURE = "force_majeure"  # nguyên nhân khách quan, bất khả kháng

    @property
    def label_vi(self) -> str:
        return {
            "self_found_and_remedied": "tự phát hiện và khắc phục xong hậu quả",
            "proactively_reported": "chủ động phát hiện, báo cáo, chỉ đạo xử lý kịp thời",
            "force_majeure": "nguyên nhân khách quan, bất khả kháng",
        }[self.value]


@dataclass(frozen=True)
class Discipline:
    """One disciplinary measure taken against the subject (or a member/unit of it)."""

    form: DisciplineForm
    year_disciplined: int
    duty_related: bool = True  # vi phạm liên quan đến thực thi nhiệm vụ, công vụ
    self_found_and_remedied: bool = False
    at_previous_unit: bool = False  # violation at a previous unit before a transfer
    attested_by: str = ""  # who established self_found_and_remedied (the advisory body)


@dataclass(frozen=True)
class AssessmentInputs:
    """Everything the rules need about one subject for one evaluation year."""

    kind: SubjectKind
    year: int
    # QĐ 366: group scores {"I": .., "II": ..}; task counts; leaders: their led units' tasks
    group_scores: Mapping[str, Number | float] | None = None
    tasks: TaskResults | None = None
    led_unit_tasks: TaskResults | None = None
    shortcomings_identified: int = 0
    shortcomings_remedied: int = 0
    # QĐ 124: per-criterion ratings of the general criteria and the task results
    criteria: Mapping[str, CriterionRating] | None = None
    task_rating: CriterionRating | None = None
    # trigger facts
    disciplines: tuple[Discipline, ...] = ()
    confidence_votes_total: int = 0
    confidence_votes_low: int = 0
    concluded_degraded: bool = False  # suy thoái, "tự diễn biến", "tự chuyển hóa"
    violated_prohibitions: bool = False  # những điều đảng viên không được làm
    violated_exemplary_duty: bool = False  # trách nhiệm nêu gương
    missed_basic_targets: bool = False  # 5 chỉ tiêu kinh tế - xã hội cơ bản
    led_units_total: int = 0
    led_units_khtnv: int = 0
    corruption_in_managed_units: bool = False  # tham nhũng, lãng phí, tiêu cực bị xử lý
    personnel_wrongdoing_or_disunity: bool = False  # sai phạm công tác cán bộ, mất đoàn kết...
    member_disciplines: tuple[Discipline, ...] = ()  # members of the leadership collective
    member_degraded: bool = False
    subordinate_disciplines: tuple[Discipline, ...] = ()  # subordinate organizations
    mitigations_claimed: frozenset[Mitigation] = field(default_factory=frozenset)
    headed_collective_level: Level | None = None  # heads: the level of the collective they head

    def in_year(self, records: tuple[Discipline, ...]) -> tuple[Discipline, ...]:
        """Discipline decided in the evaluation year (QĐ 366 Điều 11 k4.3: the decision year)."""
        return tuple(d for d in records if d.year_disciplined == self.year)
