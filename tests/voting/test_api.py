from __future__ import annotations

from phieukin.accounts.services import do_create_api_token

from .test_results import published  # noqa: F401 - the fixture


def _get(client, user, ballot_id):
    _token, raw = do_create_api_token(user, "test", actor=None)
    return client.get(f"/api/voting/ballots/{ballot_id}", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_it_reports_state_counts_and_result(client, published, charles):  # noqa: F811
    body = _get(client, charles, published.pk).json()
    assert body["status"] == "published" and body["counts"] == [[6, 0, 0, 0, 1]]
    assert (body["cards_issued"], body["ballots_received"], body["cards_unused_voided"]) == (
        10,
        7,
        3,
    )
    assert body["head_hash"] == published.result["head"]


def test_it_hides_the_result_before_publication_and_checks_ownership(
    client, draft_ballot, alice, mallory
):
    body = _get(client, alice, draft_ballot.pk).json()
    assert body["status"] == "draft" and body["counts"] is None
    response = _get(client, mallory, draft_ballot.pk)
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get(f"/api/voting/ballots/{draft_ballot.pk}").status_code == 401
