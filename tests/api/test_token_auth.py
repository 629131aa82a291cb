from __future__ import annotations

from django.urls import reverse

from phieukin.accounts.models import ApiToken
from phieukin.accounts.services import do_create_api_token, do_revoke_api_token
from phieukin.audit.models import AuditEvent


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_it_authenticates_by_bearer_token(client, world):
    token, raw = do_create_api_token(world.staff, "ci", actor=world.staff)
    response = client.get("/api/accounts/me", **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "bantochuc"
    assert body["roles"] == [
        {"role": "org_staff", "organization_id": world.commune.pk, "organization_name": "Đảng bộ C"}
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_stores_only_a_hash_of_the_token(world):
    token, raw = do_create_api_token(world.staff, "ci", actor=world.staff)
    assert raw.startswith("pk_")
    assert raw not in {token.token_hash, token.prefix}
    assert not ApiToken.objects.filter(token_hash=raw).exists()
    event = AuditEvent.objects.get(event_type="api_token.created")
    assert raw not in str(event.data)


def test_it_refuses_missing_wrong_and_revoked_tokens(client, world):
    token, raw = do_create_api_token(world.staff, "ci", actor=world.staff)
    for headers in ({}, bearer("pk_wrong"), bearer(raw + "x"), {"HTTP_AUTHORIZATION": raw}):
        response = client.get("/api/accounts/me", **headers)
        assert response.status_code == 401
        assert response.json() == {
            "code": "unauthorized",
            "message": "A valid API token is required.",
        }
    do_revoke_api_token(token, actor=world.staff)
    assert client.get("/api/accounts/me", **bearer(raw)).status_code == 401


def test_it_refuses_tokens_of_deactivated_users(client, world):
    _token, raw = do_create_api_token(world.staff, "ci", actor=world.staff)
    world.staff.is_active = False
    world.staff.save()
    assert client.get("/api/accounts/me", **bearer(raw)).status_code == 401


def test_it_does_not_accept_a_session_cookie(client, world):
    client.force_login(world.staff)
    assert client.get("/api/accounts/me").status_code == 401


def test_it_applies_the_permission_layer(client, world):
    _token, raw = do_create_api_token(world.staff, "ci", actor=world.staff)
    codes = [o["code"] for o in client.get("/api/accounts/organizations", **bearer(raw)).json()]
    assert codes == ["C", "K"]
    _token, raw = do_create_api_token(world.outsider_staff, "ci", actor=None)
    codes = [o["code"] for o in client.get("/api/accounts/organizations", **bearer(raw)).json()]
    assert codes == ["Q", "Z"]


def test_it_shows_a_new_token_once_in_the_web_page(client, world):
    client.force_login(world.member)
    response = client.post(reverse("accounts:api_tokens"), {"name": "điện thoại"})
    raw = response.context["raw_token"]
    assert raw.startswith("pk_")
    assert raw in response.content.decode()
    again = client.get(reverse("accounts:api_tokens"))
    assert raw not in again.content.decode()
    assert "điện thoại" in again.content.decode()


def test_it_revokes_only_own_tokens(client, world):
    token, _raw = do_create_api_token(world.staff, "ci", actor=world.staff)
    client.force_login(world.member)
    url = reverse("accounts:api_token_revoke", args=[token.pk])
    assert client.post(url).status_code == 404
    client.force_login(world.staff)
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
