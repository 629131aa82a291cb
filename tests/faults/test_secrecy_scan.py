"""After a ballot with known voters, no row and no log line links a person to a ballot.

Complements tests/voting/test_secrecy.py (one logged-in voter, user/session/IP markers): here
several members present cast from distinct addresses without any cookie, one audits, the chair
closes, and every table row and captured log line is scanned for a member's card number or name,
a user name or an address next to a credential, a printed code, a tracking code or a ballot hash.
"""

from __future__ import annotations

import json
import logging

from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from phieukin.crypto.audit import audit_payload
from phieukin.crypto.ballot import ballot_hash
from phieukin.organizations.models import Member
from phieukin.voting import tally
from tests.voting.helpers import build_ballot

VOTES = [[[0, 1, 0, 0, 0]], [[1, 0, 0, 0, 0]], [[0, 0, 0, 1, 0]], [[0, 1, 0, 0, 0]]]


def _rows() -> list[tuple[str, str]]:
    return [
        (model._meta.label, " ".join(str(v) for v in values.values()))
        for model in apps.get_models()
        for values in model.objects.all().values()
    ]


def test_it_keeps_no_row_or_log_linking_a_member_to_a_ballot(open_ballot, charles, caplog):
    cache.clear()
    ballot, codes = open_ballot
    secrets: set[str] = set(codes)
    addresses = [f"10.9.8.{k + 1}" for k in range(len(VOTES) + 1)]
    with caplog.at_level(logging.DEBUG):
        for k, choices in enumerate(VOTES):
            data, _ = build_ballot(ballot, codes[k], choices)
            response = Client(REMOTE_ADDR=addresses[k]).post(
                reverse("voting:api_cast", args=[ballot.pk]),
                json.dumps(data),
                content_type="application/json",
            )
            assert response.status_code == 201, response.content  # no cookie, no login, no CSRF
            assert not response.cookies, "a cast must not set a cookie"
            secrets |= {data["credential"], response.json()["tracking_code"], ballot_hash(data)}
        data, opening = build_ballot(ballot, codes[len(VOTES)], [[0, 0, 1, 0, 0]])
        response = Client(REMOTE_ADDR=addresses[-1]).post(
            reverse("voting:api_audit", args=[ballot.pk]),
            json.dumps(audit_payload(data, opening)),
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
        secrets |= {data["credential"], response.json()["tracking_code"]}
        tally.do_close(ballot, actor=charles)
    people = {m.card_number for m in Member.objects.all()} | {
        m.full_name for m in Member.objects.all()
    }
    people |= {"Charles", "Alice", "Bob", "Bea", "Ben"}  # full names (usernames are hex-like)
    seen = set()
    for label, text in _rows():
        assert not any(a in text for a in addresses), f"{label} stores a client address"
        assert not any(code in text for code in codes), f"{label} stores a printed code"
        if any(s in text for s in secrets):
            seen.add(label)
            linked = [p for p in people if p in text]
            assert not linked, f"{label} links {linked} to a credential or ballot"
    assert {"voting.BoardEvent", "voting.Credential"} <= seen  # the scan did find the ballots
    logs = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    for marker in secrets | set(addresses):
        assert marker not in logs, "a log line holds a credential, ballot or client address"
