"""Django admin for the tree, members and committees (staff only, Vietnamese via the catalogue).

Organizations are created and moved through the services so that the materialized path stays
right: the form validates the kind and refuses cycles, ``save_model`` calls the service.
Searching members folds diacritics, so "nguyen van an" finds "Nguyễn Văn An".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phieukin.lib.text import fold
from phieukin.organizations import services
from phieukin.organizations.errors import MembershipError, TreeError
from phieukin.organizations.models import (
    ALLOWED_CHILDREN,
    Committee,
    CommitteeSeat,
    Member,
    Membership,
    Organization,
    OrganizationKind,
)


class OrganizationForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "parent", "is_active"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parent, kind = data.get("parent"), data.get("kind")
        if kind and parent is not None and kind not in ALLOWED_CHILDREN[parent.kind]:
            self.add_error(
                "parent",
                _("A %(kind)s cannot be placed under %(parent)s (a %(parent_kind)s).")
                % {
                    "kind": OrganizationKind(kind).label,
                    "parent": parent.name,
                    "parent_kind": OrganizationKind(parent.kind).label,
                },
            )
        instance = self.instance
        if instance.pk and parent is not None and parent.path.startswith(instance.path):
            self.add_error("parent", _("An organization cannot be moved under itself."))
        if instance.pk and kind and kind != instance.kind:
            misfits = instance.children.exclude(kind__in=ALLOWED_CHILDREN[kind])
            if misfits.exists():
                self.add_error(
                    "kind",
                    _("%(child)s cannot stay under a %(kind)s.")
                    % {"child": misfits.first(), "kind": OrganizationKind(kind).label},
                )
        return data


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = OrganizationForm
    list_display = ["name", "code", "kind", "depth", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["path", "depth"]

    def save_model(self, request: HttpRequest, obj: Organization, form: Any, change: bool) -> None:
        try:
            if not change:
                created = services.create_organization(
                    code=obj.code,
                    name=obj.name,
                    kind=obj.kind,
                    parent=obj.parent,
                    actor=request.user,
                )
                obj.pk, obj.path, obj.depth = created.pk, created.path, created.depth
                return
            moved = "parent" in form.changed_data and obj.parent is not None
            Organization.objects.filter(pk=obj.pk).update(
                code=obj.code, name=obj.name, kind=obj.kind, is_active=obj.is_active
            )
            if moved:
                services.move_organization(obj, obj.parent, actor=request.user)
        except TreeError as exc:  # the form checks first; this is the race-condition backstop
            self.message_user(request, str(exc), level="error")


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    can_delete = False
    readonly_fields = ["organization", "start_on", "end_on"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MemberForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Member
        fields = [
            "card_number",
            "full_name",
            "birth_date",
            "sex",
            "admitted_on",
            "official_on",
            "status",
            "position",
            "organization",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk or self.errors:
            return data
        try:  # a new member gets exactly the checks of the service that will add it
            services.check_new_member(_new_member_spec(data))
        except MembershipError as exc:
            raise forms.ValidationError(str(exc)) from None
        return data


def _new_member_spec(data: dict[str, Any]) -> services.NewMember:
    return services.NewMember(
        card_number=data["card_number"],
        full_name=data["full_name"],
        birth_date=data["birth_date"],
        sex=data["sex"],
        admitted_on=data["admitted_on"],
        organization=data["organization"],
        official_on=data.get("official_on"),
        status=data["status"],
        position=data.get("position") or "",
    )


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """New members go through ``add_member`` (opening their membership); a member's cell and
    status change only through the services (transfer, status), which keep the history."""

    form = MemberForm
    list_display = ["full_name", "card_number", "birth_date", "status", "organization"]
    list_filter = ["status", "sex"]
    search_fields = ["search_name", "card_number"]
    autocomplete_fields = ["organization"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> list[str]:
        return ["organization", "status"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Member, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = services.add_members([_new_member_spec(form.cleaned_data)], actor=request.user)
        obj.pk = created[0].pk
        obj._state.adding = False

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        return super().get_search_results(request, queryset, fold(search_term))


class SeatInline(admin.TabularInline):  # type: ignore[type-arg]
    model = CommitteeSeat
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "organization", "kind", "term", "term_start", "term_end"]
    list_filter = ["kind"]
    search_fields = ["organization__name", "term"]
    autocomplete_fields = ["organization"]
    inlines = [SeatInline]
