"""Labels for the rating chain's stored codes, so a template never shows ``managing_body``."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from phieukin.evaluations.models import Cycle, Level, Period
from phieukin.evaluations.services.kinds import body_label as _body_label

register = template.Library()


@register.filter
def body_label(code: str) -> str:
    """``{{ subject.decided_by|body_label }}``: the body's label in the active language."""
    return _body_label(code) if code else ""


@register.filter
def level_label(code: str | None) -> str:
    """The level's label for a stored level code ("htxsnv"), "—" when there is none."""
    if not code:
        return "—"
    try:
        return str(Level(code).label)
    except ValueError:
        return code


@register.filter
def cycle_label(period: Period) -> str:
    """ "Hằng quý — quý 2", "Khi cần thiết", ...: the kind of a period as people say it."""
    label = str(Cycle(period.cycle).label)
    if period.quarter:
        return f"{label} — {gettext('quarter')} {period.quarter}"
    return label
