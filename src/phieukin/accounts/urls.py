from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from phieukin.accounts import views, views_roles

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.otp_verify, name="otp_verify"),
    path("login/enrol/", views.otp_enrol, name="otp_enrol"),
    path("logout/", views.AuditedLogoutView.as_view(), name="logout"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("roles/<int:org_id>/", views_roles.roles_page, name="roles"),
    path("roles/grants/<int:grant_id>/revoke/", views_roles.role_revoke, name="role_revoke"),
]
