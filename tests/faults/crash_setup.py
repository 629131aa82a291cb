"""Prepare a database for the crash test: migrate, open a ballot, pre-build signed ballots.

Run as ``python -m tests.faults.crash_setup N`` with ``DATABASE_URL`` and ``PHIEUKIN_DATA_DIR``
pointing at the scratch database; prints ``{"ballot": id, "bodies": [N ballot JSON]}``.
It goes through the same services the staff pages use (ceremony, cards, open), so the server
under test finds an ordinary open ballot. One card per ballot body: every body must be accepted.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import Any

from tests.clock import NOW


def _setup(count: int) -> dict[str, Any]:
    from django.core.management import call_command

    from phieukin.accounts.models import Role, RoleAssignment, User
    from phieukin.meetings.models import (
        AgendaItem,
        AgendaKind,
        Attendance,
        AttendeeRole,
        Conference,
    )
    from phieukin.organizations.models import Member, MemberStatus, OrganizationKind
    from phieukin.organizations.services.tree import do_create_organization
    from phieukin.voting import services
    from tests.voting.helpers import build_ballot, open_ballot, prepare, run_ceremony

    call_command("migrate", verbosity=0)
    org = do_create_organization(
        code="CR", name="Đảng bộ thử", kind=OrganizationKind.PROVINCIAL, parent=None, actor=None
    )

    def user(name: str, role: str) -> User:
        u = User.objects.create_user(username=name, password=None, full_name=name.title())
        RoleAssignment.objects.create(user=u, organization=org, role=role, granted_at=NOW)
        return u

    conf = Conference.objects.create(
        organization=org, title="Hội nghị", held_on=dt.date(2025, 12, 1)
    )
    for i in range(count):
        member = Member.objects.create(
            card_number=f"0300{i:04d}",
            full_name=f"Lê Văn {i}",
            birth_date=dt.date(1970, 1, 1),
            sex="male",
            admitted_on=dt.date(1995, 1, 1),
            official_on=dt.date(1996, 1, 1),
            status=MemberStatus.OFFICIAL,
            organization=org,
        )
        Attendance.objects.create(
            conference=conf, member=member, role=AttendeeRole.MEMBER, present=True
        )
    item = AgendaItem.objects.create(
        conference=conf, order=1, title="Xếp loại", kind=AgendaKind.RATING
    )
    staff, chair = user("staff", Role.ORG_STAFF), user("chair", Role.CHAIR)
    ballot = services.do_create_ballot(item, title="Bỏ phiếu thử", actor=staff)
    services.do_add_question(ballot, kind="rating", prompt="Chi bộ", actor=staff)
    services.do_set_trustees(ballot, [user(n, Role.TRUSTEE) for n in "xyz"], actor=staff)
    ballot = services.do_start_ceremony(ballot, actor=staff)
    codes = prepare(ballot, run_ceremony(ballot, chair), chair)
    open_ballot(ballot, chair)
    bodies = [build_ballot(ballot, code, [[0, 1, 0, 0, 0]])[0] for code in codes]
    return {"ballot": ballot.pk, "bodies": bodies}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phieukin.web.settings")
    import django

    django.setup()
    json.dump(_setup(int(sys.argv[1])), sys.stdout)


if __name__ == "__main__":
    main()
