"""The roll-up kept live: each change of one subject moves its count along the path up.

A decision (``services.decisions``), its cancellation and re-rating, and a change of comparable
group call :func:`move` in their own transaction, after the subject row is written: the
subject's ``OwnCount`` row (its home organization, group, level) and the ``SubtreeCount`` row of
its home organization and of every ancestor lose one at the old key and gain one at the new.
That is a handful of statements whatever the size of the tree (one UPDATE per table and side,
and an INSERT for the keys that had no row), so a dashboard read after the commit already counts
the decision. ``refresh_rollup`` (the national command, bulk loads) rebuilds a period from the
subjects and is the reference the tests compare with.

Callers hold the Period row lock (``services.decisions.lock_subject``): every writer of a
period's counts is serialized on it, so the read-modify-write of a count row never races.
A period never aggregated has no rows to move: the first change builds it with
``refresh_rollup``. A member moved to another cell since the last rebuild keeps their old row
until the next rebuild; the move then finds no row to take one from and logs it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db.models import F

from phieukin.evaluations.models import OwnCount, RollupSnapshot, Subject, SubtreeCount
from phieukin.evaluations.rollup import refresh_rollup
from phieukin.organizations.models import Organization

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Key:
    """What a subject counts as: its group, its level (None: not rated yet) and its scope."""

    group: str
    level: str | None
    in_scope: bool


def key_of(subject: Subject) -> Key:
    return Key(subject.comparable_group, subject.decided_level, subject.in_scope)


def _home(subject: Subject) -> Organization:
    if subject.organization_id is not None:
        return subject.organization  # type: ignore[return-value]
    return subject.member.organization  # type: ignore[union-attr]


def move(subject: Subject, old: Key, new: Key) -> None:
    """Count ``subject`` under ``new`` instead of ``old`` (call after saving the subject)."""
    if old == new:
        return
    period_id = subject.period_id
    if not RollupSnapshot.objects.filter(period_id=period_id).exists():
        refresh_rollup(subject.period)  # reads the subject as already saved
        return
    home = _home(subject)
    own = {"period_id": period_id, "organization_id": home.pk, "kind": subject.kind}
    _take(OwnCount, own, old, with_group=True)
    _add_own(own, home, new)
    if (old.level, old.in_scope) != (new.level, new.in_scope):
        orgs = list(
            Organization.objects.filter(pk__in=[*home.ancestor_ids(), home.pk]).values_list(
                "pk", "parent_id", "depth"
            )
        )
        tree = {"period_id": period_id, "kind": subject.kind}
        _take(SubtreeCount, {**tree, "organization_id__in": [o[0] for o in orgs]}, old)
        _add_subtree(tree, orgs, new)


def _fields(key: Key, *, with_group: bool = False) -> dict[str, object]:
    fields: dict[str, object] = {"level": key.level, "in_scope": key.in_scope}
    if with_group:
        fields["comparable_group"] = key.group
    return fields


def _take(
    model: type[OwnCount] | type[SubtreeCount], where: dict[str, object], key: Key, **kw: bool
) -> None:
    rows = model.objects.filter(**where, **_fields(key, **kw), n__gt=0)
    ids = where.get("organization_id__in")
    expected = len(ids) if isinstance(ids, list) else 1
    taken = rows.update(n=F("n") - 1)
    if taken != expected:
        logger.warning("roll-up out of step for period %s; run refresh_rollup", where["period_id"])
    model.objects.filter(**where, **_fields(key, **kw), n=0).delete()


def _add_own(own: dict[str, object], home: Organization, key: Key) -> None:
    fields = _fields(key, with_group=True)
    if not OwnCount.objects.filter(**own, **fields).update(n=F("n") + 1):
        OwnCount.objects.create(**own, **fields, path=home.path, depth=home.depth, n=1)


def _add_subtree(
    tree: dict[str, object], orgs: list[tuple[int, int | None, int]], key: Key
) -> None:
    fields = _fields(key)
    ids = [pk for pk, _parent, _depth in orgs]
    rows = SubtreeCount.objects.filter(**tree, **fields, organization_id__in=ids)
    have = set(rows.values_list("organization_id", flat=True))
    rows.update(n=F("n") + 1)
    SubtreeCount.objects.bulk_create(
        SubtreeCount(**tree, **fields, organization_id=pk, parent_id=parent, depth=depth, n=1)
        for pk, parent, depth in orgs
        if pk not in have
    )
