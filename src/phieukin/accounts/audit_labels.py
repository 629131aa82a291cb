"""The audit log's words for the accounts app's events (see ``phieukin.audit.labels``)."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from phieukin.accounts.models import Role
from phieukin.audit.labels import Detail, choices, register

register(
    {
        "auth.login": pgettext_lazy("audit", "Logged in"),
        "auth.login_failed": pgettext_lazy("audit", "Login refused"),
        "auth.logout": pgettext_lazy("audit", "Logged out"),
        "auth.otp_reset": pgettext_lazy("audit", "Second factor reset"),
        "role.granted": pgettext_lazy("audit", "Role granted"),
        "role.revoked": pgettext_lazy("audit", "Role revoked"),
        "api_token.created": pgettext_lazy("audit", "API token created"),
        "api_token.revoked": pgettext_lazy("audit", "API token revoked"),
    },
    {
        "ip": Detail(pgettext_lazy("audit", "IP address"), code=True),
        "second_factor": Detail(pgettext_lazy("audit", "with a second factor")),
        "username": Detail(pgettext_lazy("audit", "username typed")),
        "user": Detail(pgettext_lazy("audit", "user")),
        "role": Detail(pgettext_lazy("audit", "role"), values=choices(Role)),
        "step": Detail(
            pgettext_lazy("audit", "step"),
            values={
                "password": pgettext_lazy("audit", "password"),
                "otp": pgettext_lazy("audit", "second factor"),
            },
        ),
    },
)
