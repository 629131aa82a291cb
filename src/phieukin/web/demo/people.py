"""The demo's party members, committees and seats.

About 1,100 members: the 71 members of the city Executive Committee (16 of them on the
Standing Committee) in their agencies' cells, and the rank and file of every cell, with
realistic statuses (mostly official; probationary members admitted in 2023; a few elderly
members exempted from activities; one suspended; a few transferred out, and some transferred
between cells so that membership history is not empty). Every date is drawn from a seeded
generator relative to the conference day, never from today's date, so the data are identical
on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from phieukin.organizations.member_rules import MemberRecord
from phieukin.organizations.models import Committee, CommitteeKind, Member, MemberStatus
from phieukin.organizations.models import SeatRole as R
from phieukin.organizations.services.committees import do_add_seats, do_create_committee
from phieukin.organizations.services.members import (
    NewMember,
    do_add_members,
    do_set_member_status,
    do_transfer_member,
)
from phieukin.web.demo.names import NameGenerator
from phieukin.web.demo.roster import EXECUTIVE, STANDING
from phieukin.web.demo.tree import DemoTree

REFERENCE_DAY = date(2024, 1, 9)  # the conference day: the demo is set on that morning
TERM = "XVII"
TERM_START = date(2020, 10, 17)  # the city congress closed; BCH and BTV elected
CELL_TERM, CELL_TERM_START = "2022–2025", date(2022, 6, 15)
JOBS_RESIDENTIAL = (
    "Cán bộ hưu trí",
    "Cựu chiến binh",
    "Giáo viên nghỉ hưu",
    "Tổ trưởng tổ dân phố",
    "Kinh doanh tự do",
    "Công nhân",
    "Bác sĩ nghỉ hưu",
    "Kỹ sư",
)
JOBS_AGENCY = (
    "Chuyên viên",
    "Chuyên viên chính",
    "Phó Trưởng phòng",
    "Trưởng phòng",
    "Kế toán",
    "Thanh tra viên",
    "Cán bộ",
)
JOBS_GRASSROOTS = ("Giáo viên", "Bác sĩ", "Điều dưỡng", "Nhân viên", "Kế toán", "Xã viên")


@dataclass
class Leader:
    position: str
    member: Member
    standing_role: str | None


@dataclass
class DemoPeople:
    executive: Committee
    standing: Committee
    leaders: list[Leader] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    def leader(self, position: str) -> Leader:
        return next(x for x in self.leaders if x.position == position)


class _Cards:
    """Fictitious card numbers: the province part "99" exists nowhere."""

    def __init__(self) -> None:
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"99.{self.n * 7 + 100000:06d}"


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _plus_years(day: date, years: int) -> date:
    return date(day.year + years, day.month, min(day.day, 28))


def _admission(
    rng: random.Random, born: date, *, probationary: bool, latest: date
) -> tuple[date, date | None]:
    if probationary:
        admitted = _day(rng, date(2023, 1, 10), date(2023, 12, 20))
        return admitted, None
    earliest = max(_plus_years(born, 18), date(1965, 1, 1))
    latest = min(_plus_years(born, 45), latest)
    admitted = _day(rng, earliest, max(latest, earliest + timedelta(days=30)))
    return admitted, admitted + timedelta(days=365)


def _new_member(
    ctx: _Ctx,
    cell_code: str,
    *,
    age: tuple[int, int],
    position: str,
    probationary: bool = False,
    admitted_by: date = date(2022, 12, 31),
) -> NewMember:
    rng = ctx.rng
    person = ctx.names.person()
    born = _day(
        rng,
        REFERENCE_DAY.replace(year=REFERENCE_DAY.year - age[1]),
        REFERENCE_DAY.replace(year=REFERENCE_DAY.year - age[0]),
    )
    admitted, official = _admission(rng, born, probationary=probationary, latest=admitted_by)
    record = MemberRecord(
        card_number=ctx.cards.next(),
        full_name=person.full_name,
        birth_date=born,
        sex=person.sex,
        admitted_on=admitted,
        official_on=official,
        status=MemberStatus.PROBATIONARY if probationary else MemberStatus.OFFICIAL,
        position=position,
    )
    return NewMember(record, ctx.tree.by_code[cell_code])


@dataclass
class _Ctx:
    rng: random.Random
    names: NameGenerator
    tree: DemoTree
    people: DemoPeople
    cards: _Cards


def build_people(tree: DemoTree, rng: random.Random) -> DemoPeople:
    """Create the BCH/BTV and their members, then every cell's members and cell committees."""
    city = tree.city
    people = DemoPeople(
        executive=do_create_committee(
            organization=city,
            kind=CommitteeKind.EXECUTIVE,
            term=TERM,
            term_start=TERM_START,
            actor=None,
        ),
        standing=do_create_committee(
            organization=city,
            kind=CommitteeKind.STANDING,
            term=TERM,
            term_start=TERM_START,
            actor=None,
        ),
    )
    ctx = _Ctx(rng, NameGenerator(rng), tree, people, _Cards())
    _leadership(ctx)
    for cell in tree.cells:
        _fill_cell(ctx, cell.code)
    _history(ctx)
    for cell in tree.cells:
        _cell_committee(ctx, cell.code)
    return people


def _leadership(ctx: _Ctx) -> None:
    people = ctx.people
    roster = [(pos, cell, role) for pos, cell, role in STANDING]
    roster += [(pos, cell, None) for pos, cell in EXECUTIVE]
    specs = [
        _new_member(ctx, cell, age=(42, 62), position=position, admitted_by=date(2008, 12, 31))
        for position, cell, _ in roster
    ]
    members = do_add_members(specs, actor=None)
    people.members += members
    for (position, _, standing_role), member in zip(roster, members, strict=True):
        people.leaders.append(Leader(position, member, standing_role))
    do_add_seats(
        people.executive,
        [(x.member, x.standing_role or R.EXECUTIVE_MEMBER) for x in people.leaders],
        start_on=TERM_START,
        actor=None,
    )
    do_add_seats(
        people.standing,
        [(x.member, x.standing_role) for x in people.leaders if x.standing_role],
        start_on=TERM_START,
        actor=None,
    )


def _fill_cell(ctx: _Ctx, code: str) -> None:
    """Rank-and-file members: residential cells are large and older, agency cells smaller."""
    rng, org = ctx.rng, ctx.tree.by_code[code]
    residential = "Tổ dân phố" in org.name or "thôn" in org.name
    agency = (
        org.parent_id == ctx.tree.by_code["KCQ"].pk
        or org.code in {"BAO", "MTTQ"}
        or (org.parent is not None and org.parent.parent_id == ctx.tree.by_code["KCQ"].pk)
    )
    if residential:
        size, age, jobs = rng.randint(14, 26), (22, 88), JOBS_RESIDENTIAL
    elif agency:
        size, age, jobs = rng.randint(7, 13), (24, 60), JOBS_AGENCY
    else:
        size, age, jobs = rng.randint(9, 18), (23, 62), JOBS_GRASSROOTS
    specs = []
    for _ in range(size):
        probationary = rng.random() < 0.04
        specs.append(
            _new_member(
                ctx,
                code,
                age=(22, 35) if probationary else age,
                position=rng.choice(jobs),
                probationary=probationary,
            )
        )
    ctx.people.members += do_add_members(specs, actor=None)


def _history(ctx: _Ctx) -> None:
    """Statuses and transfers on the rank and file (leaders stay official, in their cells)."""
    rng = ctx.rng
    taken = {x.member.pk for x in ctx.people.leaders}

    def pick(pool: list[Member], k: int) -> list[Member]:
        free = [m for m in pool if m.pk not in taken]
        chosen = rng.sample(free, k=min(k, len(free)))
        taken.update(m.pk for m in chosen)
        return chosen

    official = [m for m in ctx.people.members if m.status == MemberStatus.OFFICIAL]
    elderly = [m for m in official if m.birth_date < date(1950, 1, 1)]
    for member in pick(elderly, k=max(3, len(elderly) // 4)):
        on = _day(rng, date(2019, 1, 1), date(2023, 6, 1))
        do_set_member_status(member, MemberStatus.EXEMPTED, on=on, actor=None)
    for member in pick(official, k=1):
        do_set_member_status(member, MemberStatus.SUSPENDED, on=date(2023, 9, 12), actor=None)
    for member in pick(official, k=4):
        on = _day(rng, date(2023, 3, 1), date(2023, 11, 30))
        do_set_member_status(member, MemberStatus.TRANSFERRED, on=on, actor=None)
    cells = [c for c in ctx.tree.cells if c.kind == "cell"]
    for member in pick(official, k=12):
        target = rng.choice([c for c in cells if c.pk != member.organization_id])
        start = max(member.admitted_on, date(2015, 1, 1)) + timedelta(days=30)
        do_transfer_member(member, target, on=_day(rng, start, date(2023, 10, 1)), actor=None)


def _cell_committee(ctx: _Ctx, code: str) -> None:
    """Bí thư and Phó Bí thư; a cell of nine or more official members also elects chi ủy viên."""
    cell = ctx.tree.by_code[code]
    eligible = list(
        Member.objects.filter(
            organization=cell, status=MemberStatus.OFFICIAL, official_on__lt=CELL_TERM_START
        ).order_by("card_number")
    )
    if len(eligible) < 2:
        return
    committee = do_create_committee(
        organization=cell,
        kind=CommitteeKind.CELL,
        term=CELL_TERM,
        term_start=CELL_TERM_START,
        actor=None,
    )
    chosen = ctx.rng.sample(
        eligible, k=5 if len(eligible) >= 20 else 3 if len(eligible) >= 9 else 2
    )
    roles = [R.SECRETARY, R.DEPUTY_SECRETARY] + [R.CELL_MEMBER] * (len(chosen) - 2)
    do_add_seats(
        committee, list(zip(chosen, roles, strict=True)), start_on=CELL_TERM_START, actor=None
    )
