"""Every step reachable through pages (what the browser test will drive)."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.urls import reverse

from phieukin.crypto import threshold
from phieukin.crypto.credential_list import endorsement, issue
from phieukin.crypto.group import Element
from phieukin.crypto.signing import chair_key_payload, key_possession, sign_as_chair
from phieukin.voting.models import Ballot, BallotStatus

from .helpers import CHAIR_SECRET, build_ballot, partial_for


def send(client, ballot, kind, payload):
    url = reverse("voting:trustee_message", args=[ballot.pk])
    body = json.dumps({"type": kind, "payload": payload})
    return client.post(url, body, content_type="application/json")


def chair_send(client, ballot, kind, payload):
    url = reverse("voting:chair_message", args=[ballot.pk])
    return client.post(
        url, json.dumps({"type": kind, "payload": payload}), content_type="application/json"
    )


def state_of(client, ballot):
    return client.get(reverse("voting:ceremony_json", args=[ballot.pk])).json()


def ceremony_via_pages(client, ballot, board_users, charles):
    """What the trustees' and the chair's browsers post, step by step."""
    eid, secrets, shares = ballot.election_id, {}, {}
    for i, user in enumerate(board_users, start=1):
        client.force_login(user)
        secrets[i], commit = threshold.dkg_commit(eid, i, ballot.threshold)
        assert send(client, ballot, "dkg_commit", commit).status_code == 201
    client.force_login(charles)
    chair = chair_key_payload(CHAIR_SECRET, eid, "")
    del chair["name"]
    assert chair_send(client, ballot, "chair_key", chair).status_code == 201
    keys = {
        c["trustee"]: Element.from_hex(c["public_key"]) for c in state_of(client, ballot)["commits"]
    }
    for i, user in enumerate(board_users, start=1):
        client.force_login(user)
        reveal = threshold.dkg_reveal(secrets[i], eid, keys)
        assert send(client, ballot, "dkg_reveal", reveal).status_code == 201
    reveals = {r["trustee"]: r for r in state_of(client, ballot)["reveals"]}
    for i, user in enumerate(board_users, start=1):
        client.force_login(user)
        check = threshold.dkg_check(secrets[i], eid, reveals)
        assert send(client, ballot, "dkg_check", check).status_code == 201
    for i, user in enumerate(board_users, start=1):
        client.force_login(user)
        shares[i], ack = threshold.dkg_receive_v2(
            secrets[i], eid, reveals, answers={}, qualified=[1, 2, 3]
        )
        assert send(client, ballot, "dkg_ack", ack).status_code == 201
    ballot.refresh_from_db()
    fp = bytes.fromhex(ballot.fingerprint)
    for i, user in enumerate(board_users, start=1):
        client.force_login(user)
        proof = key_possession(secrets[i].key, shares[i], election_id=eid, index=i, fingerprint=fp)
        assert send(client, ballot, "key_possession", proof).status_code == 201
    return secrets, shares


def cards_via_pages(client, ballot, board_users, charles, secrets):
    client.force_login(charles)
    chair_page = client.get(reverse("voting:chair", args=[ballot.pk])).content.decode()
    assert 'id="attendance-sign"' in chair_page and 'id="to-sign-present">10<' in chair_page
    counts = state_of(client, ballot)["attendance_to_sign"]
    signed = sign_as_chair(counts, CHAIR_SECRET, bytes.fromhex(ballot.fingerprint))
    assert chair_send(client, ballot, "attendance", signed).status_code == 201
    client.force_login(board_users[0])
    state = state_of(client, ballot)
    assert state["booth_url"].endswith(f"/voting/booth/{ballot.pk}/")
    creds, listing = issue(
        state["attendance"]["present"],
        fingerprint=bytes.fromhex(ballot.fingerprint),
        issuer=1,
        key=secrets[1].key,
        election_id=ballot.election_id,
    )
    assert send(client, ballot, "credentials", listing).status_code == 201
    summary = state_of(client, ballot)["credentials"]
    page = client.get(reverse("voting:ceremony", args=[ballot.pk])).content.decode()
    assert summary["short_code"] in page  # what the trustees compare aloud
    client.force_login(board_users[1])
    signed = endorsement(
        summary["event"], trustee=2, key=secrets[2].key, election_id=ballot.election_id
    )
    assert send(client, ballot, "credentials_endorsement", signed).status_code == 201
    return [c.printed for c in creds]


def test_it_runs_a_whole_ballot_through_the_pages(client, agenda_item, alice, charles, board_users):
    cache.clear()
    client.force_login(alice)
    r = client.post(
        reverse("voting:ballot_new", args=[agenda_item.pk]),
        {"title": "Xếp loại BCH", "threshold": 2, "trustee_count": 3, "small_group_threshold": 10},
    )
    ballot = Ballot.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "voting:ballot_detail", args=[ballot.pk]
    )
    client.post(
        reverse("voting:rating_list_add", args=[ballot.pk]),
        {"subjects": "Đồng chí A|s:1\nĐồng chí B|s:2"},
    )
    client.post(
        reverse("voting:question_add", args=[ballot.pk]),
        {"kind": "choose", "prompt": "Bầu", "candidates": "X\nY\nZ", "max_choices": 2},
    )
    client.post(reverse("voting:trustees_set", args=[ballot.pk]), {"trustees": "bob\nbea\nben"})
    page = client.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert "Đồng chí B" in page and 'id="ceremony-start"' in page
    client.post(reverse("voting:ceremony_start", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CEREMONY and ballot.questions.count() == 3
    secrets, shares = ceremony_via_pages(client, ballot, board_users, charles)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.READY
    codes = cards_via_pages(client, ballot, board_users, charles, secrets)
    client.force_login(charles)
    client.post(reverse("voting:chair_open", args=[ballot.pk]))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN
    client.logout()
    booth = client.get(reverse("voting:booth", args=[ballot.pk]))
    assert booth.status_code == 200 and b'id="code-input"' in booth.content
    election = client.get(reverse("voting:api_election", args=[ballot.pk])).json()
    assert election["status"] == "open" and election["fingerprint"] == ballot.fingerprint
    assert len(election["credentials"]) == 10 and election["used"] == []
    choices = [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [1, 0, 1]]
    tracking = []
    for code in codes[:3]:
        data, _ = build_ballot(ballot, code, choices)
        r = client.post(
            reverse("voting:api_cast", args=[ballot.pk]), data, content_type="application/json"
        )
        tracking.append(r.json()["tracking_code"])
        receipt = r.json()["receipt"]
        assert receipt["seq"] == r.json()["seq"] and receipt["kind"] == "ballot"
    election = client.get(reverse("voting:api_election", args=[ballot.pk])).json()
    assert len(election["used"]) == 3
    live = client.get(reverse("voting:live", args=[ballot.pk])).content.decode()
    assert 'id="live-received">3<' in live and 'id="live-issued">10<' in live
    assert "data-count" not in live  # never a partial result while open
    typed = tracking[0].replace("-", " ").lower().replace("0", "o")
    board = client.get(reverse("voting:board", args=[ballot.pk]), {"q": typed}).content.decode()
    assert tracking[0] in board and tracking[1] not in board  # typed any way, as card codes
    client.force_login(charles)
    client.post(reverse("voting:chair_close", args=[ballot.pk]))
    for i, user in ((1, board_users[0]), (2, board_users[1])):
        client.force_login(user)
        assert (
            send(
                client, ballot, "partial_decryption", partial_for(ballot, i, shares[i], secrets[i])
            ).status_code
            == 201
        )
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.PUBLISHED
    client.logout()
    result = client.get(reverse("voting:result", args=[ballot.pk])).content.decode()
    assert 'data-count="3"' in result and ballot.result["head"] in result
    assert "30,0%" in result  # 3 of 10 present
    record = client.get(reverse("voting:record", args=[ballot.pk]))
    assert record.content.count(b"\n") == len(record.content.splitlines())
    verify = client.get(reverse("voting:verify", args=[ballot.pk])).content.decode()
    assert 'id="verify-ok"' in verify
    projector = client.get(reverse("voting:projector", args=[ballot.pk])).content.decode()
    assert (
        'data-count="3"' in projector and "hx-get" not in projector
    )  # result shown, polling stops


def test_it_checks_ownership(client, draft_ballot, mallory, board_users):
    client.force_login(mallory)
    for name in ("ballot_detail", "chair", "ceremony"):
        assert client.get(reverse(f"voting:{name}", args=[draft_ballot.pk])).status_code in (
            403,
            404,
        )
    assert chair_send(client, draft_ballot, "chair_key", {}).status_code in (403, 404)
    assert client.post(reverse("voting:chair_open", args=[draft_ballot.pk])).status_code in (
        403,
        404,
    )
    assert send(client, draft_ballot, "dkg_commit", {}).status_code == 404
    client.logout()
    assert client.get(reverse("voting:ballot_detail", args=[draft_ballot.pk])).status_code == 302
    assert client.get(reverse("voting:board", args=[draft_ballot.pk])).status_code == 404  # draft


@pytest.mark.parametrize("body", [b"nonsense", b'{"type": "dkg_commit"}', b"[]"])
def test_it_answers_bad_trustee_messages_with_a_reason(
    client, draft_ballot, alice, board_users, body
):
    from phieukin.voting import services

    services.do_start_ceremony(draft_ballot, actor=alice)
    client.force_login(board_users[0])
    url = reverse("voting:trustee_message", args=[draft_ballot.pk])
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 400 and r.json()["code"]
