"""The ballot manifest: questions, kinds and bounds (protocol.md §3.2 "Manifest").

The crypto only needs each question's option count and ``[min, max]``; the kinds fix those for
the Party's two usual questions (a rating: 4 levels + an explicit blank, exactly one; and
approve / disapprove / abstain) and leave ``choose`` (k of n) general.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from phieukin.crypto.errors import InvalidSchema

KINDS: Final = ("rating", "approval", "choose")
MAX_QUESTIONS: Final = 256
MAX_OPTIONS: Final = 64
MAX_TEXT: Final = 1000
MAX_TOTAL_OPTIONS: Final = 1024
"""Keeps every ballot (≈ 480 bytes per option) well under the 1 MiB record-line limit."""


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    kind: str
    label: str
    options: tuple[str, ...]
    min: int
    max: int
    ref: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "options": list(self.options),
            "min": self.min,
            "max": self.max,
        }
        if self.ref is not None:
            data["ref"] = self.ref
        return data


@dataclass(frozen=True, slots=True)
class Manifest:
    title: str
    questions: tuple[Question, ...]

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "questions": [q.to_json() for q in self.questions]}


def _text(value: Any, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
        raise InvalidSchema(
            f"{what} must be a {'' if empty else 'non-empty '}string ≤ {MAX_TEXT} chars"
        )
    return value


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise InvalidSchema(f"{what} must be a non-negative integer")
    return value


def _question(data: Any, where: str) -> Question:
    required = {"id", "kind", "label", "options", "min", "max"}
    if (
        not isinstance(data, dict)
        or not required <= set(data)
        or not set(data) <= required | {"ref"}
    ):
        raise InvalidSchema(f"{where} must have exactly {sorted(required)} and optionally ref")
    options = data["options"]
    if not isinstance(options, list) or not 1 <= len(options) <= MAX_OPTIONS:
        raise InvalidSchema(f"{where}.options must be a list of 1..{MAX_OPTIONS} labels")
    question = Question(
        id=_text(data["id"], f"{where}.id"),
        kind=data["kind"],
        label=_text(data["label"], f"{where}.label"),
        options=tuple(_text(o, f"{where}.options[{k}]") for k, o in enumerate(options)),
        min=_int(data["min"], f"{where}.min"),
        max=_int(data["max"], f"{where}.max"),
        ref=None if "ref" not in data else _text(data["ref"], f"{where}.ref", empty=True),
    )
    _check_kind(question, where)
    return question


def _check_kind(q: Question, where: str) -> None:
    if q.kind == "rating" and (len(q.options) != 5 or (q.min, q.max) != (1, 1)):
        raise InvalidSchema(f"{where}: a rating has 4 levels + blank (5 options) and min = max = 1")
    if q.kind == "approval" and (len(q.options) != 3 or (q.min, q.max) != (1, 1)):
        raise InvalidSchema(f"{where}: an approval has 3 options and min = max = 1")
    if q.kind not in KINDS:
        raise InvalidSchema(f"{where}.kind must be one of {', '.join(KINDS)}")
    if not q.min <= q.max <= len(q.options):
        raise InvalidSchema(f"{where}: need 0 ≤ min ≤ max ≤ number of options")


def parse_manifest(data: Any) -> Manifest:
    if not isinstance(data, dict) or set(data) != {"title", "questions"}:
        raise InvalidSchema("manifest must have exactly title and questions")
    questions = data["questions"]
    if not isinstance(questions, list) or not 1 <= len(questions) <= MAX_QUESTIONS:
        raise InvalidSchema(f"manifest must have 1..{MAX_QUESTIONS} questions")
    parsed = tuple(_question(q, f"questions[{k}]") for k, q in enumerate(questions))
    if sum(len(q.options) for q in parsed) > MAX_TOTAL_OPTIONS:
        raise InvalidSchema(f"a manifest has at most {MAX_TOTAL_OPTIONS} options in all")
    if len({q.id for q in parsed}) != len(parsed):
        raise InvalidSchema("question ids must be unique")
    return Manifest(_text(data["title"], "manifest.title"), parsed)


RATING_LEVELS: Final = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
    "Phiếu trắng",
)


def rating_question(qid: str, label: str, ref: str | None = None) -> Question:
    """A rating question with the four levels of Regulation 124/366 and the blank."""
    return Question(qid, "rating", label, RATING_LEVELS, 1, 1, ref)
