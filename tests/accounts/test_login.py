from __future__ import annotations

from django.urls import reverse

from phieukin.audit.models import AuditEvent
from tests.accounts.personas import PASSWORD


def login(client, username, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **extra
    )


def test_it_logs_a_member_in_with_a_password_only(client, world):
    response = login(client, "dangvien")
    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    assert client.session["_auth_user_id"] == str(world.member.pk)
    event = AuditEvent.objects.get(event_type="auth.login")
    assert event.actor == world.member
    assert event.data["second_factor"] is False


def test_it_rotates_the_session_key_on_login(client, world):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    login(client, "dangvien")
    assert client.session.session_key != before


def test_it_refuses_a_wrong_password_in_vietnamese_and_audits_it(client, world):
    response = login(client, "dangvien", "wrong password!!")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(event_type="auth.login_failed")
    assert event.data["username"] == "dangvien"
    assert "wrong password" not in str(event.data)


def test_it_follows_only_local_next_urls(client, world):
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"username": "dangvien", "password": PASSWORD},
    )
    assert response["Location"] == reverse("web:home")
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"username": "dangvien", "password": PASSWORD, "next": "/accounts/tokens/"},
    )
    assert response["Location"] == "/accounts/tokens/"


def test_it_audits_logout(client, world):
    login(client, "dangvien")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type="auth.logout", actor=world.member).exists()
