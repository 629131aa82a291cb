"""What a person reads for an audit entry: the event's name, its object and its details.

The log stores codes (``voting.ballot_opened``, ``{"level": "htnv"}``) because they are hashed
and exported; the viewer must show sentences. Each app owns the words for its own events: its
``audit_labels`` module calls :func:`register` (found by ``autodiscover_modules`` when the audit
app is ready), so the audit app imports no other app and an app's new event is labelled beside
the code that writes it. ``tests/audit/test_labels.py`` fails on an event or a detail written
without a label.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import pgettext, pgettext_lazy

Label = str | Promise
Values = Mapping[str, Label] | Callable[[str], str]


@dataclass(frozen=True)
class Detail:
    """How one key of an entry's ``data`` reads.

    ``values``: the labels of a code (a Choices' ``choices`` or a function); ``ref``: the key
    holds the id of an ``app_label.Model``, shown by its name; ``count``: a list shown as its
    length (ids nobody reads); ``code``: a hash or an address, shown as it is, monospaced;
    ``date``: an ISO date shown as dd/mm/yyyy.
    """

    label: Label
    values: Values | None = None
    ref: str | None = None
    count: bool = False
    code: bool = False
    date: bool = False


@dataclass(frozen=True)
class Line:
    """One detail as shown: its label and its value (``code``: render monospaced)."""

    label: str
    value: str
    code: bool = False


@dataclass
class Described:
    """An entry as shown: the event's label, its object, and its detail lines."""

    event: str
    object: str
    lines: list[Line] = field(default_factory=list)
    unlabelled: list[str] = field(default_factory=list)


_EVENTS: dict[str, Label] = {}
_DETAILS: dict[str, Detail] = {}


def register(events: Mapping[str, Label], details: Mapping[str, Detail] | None = None) -> None:
    """Add an app's event labels and detail keys (``"key"``, or ``"event_type:key"`` when a key
    means something else in one event, as ``old``/``new`` do)."""
    for table, new in ((_EVENTS, events), (_DETAILS, details or {})):
        for key, value in new.items():
            if key in table and table[key] != value:
                raise ValueError(f"audit label {key!r} registered twice with different text")
            table[key] = value  # type: ignore[assignment]


def choices(enum: type[models.Choices]) -> dict[str, Label]:
    """A Choices class as a code → label table."""
    return {str(value): label for value, label in enum.choices}


def is_registered(event_type: str) -> bool:
    return event_type in _EVENTS


def event_label(event_type: str) -> str:
    label = _EVENTS.get(event_type)
    return str(label) if label is not None else pgettext("audit", "Other event")


def event_choices(event_types: Iterable[str]) -> list[tuple[str, str]]:
    """Filter choices: the code as the value, the label as the text, sorted as read."""
    return sorted(((t, event_label(t)) for t in event_types), key=lambda pair: pair[1])


@cache
def _models_by_name() -> dict[str, type[models.Model]]:
    return {model.__name__: model for model in apps.get_models()}


def object_kind(object_type: str) -> str:
    """The model's verbose name (its own Vietnamese label) for a stored class name."""
    model = _models_by_name().get(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else pgettext("audit", "Object")


def _names(wanted: Mapping[type[models.Model], set[str]]) -> dict[tuple[type, str], str]:
    """One query per model: the names of the objects the page mentions (gone ones are absent)."""
    names: dict[tuple[type, str], str] = {}
    for model, ids in wanted.items():
        pks = [int(i) for i in ids if str(i).isdigit()]
        for pk, obj in model._default_manager.in_bulk(pks).items():
            names[(model, str(pk))] = str(obj)
    return names


def _detail(event_type: str, key: str) -> Detail | None:
    return _DETAILS.get(f"{event_type}:{key}") or _DETAILS.get(key)


def _ref_model(detail: Detail) -> type[models.Model] | None:
    return apps.get_model(detail.ref) if detail.ref else None


def _wanted(events: Sequence[Any]) -> dict[type[models.Model], set[str]]:
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for e in events:
        if (model := _models_by_name().get(e.object_type)) and e.object_id:
            wanted[model].add(e.object_id)
        for key, value in (e.data or {}).items():
            detail = _detail(e.event_type, key)
            if detail and (model := _ref_model(detail)) and value is not None:
                wanted[model].add(str(value))
    return wanted


def _numbered(kind: str, pk: object) -> str:
    return pgettext("audit", "%(kind)s no. %(id)s") % {"kind": kind, "id": pk}


def _scalar(detail: Detail, value: Any) -> str:
    """A code, a date or a plain value (not a reference, not a list)."""
    text = str(value)
    if detail.date:
        try:
            return date_format(dt.date.fromisoformat(text), "d/m/Y")
        except ValueError:
            return text
    if callable(detail.values):
        return detail.values(text)
    label = detail.values.get(text) if detail.values is not None else None
    return str(label) if label is not None else text


def _value(detail: Detail, value: Any, names: Mapping[tuple[type, str], str]) -> str:
    if isinstance(value, bool):
        return pgettext("audit", "yes") if value else pgettext("audit", "no")
    if isinstance(value, list):
        if detail.count:
            return str(len(value))
        return ", ".join(_value(detail, v, names) for v in value) or "—"
    if (model := _ref_model(detail)) is not None:
        name = names.get((model, str(value)))
        return name or _numbered(capfirst(str(model._meta.verbose_name)), value)
    return _scalar(detail, value)


def _lines(e: Any, data: Mapping[str, Any], names: Mapping, out: Described, prefix: str) -> None:
    for key, value in data.items():
        detail = _detail(e.event_type, key)
        if detail is None:
            out.unlabelled.append(prefix + key)
            detail = Detail(key, code=True)
        model = _ref_model(detail)
        if model and model.__name__ == e.object_type and str(value) == e.object_id:
            continue  # the object column already names it
        if value is None or value == "":
            continue  # nothing to say (no guest, no parent)
        if isinstance(value, dict):
            out.lines.append(Line(str(detail.label), ""))
            _lines(e, value, names, out, prefix=f"{key}.")
            continue
        out.lines.append(Line(str(detail.label), _value(detail, value, names), detail.code))


def describe(events: Sequence[Any]) -> list[Described]:
    """Each entry as a person reads it, resolving the names a page mentions in a few queries."""
    names = _names(_wanted(events))
    described = []
    for e in events:
        obj, name = "", None
        if e.object_type:
            kind = object_kind(e.object_type)
            model = _models_by_name().get(e.object_type)
            name = names.get((model, e.object_id)) if model else None
            obj = f"{kind}: {name}" if name else _numbered(kind, e.object_id)
        out = Described(event_label(e.event_type), obj)
        _lines(e, e.data or {}, names, out, prefix="")
        # A line that only repeats the object's name (an attendance's member) says nothing more.
        out.lines = [line for line in out.lines if not (name and line.value == name)]
        described.append(out)
    return described


# Keys every app writes with the same meaning.
register(
    {},
    {
        "count": Detail(pgettext_lazy("audit", "number")),
        "reason": Detail(pgettext_lazy("audit", "reason")),
        "name": Detail(pgettext_lazy("audit", "name")),
        "title": Detail(pgettext_lazy("audit", "title")),
        "on": Detail(pgettext_lazy("audit", "from the date"), date=True),
        "order": Detail(pgettext_lazy("audit", "order")),
    },
)
