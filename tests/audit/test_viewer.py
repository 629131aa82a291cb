from __future__ import annotations

import json

import pytest
from django.urls import reverse

from phieukin.audit.services import record_event


@pytest.fixture
def events(world):
    record_event("meeting.opened", actor=world.staff, organization=world.commune, data={"n": 1})
    record_event("meeting.opened", actor=world.outsider_staff, organization=world.other_cell)
    record_event("review.submitted", actor=world.staff, organization=world.cell)
    record_event("auth.login", actor=world.member)  # no organization: admins only
    return world


def seqs(response) -> list[int]:
    return [e.seq for e in response.context["page"]]


def test_it_shows_a_superior_their_subtree_only(client, events):
    client.force_login(events.superior)
    response = client.get(reverse("audit:list"))
    assert response.status_code == 200
    assert seqs(response) == [3, 1]


def test_it_shows_an_inspector_and_an_admin(client, events):
    client.force_login(events.inspector)
    assert seqs(client.get(reverse("audit:list"))) == [3, 1]
    client.force_login(events.admin)
    assert seqs(client.get(reverse("audit:list"))) == [4, 3, 2, 1]


def test_it_refuses_members_chairs_and_anonymous(client, events):
    assert client.get(reverse("audit:list")).status_code == 302
    for user in (events.member, events.chair, events.trustee):
        client.force_login(user)
        assert client.get(reverse("audit:list")).status_code == 403
        assert client.get(reverse("audit:export")).status_code == 403


def test_it_filters(client, events):
    client.force_login(events.admin)
    url = reverse("audit:list")
    assert seqs(client.get(url, {"event_type": "meeting.opened"})) == [2, 1]
    assert seqs(client.get(url, {"actor": "BanToChuc"})) == [3, 1]
    assert seqs(client.get(url, {"organization": events.commune.pk})) == [3, 1]
    assert seqs(client.get(url, {"date_from": "2000-01-01", "date_to": "2000-01-02"})) == []
    # An organization outside the viewer's scope is not a valid choice: the filter is ignored.
    client.force_login(events.superior)
    response = client.get(url, {"organization": events.other_cell.pk})
    assert response.context["form"].errors
    assert seqs(response) == [3, 1]


def test_it_exports_the_filtered_list(client, events):
    client.force_login(events.superior)
    response = client.get(reverse("audit:export"), {"event_type": "meeting.opened"})
    body = b"".join(response.streaming_content).decode()
    lines = [json.loads(line) for line in body.splitlines()]
    assert [e["seq"] for e in lines] == [1]
    assert lines[0]["hash"]
