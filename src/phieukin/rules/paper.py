"""Paper ballots: the counting board's count, its reconciliation and the double entry
(docs/paper.md).

Pure rules, no Django. A :class:`PaperCount` is what the counting board writes in the counting
minutes for the paper part of a poll: the numbered sheets and what became of each
(:class:`Sheets`), and per question (subject) the valid marks per option. The checks return
problems as values (:class:`~phieukin.rules.errors.RuleViolation`), each with its source:

- **reconciliation** (``paper_unreconciled``): ``issued = returned + spoiled + unused`` (every
  numbered sheet is accounted for: a missing sheet blocks) and ``returned = valid + invalid``;
- **option totals** (``paper_option_exceeds_valid``): per question the marks counted for its
  options are at most the valid sheets (a row marked twice or not at all counts for none);
- **double entry** (:func:`compare_entries`): two entries by two different members of the
  counting board must agree cell by cell, else the differing cells block;
- **one sheet read** (:func:`read_sheet`): the Party's rules on valid and invalid ballots,
  applied by analogy (QC 244 Điều 17 khoản 2, docs/paper.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from phieukin.rules.errors import RuleError, RuleViolation, input_error
from phieukin.rules.sources import DESIGN, QC190, QC244, Source

SHEET_FIELDS: Final = ("issued", "returned", "spoiled", "unused", "valid", "invalid")

VALIDITY_SOURCE: Final = Source(
    QC244,
    "Điều 17, khoản 2 (áp dụng tương tự)",
    "valid and invalid ballots of the Party's election regulation, applied by analogy to rating"
    " and approval ballots (docs/paper.md)",
)
COUNTING_SOURCE: Final = Source(
    QC190,
    "Điều 8, khoản 2 (áp dụng tương tự)",
    "the counting board counts the ballots issued and returned and decides on invalid ones",
)
DOUBLE_ENTRY_SOURCE: Final = Source(
    DESIGN, "nhập hai lần", "two members of the counting board enter the count independently"
)


@dataclass(frozen=True)
class Sheets:
    """What became of the numbered sheets: issued = returned + spoiled + unused, and the
    returned sheets are valid or invalid."""

    issued: int  # numbered sheets the counting board brought to the vote (Nos 1..issued)
    returned: int  # found in the ballot box
    spoiled: int  # spoiled by a member, exchanged and cancelled by the board
    unused: int  # left with the board, never handed out
    valid: int
    invalid: int

    @property
    def handed_out(self) -> int:
        """Sheets that reached a member and stayed with one: issued − spoiled − unused."""
        return self.issued - self.spoiled - self.unused

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in SHEET_FIELDS}


@dataclass(frozen=True)
class PaperCount:
    """The paper part of a poll: the sheets and, per question, the marks per option."""

    sheets: Sheets
    counts: tuple[tuple[int, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"sheets": self.sheets.as_dict(), "counts": [list(row) for row in self.counts]}


@dataclass(frozen=True)
class Cell:
    """One cell of the count: a sheet figure (``question`` None) or a question's option."""

    question: int | None
    option: int | None = None
    field: str = ""

    def label_vi(self, questions: Sequence[str] = (), options: Sequence[Sequence[str]] = ()) -> str:
        if self.question is None:
            return SHEET_LABELS_VI.get(self.field, self.field)
        name = (
            questions[self.question]
            if self.question < len(questions)
            else f"Câu {self.question + 1}"
        )
        row = options[self.question] if self.question < len(options) else ()
        assert self.option is not None
        choice = row[self.option] if self.option < len(row) else f"phương án {self.option + 1}"
        return f"{name}: {choice}"


SHEET_LABELS_VI: Final = {
    "issued": "Số phiếu phát hành (đánh số)",
    "returned": "Số phiếu thu về",
    "spoiled": "Số phiếu hỏng (đã đổi, huỷ)",
    "unused": "Số phiếu không sử dụng",
    "valid": "Số phiếu hợp lệ",
    "invalid": "Số phiếu không hợp lệ",
}


def _int(value: Any, name: str) -> int:
    if type(value) is not int or value < 0:
        raise input_error(
            "paper", f"{name} phải là số nguyên không âm", f"{name} must be an integer ≥ 0"
        )
    return value


def parse_count(data: Mapping[str, Any], shape: Sequence[int]) -> PaperCount:
    """A count from its JSON form ``{"sheets": {...}, "counts": [[...], ...]}``, shaped like the
    poll's questions (``shape``: options per question); malformed input is a ``RuleError``."""
    sheets_in = data.get("sheets")
    counts_in = data.get("counts")
    if not isinstance(sheets_in, Mapping) or set(sheets_in) != set(SHEET_FIELDS):
        raise input_error(
            "paper",
            "Thiếu hoặc thừa số liệu về phiếu",
            "sheets need exactly " + ", ".join(SHEET_FIELDS),
        )
    sheets = Sheets(**{k: _int(sheets_in[k], k) for k in SHEET_FIELDS})
    if not isinstance(counts_in, Sequence) or len(counts_in) != len(shape):
        raise input_error(
            "paper", "Số câu hỏi không khớp với phiếu", "one row of counts per question"
        )
    rows = []
    for q, (row, width) in enumerate(zip(counts_in, shape, strict=True)):
        if not isinstance(row, Sequence) or isinstance(row, str) or len(row) != width:
            raise input_error(
                "paper",
                f"Câu {q + 1}: số phương án không khớp",
                f"question {q + 1}: one count per option",
            )
        rows.append(tuple(_int(v, f"counts[{q}]") for v in row))
    return PaperCount(sheets, tuple(rows))


def reconciliation_problems(sheets: Sheets) -> list[RuleViolation]:
    """``issued = returned + spoiled + unused`` and ``returned = valid + invalid``."""
    problems = []
    accounted = sheets.returned + sheets.spoiled + sheets.unused
    if sheets.issued != accounted:
        problems.append(
            RuleViolation(
                "paper_unreconciled",
                f"Phiếu phát hành ({sheets.issued}) khác phiếu thu về + hỏng + không sử dụng"
                f" ({accounted}): thiếu hoặc thừa {abs(sheets.issued - accounted)} phiếu",
                f"sheets issued ({sheets.issued}) ≠ returned + spoiled + unused ({accounted})",
                COUNTING_SOURCE,
            )
        )
    if sheets.returned != sheets.valid + sheets.invalid:
        problems.append(
            RuleViolation(
                "paper_unreconciled",
                f"Phiếu thu về ({sheets.returned}) khác phiếu hợp lệ + không hợp lệ"
                f" ({sheets.valid + sheets.invalid})",
                f"sheets returned ({sheets.returned}) ≠ valid + invalid"
                f" ({sheets.valid + sheets.invalid})",
                COUNTING_SOURCE,
            )
        )
    return problems


def count_problems(count: PaperCount, labels: Sequence[str] = ()) -> list[RuleViolation]:
    """Every problem of a count: the reconciliation, then each question whose option totals
    exceed the valid sheets. An empty list means the count may be closed."""
    problems = reconciliation_problems(count.sheets)
    for q, row in enumerate(count.counts):
        if sum(row) > count.sheets.valid:
            name = labels[q] if q < len(labels) else f"Câu {q + 1}"
            problems.append(
                RuleViolation(
                    "paper_option_exceeds_valid",
                    f"{name}: tổng số phiếu các phương án ({sum(row)}) lớn hơn số phiếu hợp lệ"
                    f" ({count.sheets.valid})",
                    f"question {q + 1}: option totals ({sum(row)}) exceed the valid sheets"
                    f" ({count.sheets.valid})",
                    VALIDITY_SOURCE,
                )
            )
    return problems


def differing_cells(first: PaperCount, second: PaperCount) -> list[Cell]:
    """The cells where two entries of one count differ, sheets first, then question by
    question and option by option."""
    cells = [
        Cell(None, None, name)
        for name in SHEET_FIELDS
        if getattr(first.sheets, name) != getattr(second.sheets, name)
    ]
    if len(first.counts) != len(second.counts):
        raise input_error("paper", "Hai lần nhập khác số câu hỏi", "entries of different shapes")
    for q, (a, b) in enumerate(zip(first.counts, second.counts, strict=True)):
        if len(a) != len(b):
            raise input_error("paper", "Hai lần nhập khác số phương án", "rows of different widths")
        cells.extend(Cell(q, o) for o, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
    return cells


@dataclass(frozen=True)
class Comparison:
    """The double entry's verdict: agreed (no differing cell) or the cells that block."""

    cells: tuple[Cell, ...]

    @property
    def agreed(self) -> bool:
        return not self.cells


def compare_entries(
    first: PaperCount, second: PaperCount, *, first_by: object, second_by: object
) -> Comparison:
    """Double entry: two entries by two different counting-board members must be equal.
    The same member twice is refused (``paper_same_member``)."""
    if first_by == second_by:
        raise RuleError(
            RuleViolation(
                "paper_same_member",
                "Hai lần nhập phải do hai thành viên khác nhau của Ban kiểm phiếu thực hiện",
                "the two entries must be made by two different members of the counting board",
                DOUBLE_ENTRY_SOURCE,
            )
        )
    return Comparison(tuple(differing_cells(first, second)))


# -- one sheet (Điều 17 khoản 2 by analogy) --------------------------------------------------


@dataclass(frozen=True)
class QuestionShape:
    """A question as printed: its options, and how many marks a valid answer has."""

    options: int
    min: int = 1
    max: int = 1


@dataclass(frozen=True)
class SheetMarks:
    """One sheet as the counting board reads it."""

    issued_by_board: bool  # a numbered sheet of this poll, with the convening committee's stamp
    marks: tuple[tuple[bool, ...], ...]  # per question, per option: marked
    written_on: bool = False  # names added or other content written (identifies the voter)


@dataclass(frozen=True)
class SheetReading:
    """Valid or not (with the reason); for a valid sheet, per question the option counted
    (``None``: the question's marks break its rule and count for no option)."""

    valid: bool
    reason: str = ""
    chosen: tuple[tuple[int, ...] | None, ...] = field(default_factory=tuple)


def read_sheet(sheet: SheetMarks, questions: Sequence[QuestionShape]) -> SheetReading:
    """A sheet not issued by the counting board, or written on, is invalid; on a valid sheet a
    question counts its marked options when their number lies in ``min..max`` (one mark for a
    rating or an approval), and counts for none otherwise (the sheet stays valid for the
    other questions)."""
    if not sheet.issued_by_board:
        return SheetReading(False, "not_issued_by_board")
    if sheet.written_on:
        return SheetReading(False, "written_on")
    if len(sheet.marks) != len(questions):
        raise input_error("paper", "Phiếu không đúng mẫu", "a sheet has one row per question")
    chosen: list[tuple[int, ...] | None] = []
    for row, shape in zip(sheet.marks, questions, strict=True):
        if len(row) != shape.options:
            raise input_error("paper", "Phiếu không đúng mẫu", "one mark box per option")
        marked = tuple(o for o, m in enumerate(row) if m)
        chosen.append(marked if shape.min <= len(marked) <= shape.max else None)
    return SheetReading(True, "", tuple(chosen))


def count_sheets(
    readings: Iterable[SheetReading],
    questions: Sequence[QuestionShape],
    *,
    issued: int,
    spoiled: int,
    unused: int,
) -> PaperCount:
    """The count from every returned sheet read one by one."""
    returned = valid = 0
    totals = [[0] * q.options for q in questions]
    for reading in readings:
        returned += 1
        if not reading.valid:
            continue
        valid += 1
        for q, chosen in enumerate(reading.chosen):
            for o in chosen or ():
                totals[q][o] += 1
    sheets = Sheets(issued, returned, spoiled, unused, valid, returned - valid)
    return PaperCount(sheets, tuple(tuple(row) for row in totals))


def check_issuance(*, present: int, cards: int, sheets: Sheets) -> RuleViolation | None:
    """One card or one sheet per member present: cards + sheets handed out ≤ present."""
    if cards + sheets.handed_out <= present:
        return None
    return RuleViolation(
        "paper_issuance_exceeds_present",
        f"Số thẻ ({cards}) cộng số phiếu giấy phát cho đảng viên ({sheets.handed_out}) lớn hơn"
        f" số đảng viên có mặt ({present})",
        f"cards ({cards}) + sheets handed out ({sheets.handed_out}) exceed members present"
        f" ({present})",
        COUNTING_SOURCE,
    )


def combined(electronic: Sequence[Sequence[int]], paper: PaperCount) -> list[list[int]]:
    """The poll's result: electronic + paper, question by question, option by option."""
    if len(electronic) != len(paper.counts) or any(
        len(e) != len(p) for e, p in zip(electronic, paper.counts, strict=True)
    ):
        raise input_error("paper", "Kết quả điện tử và giấy khác dạng", "shapes differ")
    return [
        [e + p for e, p in zip(erow, prow, strict=True)]
        for erow, prow in zip(electronic, paper.counts, strict=True)
    ]
