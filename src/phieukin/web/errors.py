"""Error pages a person can act on: what happened and where to go, inside the site's layout.

Django's defaults are English, unstyled and leave the reader without a menu or a way back
(issue 16). Every HTML error goes through `error_page`: the handlers below for 400, 403, 404
and 500, the CSRF failure view, and `ErrorPageMiddleware` for the bare responses Django's
decorators return (405 from ``require_POST``; an empty or plain-text 4xx). The API keeps its
own JSON error shape and is never touched here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ErrorText:
    title: Promise
    what: Promise
    where: Promise


ERRORS: dict[int, ErrorText] = {
    400: ErrorText(
        _("The request could not be understood"),
        _("The page received data it cannot use. Nothing was saved."),
        _("Go back, check what you entered and try again."),
    ),
    403: ErrorText(
        _("You may not open this page"),
        _("Your account does not hold the role this page needs in this organization."),
        _(
            "Go back to the home page: it lists what you can do. If you need this page, ask the "
            "Organization Committee to give your account the role."
        ),
    ),
    404: ErrorText(
        _("Page not found"),
        _("This address leads to no page, or to something you may not see."),
        _("Check the address, or start again from the home page."),
    ),
    405: ErrorText(
        _("This action cannot be done this way"),
        _("This address only accepts an action sent by a button on its page, not a link."),
        _("Open the page the action belongs to and use its button."),
    ),
    409: ErrorText(
        _("This action cannot be done now"),
        _("What you asked for conflicts with the current state: someone may have changed it."),
        _("Reload the page to see the current state, then try again."),
    ),
    413: ErrorText(
        _("The file or form is too large"),
        _("What you sent is larger than the server accepts (5 MB). Nothing was saved."),
        _("Send a smaller file, or split it into several."),
    ),
    500: ErrorText(
        _("Something went wrong on the server"),
        _(
            "The server could not finish your request. Every change runs as a whole or not at "
            "all, so nothing of it was saved."
        ),
        _("Try again in a moment; if it happens again, tell the installation's administrator."),
    ),
    503: ErrorText(
        _("Service temporarily unavailable"),
        _(
            "The database cannot be reached right now. Nothing from your last action was saved. "
            "Please try again in a moment."
        ),
        _("Try again in a moment."),
    ),
}


def _back_link(request: HttpRequest | None) -> str:
    """The page the reader came from, when it is on this site (never an outside address)."""
    if request is None:
        return ""
    referer = request.META.get("HTTP_REFERER", "")
    parts = urlsplit(referer)
    if not referer or parts.netloc != request.get_host() or parts.path == request.path:
        return ""
    return referer


def _url(name: str, fallback: str) -> str:
    """Reverse without failing: an error page is also served under test or partial URLconfs."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def _context(request: HttpRequest | None, status: int, detail: str = "") -> dict[str, object]:
    user = getattr(request, "user", None)
    return {
        "status": status,
        "error": ERRORS.get(status, ERRORS[500 if status >= 500 else 400]),
        "detail": detail,
        "back": _back_link(request),
        "anonymous": user is None or not user.is_authenticated,
        "home_url": _url("web:home", "/"),
        "login_url": _url("accounts:login", "/accounts/login/"),
    }


# Under /api/ an error outside every endpoint (an unknown path, a body too large) answers in
# the API's one error shape, {"code", "message"} in English, as phieukin.api.errors does.
_API_ERRORS = {
    400: ("bad_request", "The request could not be understood."),
    403: ("forbidden", "You are not allowed to do this."),
    404: ("not_found", "Not found."),
    413: ("too_large", "The request body is too large."),
    500: ("server_error", "Internal error; nothing was saved."),
}


def error_page(request: HttpRequest | None, status: int, detail: str = "") -> HttpResponse:
    """Render the error page for `status` in the site's layout, in the reader's language.

    The full layout needs the request's context (the menu reads the user's roles); when that
    render itself fails (the 500 handler, a database gone), a bare page without the menu is
    served instead, so an error page never raises.
    """
    if request is not None and request.path.startswith("/api/") and status in _API_ERRORS:
        code, message = _API_ERRORS[status]
        return JsonResponse({"code": code, "message": message}, status=status)
    context = _context(request, status, detail)
    try:
        body = render_to_string("web/error.html", context, request=request)
    except Exception:  # the page that reports an error must not fail: fall back to no menu
        logger.exception("error page: full layout failed for status %s", status)
        body = render_to_string("web/error_bare.html", context, request=None)
    return HttpResponse(body, status=status)


def bare_error_page(status: int) -> HttpResponse:
    """The error page without the menu, for when the database is gone (503): it reads nothing."""
    context = _context(None, status) | {"anonymous": False}
    body = render_to_string("web/error_bare.html", context, request=None)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return error_page(request, 413)
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page expired (or from elsewhere): say so, and how to resend it."""
    return error_page(
        request,
        403,
        detail=str(_EXPIRED_FORM),
    )


_EXPIRED_FORM = _(
    "The form's security token is missing or expired: reload the page and send it again."
)

# Statuses whose bare Django responses (empty, or plain text) become the styled page.
_STYLED = frozenset({400, 403, 404, 405, 409, 413})


class ErrorPageMiddleware:
    """Give the bare responses of Django's decorators the site's error page.

    Only responses with no HTML of their own are replaced (``require_POST``'s empty 405, a
    plain-text 4xx); a view that renders its own 400 form page or an htmx fragment, a JSON
    answer, a file and everything under ``/api/`` pass unchanged. A plain-text body is dropped:
    it is Django's English, and the page says the same in the reader's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in _STYLED or request.path.startswith("/api/"):
            return response
        if getattr(response, "streaming", False):
            return response
        content_type = response.get("Content-Type", "")
        body = response.content
        if body and not content_type.startswith("text/plain"):
            return response
        styled = error_page(request, response.status_code)
        if "Allow" in response:
            styled["Allow"] = response["Allow"]
        return styled
