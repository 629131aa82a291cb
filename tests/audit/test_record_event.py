from __future__ import annotations

import pytest
from django.db import transaction

from phieukin.audit.models import GENESIS_HASH, AuditEvent
from phieukin.audit.services import (
    ForbiddenAuditDataError,
    InvalidAuditDataError,
    compute_hash,
    record_event,
)


def test_it_chains_entries(world):
    first = record_event("test.one", actor=world.staff, obj=world.commune, data={"n": 1})
    second = record_event("test.two", actor=None, organization=world.cell)
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.actor_username == "bantochuc"
    assert first.object_type == "Organization"
    assert first.object_id == str(world.commune.pk)
    stored = AuditEvent.objects.get(seq=1)
    assert compute_hash(stored) == stored.hash


def test_it_rolls_back_with_the_change(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event("test.doomed", actor=world.staff)
        raise RuntimeError
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"credential": "abc"},
        {"ballot": {"choice": 2}},
        {"items": [{"Randomness": "00"}]},
        {"code": "K7Q-22"},
        {"member_secret": "x"},
        {"password": "hunter2"},
    ],
)
def test_it_refuses_secret_bearing_keys(world, data):
    with pytest.raises(ForbiddenAuditDataError):
        record_event("test.secret", actor=world.staff, data=data)
    assert not AuditEvent.objects.exists()


def test_it_allows_counts_and_public_facts(world):
    event = record_event(
        "ballot.closed", actor=world.chair, data={"credentials_issued": 50, "result": "HTXSNV"}
    )
    assert event.data["credentials_issued"] == 50


@pytest.mark.parametrize("data", [{"x": 1.5}, {"x": object()}, {1: "a"}])
def test_it_refuses_non_json_data(world, data):
    with pytest.raises(InvalidAuditDataError):
        record_event("test.bad", actor=world.staff, data=data)
