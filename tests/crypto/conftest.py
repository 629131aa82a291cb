"""Fixtures for the crypto tests: a small election context, credentials and one ballot."""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.crypto.ballot import BallotSecrets, encrypt_ballot
from phieukin.crypto.credentials import Credential, derive_credential, generate_code
from phieukin.crypto.election import ElectionContext, Setup
from phieukin.crypto.elgamal import KeyPair, keypair
from phieukin.crypto.manifest import Manifest, Question, rating_question
from phieukin.crypto.randomness import SeededRandom

RATING = Manifest("Xếp loại", (rating_question("q1", "Đồng chí A"),))
MULTI = Manifest(
    "Nhiều câu hỏi",
    (
        rating_question("q1", "Đồng chí A"),
        Question(
            "q2", "approval", "Thông qua", ("Đồng ý", "Không đồng ý", "Không biểu quyết"), 1, 1
        ),
        Question("q3", "choose", "Chọn 2", ("An", "Bình", "Chi", "Dũng"), 0, 2),
    ),
)


@pytest.fixture(scope="session")
def election_key() -> KeyPair:
    return keypair(SeededRandom("election-key"))


@pytest.fixture(scope="session")
def ctx(election_key: KeyPair) -> ElectionContext:
    return ElectionContext.create(Setup("test-e1", RATING, 1, ("T1",), "last"), election_key.public)


@pytest.fixture(scope="session")
def multi_ctx(election_key: KeyPair) -> ElectionContext:
    return ElectionContext.create(Setup("test-e2", MULTI, 1, ("T1",), "last"), election_key.public)


@pytest.fixture(scope="session")
def voters(ctx: ElectionContext) -> list[Credential]:
    rng = SeededRandom("voters")
    return [derive_credential(ctx.setup.election_id, generate_code(rng)) for _ in range(3)]


@pytest.fixture(scope="session")
def listed(voters: list[Credential]) -> set[str]:
    return {v.public.hex() for v in voters}


@pytest.fixture(scope="session")
def cast(ctx: ElectionContext, voters: list[Credential]) -> tuple[dict[str, Any], BallotSecrets]:
    return encrypt_ballot(ctx, voters[0], [[0, 1, 0, 0, 0]], SeededRandom("cast"))
