"""Django admin for evaluation periods and subjects (staff only, Vietnamese via the catalogue)."""

from __future__ import annotations

from django.contrib import admin

from phieukin.evaluations.models import Period, Subject


class SubjectInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Subject
    extra = 0
    fields = ["kind", "collective_kind", "organization", "member", "comparable_group", "in_scope"]
    autocomplete_fields = ["organization", "member"]
    show_change_link = True


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "organization", "year", "cycle", "regulation", "status"]
    list_filter = ["regulation", "cycle", "status", "year"]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization"]
    inlines = [SubjectInline]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "__str__",
        "period",
        "kind",
        "comparable_group",
        "in_scope",
        "proposed_level",
        "decided_level",
    ]
    list_filter = ["period", "kind", "collective_kind", "in_scope", "decided_level"]
    search_fields = ["member__search_name", "organization__name", "comparable_group"]
    autocomplete_fields = ["organization", "committee", "member"]
    list_select_related = ["period", "member", "organization"]
