"""Django admin for the tree, members and committees (staff only, Vietnamese via the catalogue).

Organizations are created and moved through the services so that the materialized path stays
right: the form validates the kind and refuses cycles, ``save_model`` calls the service.
Searching members folds diacritics, so "nguyen van an" finds "Nguyễn Văn An".
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from phieukin.lib.text import fold
from phieukin.organizations.errors import MembershipError, TreeError, render
from phieukin.organizations.member_rules import (
    CELL_FIELD,
    CODE,
    FIELD_SPECS,
    RECORD_FIELDS,
    TEXT,
    MemberRecord,
)
from phieukin.organizations.models import (
    ALLOWED_CHILDREN,
    Committee,
    CommitteeSeat,
    Member,
    Membership,
    Organization,
    OrganizationKind,
)
from phieukin.organizations.services import members, tree
from phieukin.organizations.services.members import member_problems


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
                created = tree.do_create_organization(
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
                tree.do_move_organization(obj, obj.parent, actor=request.user)
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
    """A member's record, judged by the member rules the importer and the services use."""

    class Meta:
        model = Member
        fields = [*RECORD_FIELDS, CELL_FIELD]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Whether a text is given and how long it may be are member rules: the rules say so,
        # in the words the importer uses, rather than Django's generic field checks.
        for name, spec in FIELD_SPECS.items():
            field = self.fields.get(name)
            if field is not None and spec.kind in {CODE, TEXT}:
                field.required = False
                field.validators = [
                    v for v in field.validators if not isinstance(v, MaxLengthValidator)
                ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        member = self.instance if self.instance.pk else None
        organization = data.get(CELL_FIELD) or (member.organization if member else None)
        if organization is None:
            return data
        old_status = member.status if member else None
        for problem in member_problems(_record(data, member), organization, old_status=old_status):
            field = problem.field if problem.field in self.fields else None
            self.add_error(field, render(problem.message, problem.params))
        return data


def _record(data: dict[str, Any], member: Member | None) -> MemberRecord:
    """The record the form states; read-only fields keep the member's values."""
    return MemberRecord(**{n: data[n] if n in data else getattr(member, n) for n in RECORD_FIELDS})


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Members are added and changed through the services (``do_add_member`` opens their
    membership; a status change follows the transition table and opens or closes it); the
    cell changes only by a transfer, which keeps the history."""

    form = MemberForm
    list_display = ["full_name", "card_number", "birth_date", "status", "organization"]
    list_filter = ["status", "sex"]
    search_fields = ["search_name", "card_number"]
    autocomplete_fields = ["organization"]
    inlines = [MembershipInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> list[str]:
        return [CELL_FIELD] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Member, form: Any, change: bool) -> None:
        record = _record(form.cleaned_data, obj)
        try:
            if change:
                members.do_update_member(obj, record, actor=request.user)
                return
            organization = form.cleaned_data[CELL_FIELD]
            created = members.do_add_member(record, organization=organization, actor=request.user)
        except MembershipError as exc:  # the form checks first; this is the race backstop
            self.message_user(request, str(exc), level="error")
            return
        obj.pk = created.pk
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
