"""Django admin for conferences, their agenda, documents and the convened list (staff only)."""

from __future__ import annotations

from django.contrib import admin

from phieukin.meetings.models import AgendaDocument, AgendaItem, Attendance, Conference


class AgendaItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "kind", "presenter"]
    show_change_link = True


class AttendanceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attendance
    extra = 0
    fields = ["member", "guest_name", "role", "present", "absence_reason", "checked_in_at"]
    readonly_fields = ["checked_in_at"]
    autocomplete_fields = ["member"]


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "organization", "number", "held_on", "status"]
    list_filter = ["status"]
    search_fields = ["title", "organization__name"]
    date_hierarchy = "held_on"
    autocomplete_fields = ["organization", "committee", "chair", "secretary"]
    inlines = [AgendaItemInline, AttendanceInline]


class AgendaDocumentInline(admin.StackedInline):  # type: ignore[type-arg]
    model = AgendaDocument
    extra = 0


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "conference", "kind", "presenter"]
    list_filter = ["kind"]
    search_fields = ["title", "conference__title"]
    inlines = [AgendaDocumentInline]


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "number", "agenda_item", "distributed_on"]
    search_fields = ["title", "number"]
