"""How a Django subject reads in the rules' vocabulary: its kind, its authority row, bodies.

The rules describe bodies relative to the subject (``Body.GRASSROOTS_COMMITTEE``: the grassroots
committee above it); a conference is held by one concrete committee. ``body_of`` maps that
committee (or a general meeting of a cell) to the relative body, so ``check_decider`` and
``AuthorityRule.role_of`` can say whether the conference's vote is the decision or a proposal.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from phieukin.evaluations.models import CollectiveKind, Period, Subject, SubjectKind
from phieukin.organizations.models import (
    Committee,
    CommitteeKind,
    Organization,
    OrganizationKind,
)
from phieukin.rules import AuthorityRule, Body, OrgKind, RuleSet, Step, authority_for, rule_set_for
from phieukin.rules import SubjectKind as RulesKind

_COLLECTIVE_KINDS = {
    CollectiveKind.PARTY_ORGANIZATION: RulesKind.PARTY_ORGANIZATION,
    CollectiveKind.CELL: RulesKind.PARTY_ORGANIZATION,
    CollectiveKind.EXECUTIVE_COMMITTEE: RulesKind.PARTY_COMMITTEE,
    CollectiveKind.CELL_COMMITTEE: RulesKind.PARTY_COMMITTEE,
    CollectiveKind.STANDING_COMMITTEE: RulesKind.STANDING_COMMITTEE,
    CollectiveKind.LEADERSHIP_COLLECTIVE: RulesKind.LEADERSHIP_COLLECTIVE,
}
BODY_LABELS = {
    Body.SELF: _("The subject itself"),
    Body.CELL: _("The party cell"),
    Body.ADVISORY_BODY: _("Advisory body on organization and personnel"),
    Body.PARTIAL_COMMITTEE: _("Partial party committee"),
    Body.GRASSROOTS_COMMITTEE: _("Grassroots party committee"),
    Body.SUPERIOR_STANDING_COMMITTEE: _("Standing Committee of the superior committee"),
    Body.PROVINCIAL_STANDING_COMMITTEE: _("Provincial Standing Committee"),
    Body.PROVINCIAL_EXECUTIVE_COMMITTEE: _("Provincial Executive Committee"),
    Body.CENTRAL_ORGANIZATION_COMMITTEE: _("Central Organization Committee"),
    Body.POLITBURO_SECRETARIAT: _("Politburo / Secretariat"),
    Body.MANAGING_BODY: _("The level managing the subject"),
}
STEP_LABELS = {
    Step.SELF_RATE: _("Self-rating"),
    Step.PROPOSE: _("Proposal"),
    Step.APPRAISE: _("Appraisal"),
    Step.APPROVE: _("Approval"),
    Step.DECIDE: _("Decision"),
    Step.ANSWER_TO: _("Answerable to"),
}


def body_label(code: str) -> str:
    """What a person reads for a stored body code (``Subject.decided_by``, a vote's body):
    the label, or the stored text itself when it is not a code (older rows hold free text)."""
    try:
        return str(BODY_LABELS[Body(code)])
    except ValueError:
        return code


def chain_labels(chain: AuthorityRule) -> list[tuple[str, str]]:
    """The rating chain's steps as (step, body) labels, in order."""
    return [(str(STEP_LABELS[step]), str(BODY_LABELS[body])) for step, body in chain.steps]


COMMITTEE_COLLECTIVE = {
    CommitteeKind.EXECUTIVE: CollectiveKind.EXECUTIVE_COMMITTEE,
    CommitteeKind.STANDING: CollectiveKind.STANDING_COMMITTEE,
    CommitteeKind.CELL: CollectiveKind.CELL_COMMITTEE,
}


def rules_for(period: Period) -> RuleSet:
    return rule_set_for(period.regulation.removeprefix("reg"))


def rules_kind(subject: Subject) -> RulesKind:
    """The subject's kind under the rules (stored at generation; derived when missing)."""
    if subject.rules_kind:
        return RulesKind(subject.rules_kind)
    if subject.kind == SubjectKind.COLLECTIVE:
        return _COLLECTIVE_KINDS[CollectiveKind(subject.collective_kind)]
    return RulesKind.LEADER if subject.is_leader else RulesKind.MEMBER


def home_organization(subject: Subject) -> Organization:
    """The organization a subject belongs to: its own (collectives) or the member's cell."""
    if subject.organization_id is not None:
        return subject.organization  # type: ignore[return-value]
    return subject.member.organization  # type: ignore[union-attr]


def authority(subject: Subject) -> AuthorityRule:
    org = home_organization(subject)
    parent = org.parent
    return authority_for(
        rules_for(subject.period),
        rules_kind(subject),
        OrgKind(org.kind),
        parent_kind=OrgKind(parent.kind) if parent is not None else None,
    )


_CENTRAL_BODIES = frozenset({Body.POLITBURO_SECRETARIAT, Body.CENTRAL_ORGANIZATION_COMMITTEE})
_PROVINCIAL_BODIES = frozenset(
    {Body.PROVINCIAL_STANDING_COMMITTEE, Body.PROVINCIAL_EXECUTIVE_COMMITTEE}
)
_ABOVE_BODIES = frozenset({Body.MANAGING_BODY, Body.SUPERIOR_STANDING_COMMITTEE})


def outside_installation(subject: Subject, body: Body) -> bool:
    """Whether ``body`` (relative to ``subject``) sits above every organization held here.

    An installation holds a tree: a province (one server per province) or the national tree.
    Central bodies are outside unless a central-level organization is an ancestor here; the
    provincial bodies unless a provincial one is; the level managing or directly above the
    subject's organization when that organization is the top of the tree here.
    """
    org = home_organization(subject)
    if body in _CENTRAL_BODIES or body in _PROVINCIAL_BODIES:
        kinds = (
            {OrganizationKind.CENTRAL}
            if body in _CENTRAL_BODIES
            else {OrganizationKind.CENTRAL, OrganizationKind.PROVINCIAL}
        )
        holders = Organization.objects.filter(kind__in=kinds)
        return not any(org.path.startswith(path) for path in holders.values_list("path", flat=True))
    if body in _ABOVE_BODIES:
        return org.parent_id is None and org.kind != OrganizationKind.CENTRAL
    return False


def _is_ancestor_or_self(ancestor: Organization, org: Organization) -> bool:
    return org.path.startswith(ancestor.path)


def body_of(  # noqa: PLR0911 - one return per row of the authority vocabulary
    committee: Committee | None, organization: Organization, subject: Subject
) -> Body:
    """The relative body a conference of ``committee`` (None: general meeting of the cell
    ``organization``) is, for ``subject``."""
    home = home_organization(subject)
    kind = rules_kind(subject)
    if committee is None:
        return Body.CELL if subject.member_id else Body.SELF
    org = committee.organization
    if kind in (RulesKind.MEMBER, RulesKind.MEMBER_OUTSIDE_SYSTEM) and org.pk == home.pk:
        return Body.CELL
    if kind is RulesKind.PARTY_ORGANIZATION and org.pk == home.pk:
        if org.kind == OrganizationKind.PROVINCIAL:
            if committee.kind == CommitteeKind.EXECUTIVE:
                return Body.PROVINCIAL_EXECUTIVE_COMMITTEE
            return Body.PROVINCIAL_STANDING_COMMITTEE
        return Body.SELF
    if kind not in (
        RulesKind.PARTY_ORGANIZATION,
        RulesKind.MEMBER,
        RulesKind.MEMBER_OUTSIDE_SYSTEM,
    ):
        # Committees, leadership collectives, leaders: the level managing them (QĐ 366 Điều 3).
        return Body.MANAGING_BODY if _is_ancestor_or_self(org, home) else Body.SELF
    if not _is_ancestor_or_self(org, home):
        return Body.SELF
    return _superior_body(committee, org, home)


def _superior_body(committee: Committee, org: Organization, home: Organization) -> Body:
    if org.kind == OrganizationKind.PROVINCIAL:
        if committee.kind == CommitteeKind.EXECUTIVE:
            return Body.PROVINCIAL_EXECUTIVE_COMMITTEE
        return Body.PROVINCIAL_STANDING_COMMITTEE
    if org.kind == OrganizationKind.GRASSROOTS:
        return Body.GRASSROOTS_COMMITTEE
    if org.kind == OrganizationKind.PARTIAL:
        return Body.PARTIAL_COMMITTEE
    if committee.kind == CommitteeKind.STANDING:
        return Body.SUPERIOR_STANDING_COMMITTEE
    return Body.SELF
