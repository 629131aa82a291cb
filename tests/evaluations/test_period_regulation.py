"""A period keeps its regulation once it has decisions or is closed: the records were decided
under that rule set. Refused by the model (any caller), by the service and in the admin."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from phieukin.accounts.models import User
from phieukin.evaluations.models import Period
from phieukin.evaluations.services import (
    EvaluationError,
    do_change_regulation,
    do_close_period,
    do_decide,
)
from phieukin.rules import Body
from tests.evaluations.world import World, self_review, subject_of

pytestmark = pytest.mark.django_db


def _decide_one(period: Period, world: World) -> None:
    member = subject_of(period, world, "m1")
    self_review(member, world)
    do_decide(member, "httnv", body=Body.GRASSROOTS_COMMITTEE, method="superior", actor=world.staff)


def test_an_open_period_without_decisions_may_change_its_regulation(
    period: Period, world: World
) -> None:
    changed = do_change_regulation(period, "124", actor=world.staff)
    assert changed.regulation == "reg124" and not changed.regulation_frozen


def test_a_period_with_a_decision_keeps_its_regulation(period: Period, world: World) -> None:
    _decide_one(period, world)
    assert period.regulation_frozen
    with pytest.raises(EvaluationError):
        do_change_regulation(period, "124", actor=world.staff)
    period.regulation = "reg124"
    with pytest.raises(ValidationError):
        period.save()  # the model refuses whoever calls it
    with pytest.raises(ValidationError):
        period.full_clean()
    period.save(update_fields=["title"])  # other fields still change
    assert Period.objects.get(pk=period.pk).regulation == "reg366"


def test_a_closed_period_keeps_its_regulation(period: Period, world: World) -> None:
    do_close_period(period, actor=world.staff)
    with pytest.raises(EvaluationError):
        do_change_regulation(period, "124", actor=world.staff)
    with pytest.raises(EvaluationError):
        do_close_period(period, actor=world.staff)


def _admin() -> Client:
    user = User.objects.create_superuser("quantri", password=None)
    device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_the_admin_shows_a_frozen_regulation_read_only(period: Period, world: World) -> None:
    client = _admin()
    url = reverse("admin:evaluations_period_change", args=[period.pk])
    assert 'name="regulation"' in client.get(url).content.decode()
    _decide_one(period, world)
    page = client.get(url).content.decode()
    assert 'name="regulation"' not in page and "Quy định 366" in page
