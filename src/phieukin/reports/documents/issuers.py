"""The issuing body of a Party document: its name in the header, its symbol in the number, and
who signs for it — one ``Issuer`` used for all three, so they can never disagree.

HD 36-HD/VPTW (docs/documents.md §2–§4): documents of a Party committee carry the committee's
name ("THÀNH ỦY HÀ THÀNH") under the name of its direct superior organization, whether the
Executive Committee or its Standing Committee issues them; the number's symbol is the
committee's ("58-TTr/TU"); the signature block says on whose behalf ("T/M BAN THƯỜNG VỤ" or
"T/M THÀNH ỦY", then "BÍ THƯ"). An advisory body (Ban Tổ chức) prints its committee's name
above its own, numbers with its own symbol ("BTCTU") and its head signs in person
("TRƯỞNG BAN"). Names and symbols are derived from the organization's name (the models hold
no short name); the rarer symbols are marked uncertain in the docs and stay editable in DOCX.

``issuer_for_body`` maps a body of the rules' authority chain (relative to a subject) to the
concrete issuer inside this installation, or ``None`` when the body is above it (the
Politburo, the Central Organization Committee).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from phieukin.organizations.models import (
    Committee,
    CommitteeKind,
    CommitteeSeat,
    Member,
    Organization,
    OrganizationKind,
    SeatRole,
)
from phieukin.reports.register_models import IssuerKind
from phieukin.rules import Body

# "Đảng bộ <prefix> X" -> ("<Committee> X", symbol). Longest prefixes first.
_COMMITTEE_NAMES: tuple[tuple[str, str, str], ...] = (
    ("đảng bộ thành phố ", "Thành ủy ", "TU"),
    ("đảng bộ tỉnh ", "Tỉnh ủy ", "TU"),
    ("đảng bộ quận ", "Quận ủy ", "QU"),
    ("đảng bộ huyện ", "Huyện ủy ", "HU"),
    ("đảng bộ thị xã ", "Thị ủy ", "TU"),
)
_BODIES_IN_INSTALLATION_ABOVE = {Body.CENTRAL_ORGANIZATION_COMMITTEE, Body.POLITBURO_SECRETARIAT}
OUTSIDE_NAMES = {
    Body.CENTRAL_ORGANIZATION_COMMITTEE: "Ban Tổ chức Trung ương",
    Body.POLITBURO_SECRETARIAT: "Bộ Chính trị, Ban Bí thư",
}


def committee_name(org: Organization) -> str:
    """The Party committee's name: "Đảng bộ Thành phố Hà Thành" -> "Thành ủy Hà Thành",
    "Đảng bộ xã An Bình" -> "Đảng ủy xã An Bình"; a cell keeps its name ("Chi bộ ...")."""
    name = org.name.strip()
    low = name.lower()
    if org.is_cell or low.startswith("chi bộ"):
        return name
    for prefix, committee, _symbol in _COMMITTEE_NAMES:
        if low.startswith(prefix):
            return committee + name[len(prefix) :]
    if low.startswith("đảng bộ "):
        return "Đảng ủy " + name[len("đảng bộ ") :]
    return "Đảng ủy " + name


def committee_word(org: Organization) -> str:
    """The committee without its place, for "T/M ...": "Thành ủy", "Đảng ủy", "Chi bộ"."""
    name = committee_name(org)
    if org.is_cell or name.lower().startswith("chi bộ"):
        return "Chi bộ"
    return " ".join(name.split()[:2])


def committee_symbol(org: Organization) -> str:
    """The issuer part of the number: TU (tỉnh ủy, thành ủy), QU, HU, ĐU, CB."""
    if org.is_cell:
        return "CB"
    low = org.name.strip().lower()
    for prefix, _committee, symbol in _COMMITTEE_NAMES:
        if low.startswith(prefix):
            return symbol
    return "TU" if org.kind == OrganizationKind.PROVINCIAL else "ĐU"


def party_organization_name(org: Organization) -> str:
    """How the superior line names an organization: its own name ("Đảng bộ tỉnh ...")."""
    return org.name.strip()


@dataclass(frozen=True)
class Issuer:
    organization: Organization
    kind: IssuerKind

    @property
    def key(self) -> str:
        return f"{self.organization.pk}.{self.kind}"

    @property
    def header_lines(self) -> tuple[str, str]:
        """(superior line, issuer line) for HD 36 cell 2; the superior may be empty."""
        org = self.organization
        if self.kind == IssuerKind.ADVISORY:
            return committee_name(org), "Ban Tổ chức"
        parent = org.parent
        above = (
            party_organization_name(parent)
            if parent is not None and parent.kind != OrganizationKind.CENTRAL
            else ""
        )
        return above, committee_name(org)

    @property
    def symbol(self) -> str:
        base = committee_symbol(self.organization)
        return f"BTC{base}" if self.kind == IssuerKind.ADVISORY else base

    @property
    def name_vi(self) -> str:
        """The body as the text names it: "Ban Thường vụ Thành ủy Hà Thành"."""
        org = self.organization
        if self.kind == IssuerKind.EXECUTIVE and not org.is_cell:
            return f"Ban Chấp hành {party_organization_name(org)}"
        if self.kind == IssuerKind.STANDING:
            return f"Ban Thường vụ {committee_name(org)}"
        if self.kind == IssuerKind.ADVISORY:
            return f"Ban Tổ chức {committee_name(org)}"
        return committee_name(org)

    @property
    def authority(self) -> str:
        """ "T/M BAN THƯỜNG VỤ" (HD 36 điểm 1.7: a committee signs on behalf, T/M); an advisory
        body's head signs in person (no authority line)."""
        if self.kind == IssuerKind.STANDING:
            return "T/M Ban Thường vụ"
        if self.kind == IssuerKind.ADVISORY:
            return ""
        return f"T/M {committee_word(self.organization)}"

    @property
    def position(self) -> str:
        return "Trưởng ban" if self.kind == IssuerKind.ADVISORY else "Bí thư"

    def committee_kind(self) -> str:
        return {
            IssuerKind.EXECUTIVE: CommitteeKind.EXECUTIVE,
            IssuerKind.STANDING: CommitteeKind.STANDING,
            IssuerKind.CELL: CommitteeKind.CELL,
        }.get(self.kind, CommitteeKind.EXECUTIVE)

    def term(self, on: date) -> str:
        """The committee's term on ``on`` (numbers restart at 01 each term, HD 36)."""
        qs = Committee.objects.filter(organization=self.organization).exclude(
            kind=CommitteeKind.STANDING
        )
        sitting = qs.filter(term_start__lte=on).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=on)
        )
        committee = sitting.order_by("-term_start").first() or qs.order_by("-term_start").first()
        return committee.term if committee else ""

    def signer(self, on: date | None = None) -> str:
        """The name printed under the signature: the Secretary sitting on ``on`` (a committee),
        the head of the Organization Commission (an advisory body) — empty when unknown."""
        seats = CommitteeSeat.objects.filter(committee__organization=self.organization)
        if on is not None:
            seats = seats.filter(start_on__lte=on).filter(
                Q(end_on__isnull=True) | Q(end_on__gte=on)
            )
        else:
            seats = seats.filter(end_on__isnull=True)
        if self.kind == IssuerKind.ADVISORY:
            head = (
                Member.objects.filter(pk__in=seats.values("member_id"))
                .filter(position__istartswith="Trưởng Ban Tổ chức")
                .first()
            )
            return head.full_name if head else ""
        seat = seats.filter(role=SeatRole.SECRETARY).select_related("member").first()
        return seat.member.full_name if seat else ""


def committee_issuer(org: Organization, committee_kind: str | None) -> Issuer:
    """The issuer for a body of ``org``: its Standing Committee, its Executive Committee (a
    cell's general meeting or cell committee: the cell)."""
    if org.is_cell:
        return Issuer(org, IssuerKind.CELL)
    if committee_kind == CommitteeKind.STANDING:
        return Issuer(org, IssuerKind.STANDING)
    return Issuer(org, IssuerKind.EXECUTIVE)


def _nearest(org: Organization, kinds: set[str]) -> Organization | None:
    chain = [org, *reversed(list(org.ancestors()))]
    return next((o for o in chain if o.kind in kinds), None)


def issuer_for_body(  # noqa: PLR0911 - one return per body of the chain
    body: Body, home: Organization, period_org: Organization
) -> Issuer | None:
    """The concrete issuer of ``body`` for a subject whose organization is ``home``, in a period
    run by ``period_org``; ``None`` for a body above the installation."""
    if body in _BODIES_IN_INSTALLATION_ABOVE:
        return None
    if body in (Body.PROVINCIAL_EXECUTIVE_COMMITTEE, Body.PROVINCIAL_STANDING_COMMITTEE):
        province = _nearest(home, {OrganizationKind.PROVINCIAL}) or period_org
        kind = "executive" if body is Body.PROVINCIAL_EXECUTIVE_COMMITTEE else "standing"
        return committee_issuer(province, kind)
    if body is Body.SUPERIOR_STANDING_COMMITTEE:
        return committee_issuer(home.parent or period_org, CommitteeKind.STANDING)
    if body is Body.GRASSROOTS_COMMITTEE:
        found = _nearest(home, {OrganizationKind.GRASSROOTS}) or home
        return committee_issuer(found, CommitteeKind.EXECUTIVE)
    if body is Body.PARTIAL_COMMITTEE:
        found = _nearest(home, {OrganizationKind.PARTIAL}) or home
        return committee_issuer(found, CommitteeKind.EXECUTIVE)
    if body is Body.ADVISORY_BODY:
        return Issuer(period_org, IssuerKind.ADVISORY)
    if body is Body.MANAGING_BODY:
        # The level managing a committee, a leadership collective or a leader: inside this
        # installation, the Standing Committee of the organization running the period
        # (docs/documents.md §5, a setting of practice).
        has_standing = Committee.objects.filter(
            organization=period_org, kind=CommitteeKind.STANDING
        ).exists()
        return committee_issuer(period_org, CommitteeKind.STANDING if has_standing else None)
    # SELF, CELL: the subject's own organization (a cell decides for its members).
    return committee_issuer(home, CommitteeKind.EXECUTIVE)


def issuer_from_key(key: str) -> Issuer | None:
    """Parse ``Issuer.key`` ("12.standing"); ``None`` if malformed or unknown."""
    org_id, _, kind = key.partition(".")
    if not org_id.isdigit() or kind not in IssuerKind.values:
        return None
    org = Organization.objects.filter(pk=int(org_id)).first()
    return Issuer(org, IssuerKind(kind)) if org else None
