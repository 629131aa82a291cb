from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from phieukin.accounts.models import LoginFailure
from phieukin.accounts.throttle import record_failure
from tests.accounts.personas import PASSWORD

LOCKED = "Đăng nhập sai quá nhiều lần"


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_it_locks_a_username_after_five_failures(client, world):
    with time_machine.travel(dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC), tick=False) as t:
        for i in range(4):
            response = login(client, "dangvien", f"wrong-{i}", ip=f"10.0.0.{i}")
            assert LOCKED not in response.content.decode()
        response = login(client, "dangvien", "wrong-5")
        assert LOCKED in response.content.decode()
        assert "15 phút" in response.content.decode()
        # The right password is refused while locked, and the attempt is not counted.
        response = login(client, "dangvien", PASSWORD)
        assert LOCKED in response.content.decode()
        assert "_auth_user_id" not in client.session
        assert LoginFailure.objects.count() == 5
        # Another account from another address is unaffected.
        assert login(client, "bantochuc", PASSWORD, ip="10.9.9.9").status_code == 302
        client.logout()
        t.shift(dt.timedelta(minutes=16))
        response = login(client, "dangvien", PASSWORD)
        assert response.status_code == 302
        assert LoginFailure.objects.filter(username="dangvien").count() == 0


def test_it_counts_usernames_case_insensitively(client, world):
    for i in range(5):
        login(client, "DangVien" if i % 2 else "dangvien ", f"bad-{i}", ip=f"10.1.0.{i}")
    assert LOCKED in login(client, "dangvien", PASSWORD).content.decode()


def test_it_locks_an_address_after_twenty_failures(client, world):
    for i in range(19):  # recorded directly: each real attempt costs one Argon2 hash
        record_failure(f"guess{i}", "192.0.2.7")
    login(client, "guess19", "nope", ip="192.0.2.7")
    response = login(client, "dangvien", PASSWORD, ip="192.0.2.7")
    assert LOCKED in response.content.decode()
    assert login(client, "dangvien", PASSWORD, ip="192.0.2.8").status_code == 302
