"""Database unavailable mid-request -> a clear 503 in Vietnamese, nothing half-written."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from phieukin.accounts.models import LoginFailure
from phieukin.audit.services import record_event
from tests.clock import NOW


def two_writes(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        LoginFailure.objects.create(username="first-write", created_at=NOW)
        record_event("test.second_write", data={})
    return HttpResponse("saved")


urlpatterns = [path("two-writes/", two_writes)]


def fail_on_audit_insert(execute, sql, params, many, context):
    """Stands for the server going away between the two writes of one transaction."""
    if sql.lstrip().upper().startswith("INSERT") and "audit_auditevent" in sql:
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_it_answers_503_and_rolls_back_everything(client):
    with connection.execute_wrapper(fail_on_audit_insert):
        response = client.get("/two-writes/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Dịch vụ tạm thời gián đoạn" in body
    assert "Thao tác vừa rồi chưa được lưu" in body
    assert not LoginFailure.objects.exists()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_it_saves_both_writes_when_the_database_is_up(client):
    assert client.get("/two-writes/").content == b"saved"
    assert LoginFailure.objects.count() == 1
