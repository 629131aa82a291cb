"""Ban Tổ chức staff grant and revoke roles within their subtree (each change audited)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from phieukin.accounts.models import Role, RoleAssignment, User
from phieukin.accounts.permissions import declare_access, get_object_for_user, org_role_required
from phieukin.accounts.services import RoleError, do_grant_role, do_revoke_role
from phieukin.organizations.models import Organization


class GrantForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)

    def clean_username(self) -> User:
        user = User.objects.filter(
            username=self.cleaned_data["username"].strip(), is_active=True
        ).first()
        if user is None:
            raise forms.ValidationError(gettext_lazy("There is no active user with this name."))
        return user


@org_role_required(Role.ORG_STAFF, kwarg="org_id")
def roles_page(request: HttpRequest, org: Organization) -> HttpResponse:
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_grant_role(
                form.cleaned_data["username"], org, form.cleaned_data["role"], actor=request.user
            )
        except RoleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The role was granted."))
            return redirect("accounts:roles", org_id=org.pk)
    grants = (
        RoleAssignment.objects.filter(organization=org, revoked_at__isnull=True)
        .select_related("user", "granted_by")
        .order_by("role", "user__username")
    )
    return render(request, "accounts/roles.html", {"org": org, "grants": grants, "form": form})


@declare_access(role=Role.ORG_STAFF, kwarg="grant_id", model="accounts.RoleAssignment")
@require_POST
def role_revoke(request: HttpRequest, grant_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    live = RoleAssignment.objects.filter(revoked_at__isnull=True).select_related("organization")
    grant = get_object_for_user(request.user, live, grant_id, role=Role.ORG_STAFF)
    do_revoke_role(grant, actor=request.user)
    messages.success(request, _("The role was revoked."))
    return redirect("accounts:roles", org_id=grant.organization_id)
