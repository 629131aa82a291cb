from __future__ import annotations

import pytest

from phieukin.crypto.election import parse_setup
from phieukin.crypto.errors import InvalidSchema
from phieukin.crypto.manifest import parse_manifest
from tests.crypto.conftest import MULTI

GOOD = MULTI.to_json()


def test_it_round_trips_a_manifest() -> None:
    assert parse_manifest(GOOD) == MULTI


@pytest.mark.parametrize(
    "change",
    [
        lambda q: q.update(kind="rating", options=q["options"][:4]),
        lambda q: q.update(min=2),
        lambda q: q.update(kind="poll"),
        lambda q: q.update(options=[]),
        lambda q: q.update(label=""),
        lambda q: q.update(extra=1),
        lambda q: q.pop("max"),
        lambda q: q.update(min=-1),
        lambda q: q.update(min=True),
    ],
)
def test_it_rejects_bad_questions(change) -> None:
    question = dict(GOOD["questions"][0])
    change(question)
    with pytest.raises(InvalidSchema):
        parse_manifest({**GOOD, "questions": [question]})


def test_it_rejects_duplicate_ids_and_empty_manifests() -> None:
    with pytest.raises(InvalidSchema):
        parse_manifest({**GOOD, "questions": [GOOD["questions"][0]] * 2})
    with pytest.raises(InvalidSchema):
        parse_manifest({**GOOD, "questions": []})


def test_it_checks_the_setup() -> None:
    from phieukin.crypto.election import Setup

    setup = Setup("e", MULTI, 2, ("A", "B", "C"), "first").to_json()
    assert parse_setup(setup).threshold == 2
    for bad in ({"threshold": 4}, {"threshold": 0}, {"policy": "any"}, {"version": "v2"}):
        with pytest.raises(InvalidSchema):
            parse_setup({**setup, **bad})
    with pytest.raises(InvalidSchema):
        parse_setup({**setup, "trustees": [{"index": 2, "name": "A"}]})
