"""Prepare one of the two installations of ``test_two_installations`` in its own database.

    python -m tests.federation.two_setup subordinate   # the demo city, its ballot run (SQLite)
    python -m tests.federation.two_setup superior      # central, the city node, a 2023 period
    python -m tests.federation.two_setup rollup        # the superior's figures, as JSON

Run with the installation's DATABASE_URL and PHIEUKIN_DATA_DIR; prints one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from typing import Any


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def subordinate() -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from phieukin.accounts.models import User
    from phieukin.accounts.services import do_create_api_token
    from phieukin.evaluations.models import Period, Subject
    from phieukin.web.demo import load_demo
    from tests.demo_ballot import run_demo_ballot

    summary = load_demo()
    run_demo_ballot(summary)
    period = Period.objects.get(year=2023)
    _token, raw = do_create_api_token(User.objects.get(username="bantochuc"), "t", actor=None)
    decided = Subject.objects.filter(period=period, decided_level__isnull=False)
    return {
        "period": period.pk,
        "token": raw,
        "subjects": Subject.objects.filter(period=period).count(),
        "decided": decided.count(),
        "htxsnv": decided.filter(decided_level="htxsnv").count(),
    }


def superior() -> dict[str, Any]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from phieukin.accounts.models import Role, RoleAssignment, User
    from phieukin.accounts.services import do_create_api_token
    from phieukin.evaluations.models import Period
    from phieukin.organizations.models import OrganizationKind
    from phieukin.organizations.services.tree import do_create_organization

    central = do_create_organization(
        code="TW", name="Trung ương", kind=OrganizationKind.CENTRAL, parent=None, actor=None
    )
    do_create_organization(
        code="HT",
        name="Đảng bộ Thành phố Hà Thành",
        kind=OrganizationKind.PROVINCIAL,
        parent=central,
        actor=None,
    )
    period = Period.objects.create(
        organization=central,
        title="Đánh giá, xếp loại chất lượng năm 2023",
        year=2023,
        regulation="reg124",
        starts_on=date(2023, 1, 1),
        ends_on=date(2023, 12, 31),
        status="open",
    )
    from django.utils import timezone

    staff = User.objects.create(username="bantochuc_tw")
    RoleAssignment.objects.create(
        user=staff, organization=central, role=Role.ORG_STAFF, granted_at=timezone.now()
    )
    _token, raw = do_create_api_token(staff, "from-HT", actor=None)
    return {"period": period.pk, "token": raw}


def rollup() -> dict[str, Any]:
    from phieukin.evaluations.models import Period
    from phieukin.evaluations.rollup import refresh_rollup
    from phieukin.evaluations.rollup import rollup as local_rollup
    from phieukin.federation.rollup import with_imported
    from phieukin.organizations.models import Organization

    period = Period.objects.get(year=2023)
    refresh_rollup(period)
    central = Organization.objects.get(code="TW")
    data, sources = with_imported(local_rollup(central, period))
    city = next(c for c in data.children if c.organization.code == "HT")
    return {
        "individuals": data.individuals.levels,
        "collectives": data.collectives.levels,
        "decided": data.individuals.decided + data.collectives.decided,
        "city_decided": city.individuals.decided + city.collectives.decided,
        "sources": [
            {
                "sender": s.sender,
                "fingerprint": s.fingerprint,
                "created_at": s.created_at.isoformat(),
            }
            for s in sources
        ],
    }


if __name__ == "__main__":
    _setup()
    action = {"subordinate": subordinate, "superior": superior, "rollup": rollup}[sys.argv[1]]
    print(json.dumps(action(), ensure_ascii=False))
