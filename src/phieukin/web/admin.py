"""The admin's header and titles in the users' language (autodiscovered with every app's admin).

Django's defaults read "Django administration"; the people who open the admin are Ban Tổ chức
staff and system administrators of a Party committee, so the header names the software and
its purpose. Lazy strings: the language is the request's, not the one active at import.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("phiếu kín — administration")
admin.site.site_title = _("phiếu kín administration")
admin.site.index_title = _("Data administration")
