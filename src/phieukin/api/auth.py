"""Bearer-token authentication for the API (``Authorization: Bearer pk_…``).

Tokens are per user (``accounts.ApiToken``; only their SHA-256 is stored). The authenticated
user is put on ``request.user`` so endpoints use the same permission layer as the web views
(``phieukin.accounts.permissions``). No cookies are involved, hence no CSRF exemption is
needed anywhere else: this is the only cookie-less entry point.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from phieukin.accounts.services import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user
