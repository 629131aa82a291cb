"""Cross-cutting HTTP concerns: the Content-Security-Policy and the database-unavailable page."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from phieukin.lib import csp
from phieukin.web.errors import bare_error_page

logger = logging.getLogger(__name__)

# The policy lives in phieukin.lib.csp (the booth's view sets its one exception itself).
CSP = csp.policy()
CSP_SECURE = csp.policy(secure=True)
# The booth may scan a card's QR with the camera; nothing else needs device features.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=()"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        secure = getattr(settings, "SECURE", False)
        response.headers.setdefault("Content-Security-Policy", CSP_SECURE if secure else CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection into a clear 503 instead of a 500.

    Every multi-row change runs in one transaction, so an OperationalError means the change
    was rolled back as a whole: the page can truthfully say nothing was saved.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", type(exception).__name__)
        response = bare_error_page(503)
        response["Retry-After"] = "30"
        return response


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the user chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a conference-room
    laptop or a booth kiosk with an English-locale browser would show the ballot in English.
    Vietnamese is the product's language; English is an explicit choice (the language cookie
    set by /i18n/setlang/), which LocaleMiddleware still honours. Placed before it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
