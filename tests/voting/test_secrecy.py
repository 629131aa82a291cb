"""No row, log line or error links a person, a session or an address to a credential or ballot."""

from __future__ import annotations

import logging

from django.apps import apps
from django.core.cache import cache
from django.urls import reverse

from phieukin.audit.models import AuditEvent
from phieukin.voting.models import BoardEvent

from .helpers import build_ballot

IP = "10.77.66.55"


def _all_rows() -> list[tuple[str, str]]:
    return [
        (model._meta.label, " ".join(str(v) for v in values.values()))
        for model in apps.get_models()
        for values in model.objects.all().values()
    ]


def test_it_keeps_no_link_between_a_voter_and_a_ballot(client, open_ballot, mallory, caplog):
    cache.clear()
    ballot, codes = open_ballot
    client.force_login(mallory)  # even a logged-in voter leaves no trace on the cast
    session_key = client.session.session_key
    audit_before = AuditEvent.objects.count()
    data, _ = build_ballot(ballot, codes[0], [[0, 0, 1, 0, 0]])
    url = reverse("voting:api_cast", args=[ballot.pk])
    with caplog.at_level(logging.DEBUG):
        response = client.post(url, data, content_type="application/json", REMOTE_ADDR=IP)
        bad = client.post(url, data, content_type="application/json", REMOTE_ADDR=IP)
    assert response.status_code == 201 and bad.status_code == 409
    tracking = response.json()["tracking_code"]
    credential = data["credential"]
    assert (
        AuditEvent.objects.count() == audit_before
    )  # casts are on the board, not in the audit log
    event = BoardEvent.objects.get(ballot=ballot, kind="ballot")
    assert {f.name for f in BoardEvent._meta.get_fields()} == {
        "id",
        "ballot",
        "seq",
        "kind",
        "body",
        "prev_hash",
        "hash",
        "credential_key",
        "tracking_code",
    }  # no user, member, session, address or time column
    identity = {IP, session_key, mallory.username, f"'{mallory.pk}'"}
    for label, text in _all_rows():
        assert IP not in text, label
        if credential in text or tracking in text:
            assert label in {"voting.BoardEvent", "voting.Credential"}, label
            assert not any(marker in text for marker in identity if marker), label
    logs = "\n".join(r.getMessage() + str(getattr(r, "args", "")) for r in caplog.records)
    for secret in (credential, tracking, IP, codes[0], session_key, event.hash):
        assert secret not in logs
