"""The review and rating workflow (``do_<verb>(..., *, actor)``, each in a transaction, audited).

- periods: ``do_open_period``, ``do_change_regulation`` (refused once frozen),
  ``do_close_period``, ``generate_subjects``, ``period_deadlines``
- reviews: ``do_submit_self_review``, ``do_appraise``, ``do_comment`` (Bước 1, 2; shortcomings),
  ``do_set_member_form`` (Mẫu 2B or 2C by the member's position)
- checks: ``check_decision`` (blocks and cap warnings, each a ``RuleViolation`` with its source)
- decisions: ``do_decide``, ``do_cancel_and_rerate``,
  ``do_record_cap_exception``, ``do_set_comparable_group``
- votes: ``do_record_vote`` (secret ballot result or show of hands; proposal or decision)
- paper: ``do_record_paper_only`` (a cell's paper-only vote, from its counting minutes)
- conference: ``do_submit_to_conference``, ``submission_warnings``, ``do_announce_result``
- ballots: ``do_create_rating_ballot``, ``do_create_revote`` (the ballot of a rating item,
  through the voting app's services), ``record_ballot_result`` (on ``result_published``)
- shortcomings: ``do_update_shortcoming`` (progress of a remedy between reviews)
- progress: ``period_progress``, ``not_yet_rated``
- cycles: ``quarterly_ratings`` (Mẫu 05 of the year's quarters), ``carried_over`` (QĐ 366)
- history: ``member_history``, ``organization_history``, ``streak`` (annual series)
"""

from __future__ import annotations

from phieukin.evaluations.services.ballots import (
    do_create_rating_ballot,
    do_create_revote,
    item_subjects,
    record_ballot_result,
    subject_ref,
)
from phieukin.evaluations.services.checks import DecisionCheck, check_decision
from phieukin.evaluations.services.conference import (
    do_announce_result,
    do_submit_to_conference,
    submission_warnings,
)
from phieukin.evaluations.services.cycles import (
    CarriedItem,
    QuarterRating,
    carried_over,
    quarterly_ratings,
)
from phieukin.evaluations.services.decisions import (
    CapConfirmationError,
    do_cancel_and_rerate,
    do_decide,
    do_record_cap_exception,
    do_set_comparable_group,
)
from phieukin.evaluations.services.errors import EvaluationError, RuleRefusedError
from phieukin.evaluations.services.inputs import assessment_inputs, earlier_shortcomings
from phieukin.evaluations.services.paper import PaperMinutes, do_record_paper_only
from phieukin.evaluations.services.periods import (
    do_change_regulation,
    do_close_period,
    do_open_period,
    generate_subjects,
    period_deadlines,
)
from phieukin.evaluations.services.progress import Progress, not_yet_rated, period_progress
from phieukin.evaluations.services.reviews import (
    SelfReviewData,
    ShortcomingSpec,
    do_appraise,
    do_comment,
    do_set_member_form,
    do_submit_self_review,
)
from phieukin.evaluations.services.shortcomings import do_update_shortcoming
from phieukin.evaluations.services.votes import do_record_vote

__all__ = [
    "CapConfirmationError",
    "CarriedItem",
    "DecisionCheck",
    "EvaluationError",
    "PaperMinutes",
    "Progress",
    "QuarterRating",
    "RuleRefusedError",
    "SelfReviewData",
    "ShortcomingSpec",
    "assessment_inputs",
    "carried_over",
    "check_decision",
    "do_announce_result",
    "do_appraise",
    "do_cancel_and_rerate",
    "do_change_regulation",
    "do_close_period",
    "do_comment",
    "do_create_rating_ballot",
    "do_create_revote",
    "do_decide",
    "do_open_period",
    "do_record_cap_exception",
    "do_record_paper_only",
    "do_record_vote",
    "do_set_comparable_group",
    "do_set_member_form",
    "do_submit_self_review",
    "do_submit_to_conference",
    "do_update_shortcoming",
    "earlier_shortcomings",
    "generate_subjects",
    "item_subjects",
    "not_yet_rated",
    "period_deadlines",
    "period_progress",
    "quarterly_ratings",
    "record_ballot_result",
    "subject_ref",
    "submission_warnings",
]
