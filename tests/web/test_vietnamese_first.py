"""Vietnamese whatever the browser's locale; English only when the user chooses it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_an_english_locale_browser_still_gets_vietnamese() -> None:
    body = Client().get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in body.content.decode()


@pytest.mark.django_db
def test_english_is_served_once_chosen_with_the_switcher() -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Log in" in body
    assert "Đăng nhập" not in body
