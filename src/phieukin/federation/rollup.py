"""The subordinates' imported ratings in the superior's roll-up, marked by source and date.

Each current bundle (not superseded) of the period whose sender hangs under the organization
adds its counts to that organization's figures, and to the child whose subtree holds the
sender's registered organization. ``imported_sources`` lists them for the page (who sent it,
its fingerprint, when it was made and imported).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from phieukin.evaluations.models import Period, SubjectKind
from phieukin.evaluations.rollup import ChildRollup, Distribution, Rollup, distribution
from phieukin.federation.models import ImportedBundle
from phieukin.organizations.models import Organization


@dataclass(frozen=True)
class ImportedSource:
    bundle_id: int
    sender: str
    fingerprint: str
    organization: Organization
    created_at: datetime
    imported_at: datetime
    sha256: str
    collectives: Distribution
    individuals: Distribution


def _sum(a: Distribution, b: Distribution) -> Distribution:
    levels = {lv: a.levels.get(lv, 0) + b.levels.get(lv, 0) for lv in a.levels}
    return Distribution(levels, a.unrated + b.unrated, a.out_of_scope + b.out_of_scope)


def imported_sources(org: Organization, period: Period) -> list[ImportedSource]:
    bundles = (
        ImportedBundle.objects.filter(
            period=period,
            superseded_at__isnull=True,
            sender__organization__path__startswith=org.path,
        )
        .select_related("sender__organization")
        .order_by("sender__organization__path")
    )
    found = []
    for bundle in bundles:
        rows = [(str(k), lv, bool(sc), int(n)) for k, lv, sc, n in bundle.totals]
        coll = [(lv, sc, n) for kind, lv, sc, n in rows if kind == SubjectKind.COLLECTIVE]
        ind = [(lv, sc, n) for kind, lv, sc, n in rows if kind == SubjectKind.INDIVIDUAL]
        found.append(
            ImportedSource(
                bundle.pk,
                bundle.sender.name,
                bundle.sender.fingerprint,
                bundle.sender.organization,
                bundle.created_at,
                bundle.imported_at,
                bundle.sha256,
                distribution(coll),
                distribution(ind),
            )
        )
    return found


def with_imported(data: Rollup) -> tuple[Rollup, list[ImportedSource]]:
    """``data`` with the imported counts added (its own figures and its children's)."""
    sources = imported_sources(data.organization, data.period)
    if not sources:
        return data, []
    collectives, individuals = data.collectives, data.individuals
    children = list(data.children)
    for source in sources:
        collectives = _sum(collectives, source.collectives)
        individuals = _sum(individuals, source.individuals)
        for i, child in enumerate(children):
            if source.organization.path.startswith(child.organization.path):
                children[i] = ChildRollup(
                    child.organization,
                    _sum(child.collectives, source.collectives),
                    _sum(child.individuals, source.individuals),
                )
    merged = replace(data, collectives=collectives, individuals=individuals, children=children)
    return merged, sources
