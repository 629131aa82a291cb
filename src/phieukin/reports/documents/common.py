"""What every builder needs from the models: header, place, signature, legal basis, levels.

Where the models hold no field for a component (the locality printed before the date, the
issuing committee's name such as "THÀNH ỦY"), it is derived from what exists — the
organization's name and its committees (``issuers``) — and the Vietnamese stays editable in
the DOCX.
"""

from __future__ import annotations

from datetime import date

from phieukin.evaluations.models import CollectiveKind, Period, Subject
from phieukin.organizations.models import Organization, OrganizationKind
from phieukin.reports.documents.issuers import Issuer, committee_name
from phieukin.reports.documents.layout import Header, Signature, place_date
from phieukin.reports.register_models import DocumentNumber
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
    issuer: Issuer,
    *,
    doc_type: str = "",
    number: DocumentNumber | str | None = None,
    on: date | None = None,
    form_code: str = "",
) -> Header:
    """HD 36 cells 2–4 for ``issuer``: its superior and own name, the number with the issuer's
    symbol (``doc_type`` empty: no number, as minutes and forms), the place and date."""
    above, name = issuer.header_lines
    if not doc_type:
        text = ""
    elif isinstance(number, DocumentNumber):
        text = f"Số {number.label}"
    else:
        # Not numbered yet: the office writes the number by hand before the symbol.
        text = f"Số {number}" if number else f"Số     -{doc_type}/{issuer.symbol}"
    return Header(
        issuer=name,
        parent=above,
        number=text,
        place_date=place_date(locality(issuer.organization), on) if on else "",
        form_code=form_code,
    )


def signature(issuer: Issuer, on: date | None = None) -> Signature:
    return Signature(issuer.authority, issuer.position, issuer.signer(on))


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


def subject_name(subject: Subject) -> str:  # noqa: PLR0911 - one return per kind
    """ "Nguyễn Văn A"; a collective by its kind: "Ban Thường vụ Thành ủy Hà Thành"."""
    if subject.member_id:
        return subject.member.full_name
    org = subject.organization
    if org is None:
        return str(subject)
    kind = subject.collective_kind
    if kind == CollectiveKind.EXECUTIVE_COMMITTEE:
        return f"Ban Chấp hành {org.name}"
    if kind == CollectiveKind.STANDING_COMMITTEE:
        return f"Ban Thường vụ {committee_name(org)}"
    if kind == CollectiveKind.CELL_COMMITTEE:
        return f"Chi ủy {org.name}"
    if kind == CollectiveKind.LEADERSHIP_COLLECTIVE:
        return f"Tập thể lãnh đạo {org.name}"
    return str(org.name)


def subject_org(subject: Subject) -> Organization:
    """The organization a subject belongs to (its own, or the member's cell)."""
    return subject.organization if subject.organization_id else subject.member.organization
