"""One place that maps typed errors to JSON ``{"code": ..., "message": ...}``.

See docs/architecture.md §3.3.

Messages at the API edge are English. An error class takes part by having a string ``code``
(and optionally an int ``status``, default 400); ``phieukin.lib.errors.TranslatableError``
provides ``english``. Anything else unexpected becomes a 500 with a fixed message (and is
logged), never a traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

logger = logging.getLogger(__name__)


def _english(exc: BaseException) -> str:
    english = getattr(exc, "english", None)
    if isinstance(english, str):
        return english
    with translation.override("en"):
        message = getattr(exc, "message", None)
        return str(message if isinstance(message, str) else exc) or type(exc).__name__


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, **extra: Any
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers on ``api`` (called once from ``phieukin.api.main``)."""

    def handle(exc_class: type[BaseException], status: int, code: str, message: str) -> None:
        def handler(request: HttpRequest, exc: BaseException) -> HttpResponse:
            return error_response(api, request, status, code, message)

        api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]

    handle(AuthenticationError, 401, "unauthorized", "A valid API token is required.")
    handle(AuthorizationError, 403, "forbidden", "You are not allowed to do this.")
    handle(PermissionDenied, 403, "forbidden", "You are not allowed to do this.")
    handle(Http404, 404, "not_found", "Not found.")
    handle(OperationalError, 503, "database_unavailable", "The database is unavailable.")
    handle(InterfaceError, 503, "database_unavailable", "The database is unavailable.")

    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors
        ]
        return error_response(
            api, request, 422, "invalid_request", "The request is invalid.", errors=errors
        )

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, "http_error", str(exc))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error_response(api, request, 400, "invalid", "; ".join(exc.messages))

    def on_other(request: HttpRequest, exc: Exception) -> HttpResponse:
        code = getattr(exc, "code", None)
        if isinstance(code, str) and code:
            status = getattr(exc, "status", 400)
            return error_response(api, request, int(status), code, _english(exc))
        logger.error("unhandled API error", exc_info=exc)
        return error_response(api, request, 500, "internal_error", "Internal server error.")

    api.add_exception_handler(ValidationError, on_validation)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]
    api.add_exception_handler(DjangoValidationError, on_django_validation)  # type: ignore[arg-type]
    api.add_exception_handler(Exception, on_other)
