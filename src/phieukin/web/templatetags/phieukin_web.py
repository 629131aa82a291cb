"""Template helpers shared by every app's pages (``{% load phieukin_web %}``)."""

from __future__ import annotations

from django import template
from django.template.context import RequestContext

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: RequestContext, **changes: object) -> str:
    """The current query string with ``changes`` applied, e.g. the next page of a search.

    Keeping the other parameters (the search text, a status filter) is why this is not a
    plain ``?page=N`` link. A value of ``None`` or ``""`` drops the parameter.
    """
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()


@register.filter
def percent(part: int | None, whole: int | None) -> str:
    """``part`` as a whole-number percentage of ``whole`` ("—" when there is no whole)."""
    if not whole or part is None:
        return "—"
    return f"{round(100 * part / whole)}%"
