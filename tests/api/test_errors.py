from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.http import Http404
from django.test import RequestFactory
from ninja import NinjaAPI

from phieukin.api.errors import install_error_handlers
from phieukin.organizations.errors import TreeError


def make_api() -> NinjaAPI:
    api = NinjaAPI(urls_namespace="test_errors_api")
    install_error_handlers(api)
    return api


def handle(api: NinjaAPI, exc: Exception):
    request = RequestFactory().get("/api/x")
    response = api.on_exception(request, exc)
    import json

    return response.status_code, json.loads(response.content)


def test_it_maps_typed_errors_to_code_and_english_message(settings):
    settings.LANGUAGE_CODE = "vi"
    api = make_api()
    status, body = handle(api, TreeError("A cell cannot have child organizations."))
    assert status == 400
    assert body == {"code": "tree_error", "message": "A cell cannot have child organizations."}


def test_it_uses_the_status_of_a_typed_error():
    class ConflictError(Exception):
        code = "already_cast"
        status = 409

    status, body = handle(make_api(), ConflictError("This credential has already voted."))
    assert (status, body["code"]) == (409, "already_cast")


def test_it_maps_django_errors():
    api = make_api()
    assert handle(api, PermissionDenied())[0] == 403
    assert handle(api, Http404())[1] == {"code": "not_found", "message": "Not found."}
    assert handle(api, OperationalError("gone"))[0] == 503


def test_it_hides_unexpected_errors():
    status, body = handle(make_api(), KeyError("secret detail"))
    assert status == 500
    assert body == {"code": "internal_error", "message": "Internal server error."}


def test_it_reports_validation_errors_as_json(client, world):
    from phieukin.accounts.services import do_create_api_token

    _t, raw = do_create_api_token(world.staff, "ci", actor=None)
    response = client.get("/api/accounts/organizations?limit=0", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_request"
    assert body["errors"][0]["loc"][-1] == "limit"
