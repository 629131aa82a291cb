"""Django admin for evaluation periods and subjects (staff only, Vietnamese via the catalogue)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from phieukin.evaluations.models import (
    Appraisal,
    CapException,
    Decision,
    Period,
    SelfReview,
    Shortcoming,
    Subject,
    SubjectComment,
    Submission,
    VoteRecord,
)


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

    def get_readonly_fields(self, request: Any, obj: Period | None = None) -> list[str]:
        """The regulation of a period with decisions, or closed, is shown but not editable (the
        model refuses the change too)."""
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.regulation_frozen:
            fields.append("regulation")
        return fields


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


# The review workflow's records: read-mostly in the admin (the services write them, audited).
for _model, _raw in (
    (SelfReview, ["subject", "submitted_by"]),
    (Appraisal, ["subject", "appraised_by"]),
    (SubjectComment, ["subject", "created_by"]),
    (VoteRecord, ["subject", "agenda_item", "recorded_by"]),
    (CapException, ["period", "recorded_by"]),
    (Submission, ["subject", "agenda_item", "document", "created_by"]),
):
    admin.site.register(
        _model,
        type(f"{_model.__name__}Admin", (admin.ModelAdmin,), {"raw_id_fields": _raw}),
    )


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["subject", "level", "method", "body", "decided_at", "cancelled_at"]
    list_filter = ["level", "method"]
    raw_id_fields = ["subject", "vote", "replaces"]
    readonly_fields = ["decided_at", "cancelled_at", "warnings", "granted"]


@admin.register(Shortcoming)
class ShortcomingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "owner", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["text", "owner"]
    raw_id_fields = ["subject", "member", "organization", "reviewed_in"]
