"""The one declaration of a member's fields (``member_rules.MemberRecord``) and what derives
from it: the model's columns, the import columns, the admin form, the rules' vocabulary."""

from __future__ import annotations

from django.db import models

from phieukin.organizations import member_rules as rules
from phieukin.organizations.admin import MemberForm
from phieukin.organizations.importing.columns import FIELDS, MEMBERS
from phieukin.organizations.member_rules import CELL_FIELD, FIELD_SPECS, RECORD_FIELDS
from phieukin.organizations.models import CELL_KINDS, Member, MemberStatus, Sex


def test_the_model_stores_every_declared_field_as_declared() -> None:
    for name, spec in FIELD_SPECS.items():
        column = Member._meta.get_field(name)
        assert column.null == (spec.kind == rules.DATE and not spec.required), name
        if spec.kind == rules.DATE:
            assert isinstance(column, models.DateField), name
        else:
            assert isinstance(column, models.CharField), name
        if spec.max_length:
            assert column.max_length == spec.max_length, name
    stored = {f.name for f in Member._meta.concrete_fields} - {"id", "organization"}
    derived = {"search_name", "sort_key", "created_at", "updated_at"}
    assert stored - derived == set(RECORD_FIELDS)


def test_the_import_columns_and_the_admin_form_are_the_declared_fields() -> None:
    assert [f.name for f in FIELDS[MEMBERS]] == [*RECORD_FIELDS, "org_code"]
    assert [f.header for f in FIELDS[MEMBERS]][: len(RECORD_FIELDS)] == [
        FIELD_SPECS[n].headers[0] for n in RECORD_FIELDS
    ]
    assert list(MemberForm().fields) == [*RECORD_FIELDS, CELL_FIELD]


def test_the_rules_and_the_model_use_the_same_vocabulary() -> None:
    assert set(rules.STATUSES) == set(MemberStatus.values)
    assert set(rules.SEXES) == set(Sex.values)
    assert set(rules.CELL_KINDS) == {str(k) for k in CELL_KINDS}
    assert set(rules.STATUS_TRANSITIONS) == set(MemberStatus.values)
