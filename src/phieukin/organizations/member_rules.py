"""What a party member's record must satisfy: the one place the importer, the services and the
admin ask.

Pure Python (no Django, tests/test_architecture.py checks it): the importer turns each
``MemberProblem`` into a row error, the services into a ``MemberRuleError``, the admin into a
form error on the field it names. So a record refused by one door is refused by the others,
with the same code and the same message (tests/organizations/test_member_rules_table.py runs
every case through all three).

The record's fields are declared once, by ``MemberRecord``: the model's columns, the admin
form, the import columns and the template header all derive from its field list and the
``FieldSpec`` each field carries.

Sources (docs/sources.md §8): admission at 18 or older (Điều lệ Đảng, Điều 1); the Party was
founded on 03/02/1930; only an official member has an official date. The transition table and
the plausibility checks (nothing in the future, no birth before 1900) are phieukin's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date


def gettext_noop(message: str) -> str:
    """Marks an English msgid for the catalogue (``makemessages`` looks for this name).

    The module cannot import Django's; the reader's language is applied where the problem is
    shown (``phieukin.organizations.errors.render``).
    """
    return message


# Member statuses and sexes: the values stored in the database (models.py gives them labels).
OFFICIAL = "official"
PROBATIONARY = "probationary"
SUSPENDED = "suspended"
EXEMPTED = "exempted"
TRANSFERRED = "transferred"
STATUSES = (OFFICIAL, PROBATIONARY, SUSPENDED, EXEMPTED, TRANSFERRED)
MALE, FEMALE = "male", "female"
SEXES = (MALE, FEMALE)
# The kinds of organization a member may belong to (``OrganizationKind`` values).
CELL_KINDS = frozenset({"cell", "grassroots_cell"})

PARTY_FOUNDED = date(1930, 2, 3)
MIN_ADMISSION_AGE = 18
OLDEST_BIRTH = date(1900, 1, 1)

# One status field, one transition table. Leaving the Party organization (TRANSFERRED)
# closes the open membership; coming back opens one in the member's cell (official again if
# they had become official, else probationary: the record's date rules say which).
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    PROBATIONARY: frozenset({OFFICIAL, TRANSFERRED}),
    OFFICIAL: frozenset({SUSPENDED, EXEMPTED, TRANSFERRED}),
    SUSPENDED: frozenset({OFFICIAL, TRANSFERRED}),
    EXEMPTED: frozenset({OFFICIAL, TRANSFERRED}),
    TRANSFERRED: frozenset({OFFICIAL, PROBATIONARY}),
}
# A member enters the register in the state they are in; one who has transferred out is
# registered where they now belong, not added as transferred.
NEW_MEMBER_STATUSES = frozenset({OFFICIAL, PROBATIONARY, SUSPENDED, EXEMPTED})

# Kinds of field (how a cell of an import file is read; what the admin form shows).
CODE, TEXT, DATE, SEX, STATUS, CELL = "code", "text", "date", "sex", "status", "cell"


@dataclass(frozen=True)
class FieldSpec:
    """What every door needs to know of one field of a member."""

    kind: str
    required: bool
    headers: tuple[str, ...]  # import headers: the template's first (Vietnamese), then aliases
    max_length: int = 0  # text and code fields
    keep_when_absent: bool = False  # re-importing a file without the column keeps the value


def _spec(kind: str, required: bool, *headers: str, max_length: int = 0) -> dict[str, FieldSpec]:
    """A field's declaration; an optional field keeps its stored value when a file omits it."""
    return {"spec": FieldSpec(kind, required, headers, max_length, keep_when_absent=not required)}


@dataclass(frozen=True)
class MemberRecord:
    """A party member's own facts (their cell and history are kept beside them)."""

    card_number: str = dataclasses.field(
        metadata=_spec(
            CODE, True, "Số thẻ đảng viên", "Số thẻ", "Số thẻ ĐV", "Card number", max_length=20
        )
    )
    full_name: str = dataclasses.field(
        metadata=_spec(TEXT, True, "Họ và tên", "Họ tên", "Full name", max_length=200)
    )
    birth_date: date = dataclasses.field(
        metadata=_spec(DATE, True, "Ngày sinh", "Ngày tháng năm sinh", "Date of birth")
    )
    sex: str = dataclasses.field(metadata=_spec(SEX, True, "Giới tính", "Gender"))
    admitted_on: date = dataclasses.field(
        metadata=_spec(DATE, True, "Ngày vào Đảng", "Ngày kết nạp", "Admitted", "Admission date")
    )
    official_on: date | None = dataclasses.field(
        default=None,
        metadata=_spec(DATE, False, "Ngày chính thức", "Ngày công nhận chính thức", "Official"),
    )
    status: str = dataclasses.field(
        default=OFFICIAL, metadata=_spec(STATUS, False, "Trạng thái", "Tình trạng")
    )
    position: str = dataclasses.field(
        default="", metadata=_spec(TEXT, False, "Chức vụ", max_length=255)
    )


RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(MemberRecord))
FIELD_SPECS: dict[str, FieldSpec] = {f.name: f.metadata["spec"] for f in fields(MemberRecord)}
# The member's cell: ``organization`` on the model and in the admin, a code in an import file.
CELL_FIELD = "organization"
CELL_SPEC = FieldSpec(
    CELL,
    True,
    ("Mã chi bộ", "Mã tổ chức", "Chi bộ", "Cell code", "Organization code", "Org code"),
    max_length=32,
)


def values_of(record: MemberRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in RECORD_FIELDS}


def default_status(official_on: date | None) -> str:
    """The status a record states by its dates when it names none."""
    return OFFICIAL if official_on is not None else PROBATIONARY


@dataclass(frozen=True)
class MemberProblem:
    """One thing wrong with a member: which field, a stable code, and an English msgid.

    ``params`` fill the msgid's ``%(name)s`` placeholders; values named ``kind``,
    ``old_status`` and ``new_status`` are stored values that the reader sees as labels.
    """

    field: str
    code: str
    message: str
    params: Mapping[str, object] = dataclasses.field(default_factory=dict)


def normalized(record: MemberRecord) -> MemberRecord:
    """Surrounding and repeated spaces dropped, as every door stores text."""
    return replace(
        record,
        card_number=record.card_number.strip(),
        full_name=" ".join(record.full_name.split()),
        position=" ".join(record.position.split()),
    )


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def check_record(values: Mapping[str, object], *, today: date) -> list[MemberProblem]:
    """Every problem of one member's facts, each on the field it is about.

    ``values`` maps field names to typed values. A field the caller could not read (an import
    cell that is not a date) is left out: its own problem is reported by the caller, and the
    rules that compare it with another field are skipped rather than guessed.
    """
    problems: list[MemberProblem] = []
    for name in ("card_number", "full_name", "position"):
        value = values.get(name)
        if isinstance(value, str):
            problems += _text_problems(name, value)
    problems += _choice_problems(values)
    dates: dict[str, date] = {}
    for name in ("birth_date", "admitted_on", "official_on"):
        value = values.get(name)
        if not isinstance(value, date):
            continue
        problem = _date_problem(name, value, today)
        if problem is None:
            dates[name] = value
        else:  # comparing a wrong date with another would only add noise
            problems.append(problem)
    problems += _order_problems(dates)
    status = values.get("status")
    if isinstance(status, str) and "official_on" in values:
        problems += _status_date_problems(status, values["official_on"])
    return problems


def check_status(old: str | None, new: str) -> list[MemberProblem]:
    """Whether a member may be registered as ``new`` (``old`` None) or go from ``old`` to it."""
    if new not in STATUSES or old == new:
        return []
    if old is None:
        if new in NEW_MEMBER_STATUSES:
            return []
        message = gettext_noop(
            "A member who has transferred out is not added as such; add them in the cell "
            "where they now belong."
        )
        return [MemberProblem("status", "new_transferred", message)]
    if new in STATUS_TRANSITIONS.get(old, frozenset()):
        return []
    return [
        MemberProblem(
            "status",
            "bad_transition",
            gettext_noop("A member cannot go from %(old_status)s to %(new_status)s."),
            {"old_status": old, "new_status": new},
        )
    ]


def membership_change(old: str, new: str) -> str | None:
    """What a status change does to the open membership: "close", "open" or nothing."""
    if new == TRANSFERRED and old != TRANSFERRED:
        return "close"
    if old == TRANSFERRED and new != TRANSFERRED:
        return "open"
    return None


def check_cell(code: str, kind: str) -> list[MemberProblem]:
    """A member belongs to a Party cell, never to a committee-level organization."""
    if kind in CELL_KINDS:
        return []
    return [
        MemberProblem(
            CELL_FIELD,
            "not_a_cell",
            gettext_noop("%(code)s is a %(kind)s; members belong to a Party cell."),
            {"code": code, "kind": kind},
        )
    ]


def check_member(
    record: MemberRecord, *, cell_code: str, cell_kind: str, old_status: str | None, today: date
) -> list[MemberProblem]:
    """Every rule at once, for a door that holds a whole record (services, admin)."""
    return [
        *check_record(values_of(record), today=today),
        *check_status(old_status, record.status),
        *check_cell(cell_code, cell_kind),
    ]


# --------------------------------------------------------------------------- the rules


def _dmy(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _text_problems(name: str, value: str) -> list[MemberProblem]:
    spec = FIELD_SPECS[name]
    if spec.required and not value:
        needs = {
            "card_number": gettext_noop("A member needs a party card number."),
            "full_name": gettext_noop("A member needs a full name."),
        }
        return [MemberProblem(name, "required", needs[name])]
    if len(value) > spec.max_length:
        message = gettext_noop("At most %(max)s characters (%(length)s given).")
        return [
            MemberProblem(name, "too_long", message, {"max": spec.max_length, "length": len(value)})
        ]
    if spec.kind == CODE and any(ch.isspace() or not ch.isprintable() for ch in value):
        message = gettext_noop("A code may not contain spaces: %(value)s.")
        return [MemberProblem(name, "bad_code", message, {"value": value})]
    if name == "full_name" and not any(ch.isalpha() for ch in value):
        return [MemberProblem(name, "bad_name", gettext_noop("A full name must contain letters."))]
    return []


def _choice_problems(values: Mapping[str, object]) -> list[MemberProblem]:
    problems: list[MemberProblem] = []
    sex, status = values.get("sex"), values.get("status")
    if isinstance(sex, str) and sex not in SEXES:
        message = gettext_noop("Unknown sex %(sex)r.")
        problems.append(MemberProblem("sex", "bad_sex", message, {"sex": sex}))
    if isinstance(status, str) and status not in STATUSES:
        message = gettext_noop("Unknown member status %(status)r.")
        problems.append(MemberProblem("status", "bad_status", message, {"status": status}))
    return problems


def _date_problem(name: str, value: date, today: date) -> MemberProblem | None:
    if value > today:
        message = gettext_noop("The date %(date)s is in the future.")
        return MemberProblem(name, "future_date", message, {"date": _dmy(value)})
    if name == "birth_date" and value < OLDEST_BIRTH:
        message = gettext_noop("A date of birth before 1900 is not plausible.")
        return MemberProblem(name, "implausible_birth", message)
    if name == "admitted_on" and value < PARTY_FOUNDED:
        message = gettext_noop("The admission date is before the Party was founded (03/02/1930).")
        return MemberProblem(name, "before_founding", message)
    return None


def _order_problems(dates: Mapping[str, date]) -> list[MemberProblem]:
    problems: list[MemberProblem] = []
    birth, admitted, official = (dates.get(n) for n in ("birth_date", "admitted_on", "official_on"))
    if birth is not None and admitted is not None:
        if admitted <= birth:
            message = gettext_noop("The date admitted must be after the date of birth.")
            problems.append(MemberProblem("admitted_on", "admitted_before_birth", message))
        elif (age := age_on(birth, admitted)) < MIN_ADMISSION_AGE:
            message = gettext_noop(
                "The member would have been %(age)s when admitted; the minimum age is 18."
            )
            problems.append(MemberProblem("admitted_on", "too_young", message, {"age": age}))
    if official is not None and admitted is not None and official < admitted:
        message = gettext_noop("The official date is before the admission date.")
        problems.append(MemberProblem("official_on", "official_before_admitted", message))
    return problems


def _status_date_problems(status: str, official_on: object) -> list[MemberProblem]:
    """Only an official member has an official date (the probation ends with it)."""
    if status == PROBATIONARY and official_on is not None:
        message = gettext_noop(
            "A probationary member has no official date yet; clear it or fix the status."
        )
        return [MemberProblem("official_on", "probationary_with_official", message)]
    if status == OFFICIAL and official_on is None:
        message = gettext_noop("An official member needs the date they became official.")
        return [MemberProblem("official_on", "official_date_required", message)]
    return []
