"""The trustee's offline CLI runs the ceremony and the decryption through the pages' paste form."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from phieukin.voting import services, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.models import BallotStatus

from .helpers import build_ballot, codes_from_pdf, open_ballot, register_chair, sign_attendance


def cli(tmp_path, client, ballot, step, index, **extra):
    state = tmp_path / "ceremony.json"
    state.write_bytes(client.get(reverse("voting:ceremony_json", args=[ballot.pk])).content)
    out = tmp_path / f"out-{step}-{index}.json"
    args = ["trustee", step, "--state", str(state), "--key", str(tmp_path / f"t{index}.key.json")]
    if step == "commit":
        args += ["--index", str(index)]
    with out.open("w") as fh:
        call_command(*args, stdout=fh)
    return out.read_text()


def paste(client, ballot, user, message):
    client.force_login(user)
    r = client.post(reverse("voting:trustee_message", args=[ballot.pk]), {"message": message})
    assert r.status_code == 302
    return r


def test_it_runs_the_ceremony_and_decryption_from_the_cli(
    tmp_path, client, draft_ballot, alice, charles, board_users
):
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    register_chair(ballot, charles)
    for step in ("commit", "reveal", "check", "ack"):
        for i, user in enumerate(board_users, start=1):
            paste(client, ballot, user, cli(tmp_path, client, ballot, step, i))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.READY
    key = json.loads((tmp_path / "t1.key.json").read_text())
    assert set(key) == {
        "election_id",
        "trustee",
        "threshold",
        "z",
        "coefficients",
        "share",
        "qualified",
    }
    assert key["z"] not in client.get(reverse("voting:record", args=[ballot.pk])).content.decode()
    for i, user in enumerate(board_users, start=1):
        paste(client, ballot, user, cli(tmp_path, client, ballot, "possess", i))
    sign_attendance(ballot, charles)
    state = tmp_path / "ceremony.json"
    state.write_bytes(client.get(reverse("voting:ceremony_json", args=[ballot.pk])).content)
    pdf = tmp_path / "cards.pdf"
    listing = tmp_path / "cards.json"
    with listing.open("w") as fh:
        call_command(
            "cards",
            "--state",
            str(state),
            "--key",
            str(tmp_path / "t1.key.json"),
            "--out",
            str(pdf),
            "--url",
            "http://10.0.0.1:8000/voting/booth/1/",
            stdout=fh,
        )
    paste(client, ballot, board_users[0], listing.read_text())
    codes = codes_from_pdf(pdf.read_bytes())
    assert len(codes) == 10
    paste(client, ballot, board_users[1], cli(tmp_path, client, ballot, "endorse", 2))
    open_ballot(ballot, charles)
    for code in codes[:4]:
        do_cast(ballot.pk, build_ballot(ballot, code, [[0, 0, 0, 1, 0]])[0])
    tally.do_close(ballot, actor=charles)
    for i in (2, 3):
        paste(client, ballot, board_users[i - 1], cli(tmp_path, client, ballot, "decrypt", i))
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.PUBLISHED and ballot.result["counts"] == [[0, 0, 0, 4, 0]]


def test_it_refuses_to_overwrite_a_key_and_explains_bad_input(
    tmp_path, client, draft_ballot, alice
):
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    cli(tmp_path, client, ballot, "commit", 1)
    with pytest.raises(CommandError, match="refusing to overwrite"):
        cli(tmp_path, client, ballot, "commit", 1)
    with pytest.raises(CommandError, match="wait until every trustee"):
        cli(tmp_path, client, ballot, "reveal", 1)
    with pytest.raises(CommandError, match="no trustee 9"):
        cli(tmp_path, client, ballot, "commit", 9)
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(CommandError, match="cannot read"):
        call_command("trustee", "reveal", "--state", str(tmp_path / "bad.json"), "--key", "x")
