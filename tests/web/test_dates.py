"""Dates are dd/mm/yyyy in Vietnamese (Django's vi locale says d-m-Y) and in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, translation

from tests.web.site import Site, logged_in


@pytest.mark.parametrize("language", ["vi", "en"])
def test_it_formats_dates_day_first_with_slashes(language: str) -> None:
    with translation.override(language):
        day = dt.date(2024, 1, 9)
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "09/01/2024"
        assert formats.date_format(day) == "09/01/2024"


def test_it_shows_the_member_dates_as_dd_mm_yyyy(site: Site) -> None:
    member = site.members["Nguyễn Văn An"]
    url = reverse("organizations:member_detail", args=[member.pk])
    body = logged_in(site.staff).get(url).content.decode()
    assert "19/05/1975" in body and "03/02/2000" in body
