"""The organizations domain audits through phieukin.lib.auditing without importing audit."""

from __future__ import annotations

import pytest

from phieukin.audit.models import AuditEvent
from phieukin.lib.auditing import AuditNotConnectedError, record_change, state_changed
from phieukin.organizations.importing import run_import

ORGS_CSV = "Mã tổ chức,Tên tổ chức,Loại,Mã cấp trên\nHT,Đảng bộ Thành phố Hà Thành,provincial,\n"


@pytest.mark.django_db
def test_it_appends_a_chained_entry_in_the_callers_transaction() -> None:
    before = AuditEvent.objects.count()
    record_change("organizations.test", data={"n": 1})
    last = AuditEvent.objects.order_by("-seq").first()
    assert AuditEvent.objects.count() == before + 1
    assert last is not None
    assert last.event_type == "organizations.test"


@pytest.mark.django_db
def test_it_refuses_to_drop_an_entry_when_no_receiver_is_connected() -> None:
    receivers = state_changed.receivers
    state_changed.receivers = []
    state_changed.sender_receivers_cache.clear()
    try:
        with pytest.raises(AuditNotConnectedError):
            record_change("organizations.test")
    finally:
        state_changed.receivers = receivers
        state_changed.sender_receivers_cache.clear()


@pytest.mark.django_db
def test_a_forbidden_key_rolls_back_the_change() -> None:
    with pytest.raises(Exception, match="credential"):
        record_change("organizations.test", data={"credential": "x"})


@pytest.mark.django_db
def test_an_import_is_audited_once_with_its_counts() -> None:
    run_import([("orgs.csv", ORGS_CSV.encode())])
    entries = list(AuditEvent.objects.filter(event_type="organizations.imported"))
    assert len(entries) == 1
    assert entries[0].data["organizations"]["created"] == 1
    assert entries[0].data["files"] == ["orgs.csv"]
    run_import([("orgs.csv", ORGS_CSV.encode())])  # unchanged: nothing to audit
    assert AuditEvent.objects.filter(event_type="organizations.imported").count() == 1
