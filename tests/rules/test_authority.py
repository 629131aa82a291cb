"""Who rates whom (HD 43 mục 3; HD 25 and the Hanoi precedent for the provincial case)."""

from __future__ import annotations

import pytest

from phieukin.rules import (
    REG124,
    REG366,
    Body,
    OrgKind,
    RuleError,
    RuleSet,
    Step,
    SubjectKind,
    authority_for,
    check_decider,
)

ORG = SubjectKind.PARTY_ORGANIZATION


@pytest.mark.parametrize(
    ("org", "parent", "decider"),
    [
        (OrgKind.CELL, OrgKind.GRASSROOTS, Body.GRASSROOTS_COMMITTEE),
        (OrgKind.CELL, OrgKind.PARTIAL, Body.GRASSROOTS_COMMITTEE),
        (OrgKind.PARTIAL, OrgKind.GRASSROOTS, Body.GRASSROOTS_COMMITTEE),
        (OrgKind.GRASSROOTS_CELL, OrgKind.DIRECT, Body.SUPERIOR_STANDING_COMMITTEE),
        (OrgKind.GRASSROOTS_CELL, OrgKind.PROVINCIAL, Body.PROVINCIAL_STANDING_COMMITTEE),
        (OrgKind.GRASSROOTS, OrgKind.DIRECT, Body.SUPERIOR_STANDING_COMMITTEE),
        (OrgKind.GRASSROOTS, OrgKind.PROVINCIAL, Body.PROVINCIAL_STANDING_COMMITTEE),
        (OrgKind.DIRECT, OrgKind.PROVINCIAL, Body.PROVINCIAL_STANDING_COMMITTEE),
        (OrgKind.PROVINCIAL, OrgKind.CENTRAL, Body.POLITBURO_SECRETARIAT),
    ],
)
def test_it_follows_guidance_43_for_party_organizations(
    org: OrgKind, parent: OrgKind, decider: Body
) -> None:
    row = authority_for(REG366, ORG, org, parent_kind=parent)
    assert row.decider is decider
    assert row.source.document.code == "43-HD/BTCTW"
    assert row.steps[0][0] is Step.SELF_RATE


def test_it_lets_the_partial_committee_propose_for_its_cells() -> None:
    row = authority_for(REG366, ORG, OrgKind.CELL, parent_kind=OrgKind.PARTIAL)
    assert row.role_of(Body.PARTIAL_COMMITTEE) is Step.PROPOSE


def test_it_has_the_province_approve_and_the_politburo_decide_under_366() -> None:
    row = authority_for(REG366, ORG, OrgKind.PROVINCIAL)
    assert row.role_of(Body.PROVINCIAL_STANDING_COMMITTEE) is Step.SELF_RATE
    assert row.role_of(Body.PROVINCIAL_EXECUTIVE_COMMITTEE) is Step.APPROVE
    assert row.role_of(Body.CENTRAL_ORGANIZATION_COMMITTEE) is Step.APPRAISE
    assert row.decider is Body.POLITBURO_SECRETARIAT


def test_it_has_the_province_rate_itself_under_124_as_hanoi_did() -> None:
    row = authority_for(REG124, ORG, OrgKind.PROVINCIAL)
    assert row.decider is Body.PROVINCIAL_EXECUTIVE_COMMITTEE
    assert row.role_of(Body.POLITBURO_SECRETARIAT) is Step.ANSWER_TO
    assert "Hà Nội" in row.source.cite()


def test_it_rates_members_at_their_cell() -> None:
    row = authority_for(REG366, SubjectKind.MEMBER, OrgKind.CELL)
    assert row.role_of(Body.CELL) is Step.PROPOSE
    assert row.decider is Body.GRASSROOTS_COMMITTEE
    assert authority_for(REG366, SubjectKind.MEMBER, OrgKind.GRASSROOTS_CELL).decider is Body.CELL
    assert row.source.uncertain


def test_it_has_the_managing_level_rate_leaders_and_collectives() -> None:
    for kind in (SubjectKind.LEADER, SubjectKind.STANDING_COMMITTEE):
        row = authority_for(REG366, kind)
        assert row.decider is Body.MANAGING_BODY
        assert row.source.cite() == "Quy định 366-QĐ/TW, Điều 3"


def test_it_refuses_the_wrong_body() -> None:
    check_decider(REG366, Body.GRASSROOTS_COMMITTEE, ORG, OrgKind.CELL)
    with pytest.raises(RuleError) as exc:
        check_decider(REG366, Body.PROVINCIAL_EXECUTIVE_COMMITTEE, ORG, OrgKind.PROVINCIAL)
    assert exc.value.code == "authority.wrong_body"
    assert "mục 3" in exc.value.violation.explain_vi()


def test_it_refuses_an_unknown_combination() -> None:
    with pytest.raises(RuleError) as exc:
        authority_for(REG366, ORG, OrgKind.CENTRAL)
    assert exc.value.code == "authority.unknown"


@pytest.mark.parametrize("rules", [REG124, REG366], ids=["124", "366"])
def test_a_provinces_cap_is_applied_by_the_politburo_and_secretariat(rules: RuleSet) -> None:
    """The province's group of comparable subjects is the organizations directly under the
    Central Committee: under 366 the Politburo/Secretariat decide; under 124 the province's
    Executive Committee decides and answers to the Politburo, which counts the cap."""
    row = authority_for(rules, SubjectKind.PARTY_ORGANIZATION, OrgKind.PROVINCIAL)
    assert row.cap_body is Body.POLITBURO_SECRETARIAT
    assert row.cap_source is not None and row.cap_source.uncertain
    cell = authority_for(rules, SubjectKind.PARTY_ORGANIZATION, OrgKind.CELL)
    assert cell.cap_body is cell.decider is Body.GRASSROOTS_COMMITTEE
