"""Admin for users and roles. The admin has no login form of its own: it sends people through
the project's two-step login, so the second factor cannot be bypassed via /admin/login/."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phieukin.accounts.models import RoleAssignment, User
from phieukin.accounts.services import do_grant_role, do_reset_otp, do_revoke_role, needs_otp


def _admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    return redirect_to_login(
        request.GET.get("next") or reverse("admin:index"), reverse("accounts:login")
    )


_base_has_permission = admin.site.has_permission


def _has_permission(request: HttpRequest) -> bool:
    """Admin access also needs a second factor in this session when the user requires one."""
    if not _base_has_permission(request):
        return False
    user = request.user
    return not needs_otp(user) or bool(getattr(user, "is_verified", lambda: False)())  # type: ignore[arg-type]


admin.site.login = _admin_login  # type: ignore[method-assign]
admin.site.has_permission = _has_permission  # type: ignore[method-assign]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (None, {"fields": ("full_name", "member")}))
    raw_id_fields = ("member",)
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset two-step verification (enrol again at next login)"))
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            do_reset_otp(user, actor=request.user)
        self.message_user(request, _("Two-step verification was reset."), messages.SUCCESS)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Grants go through the services so that each one is audited; rows are never edited."""

    list_display = ("user", "role", "organization", "granted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("user__username", "organization__name", "organization__code")
    raw_id_fields = ("user", "organization")
    fields = ("user", "organization", "role")
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        granted = do_grant_role(obj.user, obj.organization, obj.role, actor=request.user)
        obj.pk = granted.pk
        obj.granted_at = granted.granted_at

    @admin.action(description=_("Revoke the selected roles"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[RoleAssignment]) -> None:
        for grant in queryset.filter(revoked_at__isnull=True):
            do_revoke_role(grant, actor=request.user)
