"""Roll-up dashboards and exports — every view checks the permission layer.

Reading a roll-up or an export needs SUPERIOR on the organization (ORG_STAFF grants it);
recomputing the figures of an organization's subtree needs ORG_STAFF on it. The documents'
pages and downloads are in ``views_documents``; the roll-up's Mẫu 04 is here because it
takes the roll-up's period.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role
from phieukin.accounts.permissions import (
    declare_access,
    get_object_for_user,
    org_role_required,
)
from phieukin.evaluations.models import Cycle, Period
from phieukin.evaluations.rollup import (
    LEVELS,
    Distribution,
    cap_groups,
    refresh_rollup,
    rollup,
    unrated,
)
from phieukin.evaluations.services.checks import groups_capped_above
from phieukin.evaluations.services.history import member_history, organization_history, streak
from phieukin.federation.rollup import with_imported
from phieukin.organizations.models import Member, Organization
from phieukin.reports import views_documents
from phieukin.reports.charts import level_chart, stacked_chart
from phieukin.reports.documents.layout import pct
from phieukin.reports.xlsx import export_results_xlsx, export_rollup_xlsx

READ = Role.SUPERIOR


def _labels() -> dict[str, str]:
    return {
        "htxsnv": _("Excellently completed tasks"),
        "httnv": _("Well completed tasks"),
        "htnv": _("Completed tasks"),
        "khtnv": _("Did not complete tasks"),
    }


def org_view(role: Role) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """``org_role_required`` on ``org_id``, declared with its model for the URL-walk test."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        guarded = org_role_required(role)(view)
        access = declare_access(role=role, kwarg="org_id", model="organizations.Organization")
        return access(guarded)

    return decorator


def _table(dist: Distribution, labels: dict[str, str]) -> list[tuple[str, str, int, str]]:
    """(level, label, count, "28,6%") per level, the share of the decided subjects."""
    return [(lv, labels[lv], dist.levels[lv], pct(dist.levels[lv], dist.decided)) for lv in LEVELS]


def _period(request: HttpRequest, org: Organization) -> Period | None:
    """``?period=ID``, else the latest period run by ``org`` or one of its ancestors."""
    raw = request.GET.get("period") or request.POST.get("period")
    if raw:
        try:
            return get_object_or_404(Period, pk=int(raw))
        except ValueError:
            raise Http404 from None
    owners = [*org.ancestor_ids(), org.pk]
    periods = Period.objects.filter(organization_id__in=owners).order_by("-year", "-id")
    # The year's review by default: a quarter or an ad hoc review opened later is chosen by id.
    return periods.filter(cycle=Cycle.ANNUAL).first() or periods.first()


def _no_period(request: HttpRequest, org: Organization) -> HttpResponse:
    return views_documents.refused(
        request,
        _("No evaluation period covers this organization yet."),
        back=reverse("reports:rollup", args=[org.pk]),
        back_label=_("Roll-up of ratings"),
    )


def _file(data: bytes, name: str, ext: str) -> HttpResponse:
    return views_documents.file_response(data, name, ext)


@org_view(READ)
def rollup_page(request: HttpRequest, org: Organization) -> HttpResponse:
    period = _period(request, org)
    if period is None:
        return render(request, "reports/rollup.html", {"org": org, "period": None})
    data, sources = with_imported(rollup(org, period))
    labels = _labels()
    groups = cap_groups(org, period, limit=100)
    context = {
        "org": org,
        "period": period,
        "data": data,
        "sources": sources,
        "levels": [(lv, labels[lv]) for lv in LEVELS],
        "members_rows": _table(data.individuals, labels),
        "collectives_rows": _table(data.collectives, labels),
        "members_chart": level_chart(data.individuals, labels),
        "collectives_chart": level_chart(data.collectives, labels),
        "children_chart": stacked_chart(data.children, labels),
        "groups": groups,
        "capped_above": groups_capped_above(period, [g.group for g in groups]),
        "waiting": unrated(org, period, limit=50),
        "ancestors": org.ancestors(),
        "periods": Period.objects.filter(
            organization_id__in=[*org.ancestor_ids(), org.pk]
        ).order_by("-year", "-id"),
    }
    return render(request, "reports/rollup.html", context)


@require_POST
@org_view(Role.ORG_STAFF)
def rollup_refresh(request: HttpRequest, org: Organization) -> HttpResponse:
    period = _period(request, org)
    if period is None:
        return _no_period(request, org)
    # Staff of a subtree recompute that subtree (and the totals above it, which are derived).
    snapshot = refresh_rollup(period, under=None if org.parent_id is None else org)
    messages.success(request, _("Figures recomputed: %(n)s subjects.") % {"n": snapshot.subjects})
    url = reverse("reports:rollup", kwargs={"org_id": org.pk})
    return redirect(f"{url}?period={period.pk}")


@org_view(READ)
def rollup_xlsx(request: HttpRequest, org: Organization) -> HttpResponse:
    period = _period(request, org)
    if period is None:
        return _no_period(request, org)
    data, _sources = with_imported(rollup(org, period))
    return _file(export_rollup_xlsx(data), f"tong-hop-xep-loai-{org.code}", "xlsx")


@org_view(READ)
def results_xlsx(request: HttpRequest, org: Organization) -> HttpResponse:
    period = _period(request, org)
    if period is None:
        return _no_period(request, org)
    data = export_results_xlsx(period, org)
    return _file(data, f"ket-qua-xep-loai-{org.code}", "xlsx")


@org_view(READ)
def organization_dossier(request: HttpRequest, org: Organization, fmt: str) -> HttpResponse:
    """Mẫu 04 of the organization's subjects in the period (the roll-up's button)."""
    period = _period(request, org)
    if period is None:
        return _no_period(request, org)
    return views_documents.organization_dossier(request, org.pk, fmt, period)


@declare_access(role=READ, kwarg="pk", model="organizations.Member")
@login_required
def member_history_page(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_for_user(request.user, Member.objects.all(), pk, role=READ)
    history = member_history(member)
    labels = _labels()
    rows = [(h, labels.get(h.level or "", "—")) for h in history]
    context = {"member": member, "rows": rows, "streak": streak(history)}
    return render(request, "reports/member_history.html", context)


@org_view(READ)
def organization_history_page(request: HttpRequest, org: Organization) -> HttpResponse:
    """The organization's own level per year (annual periods only) and its run of HTXSNV."""
    history = organization_history(org)
    labels = _labels()
    rows = [(h, labels.get(h.level or "", "—")) for h in history]
    context = {"org": org, "rows": rows, "streak": streak(history)}
    return render(request, "reports/org_history.html", context)
