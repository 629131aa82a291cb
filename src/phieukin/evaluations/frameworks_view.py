"""Builds the self-review form a subject needs (its regulation, framework, leader fields)."""

from __future__ import annotations

from typing import Any

from phieukin.evaluations.forms import SelfReviewForm
from phieukin.evaluations.models import Subject
from phieukin.evaluations.services import earlier_shortcomings
from phieukin.evaluations.services.frameworks import labels
from phieukin.evaluations.services.kinds import rules_kind


def self_review_form(subject: Subject, data: Any = None) -> SelfReviewForm:
    return SelfReviewForm(
        data,
        items=labels(subject.period.criteria_framework, rules_kind(subject).form),
        regulation=subject.period.regulation,
        earlier=earlier_shortcomings(subject),
        leader=subject.is_leader,
    )
