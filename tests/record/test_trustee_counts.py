"""Records verify for every threshold shape the voting app offers (1-of-1 up to 3-of-5)."""

from __future__ import annotations

import pytest

from phieukin.crypto.manifest import Manifest, Question, rating_question
from phieukin.record.simulate import simulate_election
from phieukin.record.verify import verify_record

MIXED = Manifest(
    "Hỗn hợp",
    (
        rating_question("q1", "A"),
        Question("q2", "choose", "Chọn 1–2", ("An", "Bình", "Chi"), 1, 2),
    ),
)


@pytest.mark.parametrize("trustees", [(1, 1), (2, 2), (3, 5)])
def test_it_verifies_any_threshold(trustees: tuple[int, int]) -> None:
    sim = simulate_election(4, MIXED, trustees=trustees, seed=f"t{trustees}")
    report = verify_record(sim.events)
    assert report.ok, report.failure
    assert report.result == sim.expected
    assert report.stats["partial_decryption"] == trustees[1]
