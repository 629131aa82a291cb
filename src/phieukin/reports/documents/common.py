"""What every builder needs from the models: issuer lines, place, signer, legal basis, levels.

Where the models hold no field for a component (the locality printed before the date, the
issuing committee's short name such as "THÀNH ỦY"), it is derived from what exists — the
organization's name and its committees — and the Vietnamese stays editable in the DOCX.
"""

from __future__ import annotations

from datetime import date

from phieukin.evaluations.models import Level, Period, Subject
from phieukin.organizations.models import (
    Committee,
    CommitteeSeat,
    Member,
    Organization,
    OrganizationKind,
    SeatRole,
)
from phieukin.reports.documents.layout import Header, number_symbol, place_date
from phieukin.rules.levels import Level as RulesLevel
from phieukin.rules.registry import rule_set_for

_PREFIXES = (
    "Đảng bộ thành phố",
    "Đảng bộ tỉnh",
    "Đảng bộ xã",
    "Đảng bộ phường",
    "Đảng bộ",
    "Chi bộ",
    "Thành phố",
    "Tỉnh",
)
COMMITTEE_VI = {"executive": "Ban Chấp hành", "standing": "Ban Thường vụ", "cell": "Chi ủy"}
LEVEL_ABBR = {lv.value: lv.value.upper() for lv in Level}


def level_vi(level: str | None) -> str:
    """ "htxsnv" -> "Hoàn thành xuất sắc nhiệm vụ"; "" for no level."""
    return RulesLevel[level.upper()].label_vi if level else ""


def locality(org: Organization) -> str:
    """The place printed before the date: the provincial ancestor's (or own) name, unprefixed."""
    home = org
    for ancestor in org.ancestors():
        if ancestor.kind == OrganizationKind.PROVINCIAL:
            home = ancestor
    name = home.name
    for prefix in _PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return name[len(prefix) + 1 :]
    return name


def header(
    org: Organization,
    *,
    issuer: str = "",
    number: str = "",
    on: date | None = None,
    numbered: bool = True,
    form_code: str = "",
) -> Header:
    """Superior line = the organization, issuer = the body (a committee) — or the
    organization under its parent when no body is named."""
    if issuer:
        parent, body = org.name, issuer
    else:
        parent, body = (org.parent.name if org.parent else ""), org.name
    return Header(
        issuer=body,
        parent=parent,
        number=number_symbol(number) if numbered else "",
        place_date=place_date(locality(org), on) if on else "",
        form_code=form_code,
    )


def current_committee(org: Organization, kind: str = "standing") -> Committee | None:
    qs = Committee.objects.filter(organization=org, term_end__isnull=True)
    return qs.filter(kind=kind).first() or qs.order_by("kind").first()


def secretary(org: Organization) -> Member | None:
    """The secretary holding a current seat (standing, executive or cell committee)."""
    seat = (
        CommitteeSeat.objects.filter(
            committee__organization=org, role=SeatRole.SECRETARY, end_on__isnull=True
        )
        .select_related("member")
        .first()
    )
    return seat.member if seat else None


def basis_lines(period: Period) -> list[str]:
    """The "Căn cứ" lines: the period's regulation and guidance, with their dates."""
    rules = rule_set_for(period.regulation.removeprefix("reg"))
    lines = []
    for doc, issuer in (
        (rules.regulation, "Bộ Chính trị"),
        (rules.guidance, "Ban Tổ chức Trung ương"),
    ):
        when = f", ngày {doc.issued_on:%d/%m/%Y}" if doc.issued_on else ""
        lines.append(
            f"- Căn cứ {doc.name_vi}{when} của {issuer} {doc.title_vi[0].lower()}"
            f"{doc.title_vi[1:]};"
        )
    return lines


def subject_name(subject: Subject) -> str:
    if subject.member_id:
        return subject.member.full_name
    return str(subject.organization.name) if subject.organization_id else str(subject)


def subject_org(subject: Subject) -> Organization:
    """The organization a subject belongs to (its own, or the member's cell)."""
    return subject.organization if subject.organization_id else subject.member.organization
