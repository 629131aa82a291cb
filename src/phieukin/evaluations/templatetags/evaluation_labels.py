"""Labels for the rating chain's stored codes, so a template never shows ``managing_body``."""

from __future__ import annotations

from django import template

from phieukin.evaluations.services.kinds import body_label as _body_label

register = template.Library()


@register.filter
def body_label(code: str) -> str:
    """``{{ subject.decided_by|body_label }}``: the body's label in the active language."""
    return _body_label(code) if code else ""
