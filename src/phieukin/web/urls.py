"""Root URLconf: each app contributes its own namespaced urls module."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from phieukin.web import errors, views

web_patterns = ([path("", views.home, name="home")], "web")

urlpatterns = [
    path("", include(web_patterns)),
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers and feed readers ask for /favicon.ico whatever the page links: send them the icon.
    path("favicon.ico", views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("api/", include("phieukin.api.urls")),
    path("accounts/", include("phieukin.accounts.urls")),
    path("organizations/", include("phieukin.organizations.urls")),
    path("meetings/", include("phieukin.meetings.urls")),
    path("voting/", include("phieukin.voting.urls")),
    path("evaluations/", include("phieukin.evaluations.urls")),
    path("reports/", include("phieukin.reports.urls")),
    path("audit/", include("phieukin.audit.urls")),
    path("federation/", include("phieukin.federation.urls")),
]

# Error pages in the site's layout and the reader's language (phieukin.web.errors).
handler400 = errors.bad_request
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error
