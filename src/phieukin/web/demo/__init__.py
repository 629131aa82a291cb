"""The realistic demo: a fictitious city Party organization on the morning of 9 January 2024.

``load_demo()`` builds everything in one transaction from a seed, so two loads produce the
same data and a failure leaves the database empty. Modules, each one concern: ``names`` (seeded
fictitious names), ``tree`` (organizations), ``roster`` and ``people`` (members, committees,
seats), ``conference`` (conference No. 16 and its agenda), ``evaluation`` (the 2023 period),
``documents`` (what the Tờ trình rests on: subordinate ratings, the year's targets),
``history`` (dates of the work before the day), ``cycles`` (one residential cell's 2024 year
under QĐ 124 and its 2025 quarters and year under QĐ 366), ``users`` (demo logins — the accounts app
attaches roles there). The secret ballot is not loaded: the Organization Committee creates it
from the rating agenda item, as on the day.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from phieukin.meetings.models import Conference
from phieukin.organizations.models import Member, Organization
from phieukin.web.demo.conference import build_conference
from phieukin.web.demo.cycles import build_cycles
from phieukin.web.demo.documents import build_documents_basis
from phieukin.web.demo.evaluation import build_period
from phieukin.web.demo.history import date_history
from phieukin.web.demo.people import build_people
from phieukin.web.demo.tree import build_tree
from phieukin.web.demo.users import DemoLogin, build_users

DEFAULT_SEED = 20240109


class DatabaseNotEmptyError(Exception):
    """The demo loads only into an empty database (or after ``wipe_database``)."""


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    members: int
    conference: Conference
    logins: list[DemoLogin]
    seconds: float


def database_is_empty() -> bool:
    return not (Organization.objects.exists() or get_user_model().objects.exists())


def wipe_database() -> None:
    """Delete every row of every table (Django's ``flush``): the demo is a toy database."""
    call_command("flush", interactive=False, verbosity=0)


def load_demo(*, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Load the whole demo into an empty database, in one transaction."""
    if not database_is_empty():
        raise DatabaseNotEmptyError(
            "the database already holds data; nothing was loaded (use --reset to wipe it)"
        )
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 - fictitious demo data, not secrets
    with transaction.atomic():
        tree = build_tree()
        people = build_people(tree, rng)
        conference = build_conference(tree, people)
        period = build_period(tree, people)
        build_documents_basis(period)
        logins = build_users(tree, people)
        date_history(period, conference)
        build_cycles(tree)
    return DemoSummary(
        organizations=Organization.objects.count(),
        members=Member.objects.count(),
        conference=conference,
        logins=logins,
        seconds=time.perf_counter() - started,
    )
