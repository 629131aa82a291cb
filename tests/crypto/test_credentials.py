from __future__ import annotations

import pytest

from phieukin.crypto.credentials import (
    ALPHABET,
    derive_credential,
    generate_code,
    normalize_code,
)
from phieukin.crypto.errors import ErrorCode, InvalidCredentialCode
from phieukin.crypto.group import base_mul
from phieukin.crypto.randomness import SeededRandom

EID = "cred-test"


def test_it_prints_five_groups_of_four_with_a_check_symbol() -> None:
    cred = derive_credential(EID, generate_code(SeededRandom("c")))
    groups = cred.printed.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4, 4]
    assert set(cred.code) <= set(ALPHABET)
    assert base_mul(cred.secret) == cred.public


def test_it_forgives_case_spaces_and_confusable_letters() -> None:
    code = generate_code(SeededRandom("d"))
    typed = " ".join(code[k : k + 4] for k in range(0, 20, 4)).lower()
    typed = typed.replace("0", "o").replace("1", "l")
    assert normalize_code(typed) == code
    assert derive_credential(EID, typed).public == derive_credential(EID, code).public


def test_it_binds_the_key_to_the_election() -> None:
    code = generate_code(SeededRandom("e"))
    assert derive_credential(EID, code).public != derive_credential("other", code).public


@pytest.mark.parametrize("position", range(20))
def test_it_catches_most_single_typing_errors(position: int) -> None:
    code = generate_code(SeededRandom("f"))
    caught = 0
    for symbol in ALPHABET:
        if symbol == code[position]:
            continue
        typo = code[:position] + symbol + code[position + 1 :]
        try:
            normalize_code(typo)
        except InvalidCredentialCode:
            caught += 1
    assert caught >= 25  # of 31 substitutions; a 1-in-32 check symbol misses about one


@pytest.mark.parametrize("text", ["", "ABCD", "U" * 20, "!" * 20, "A" * 100, None])
def test_it_rejects_malformed_codes_with_a_code(text: object) -> None:
    with pytest.raises(InvalidCredentialCode) as exc:
        normalize_code(text)  # type: ignore[arg-type]
    assert exc.value.code == ErrorCode.INVALID_CREDENTIAL_CODE


def test_it_never_shows_the_code_in_repr() -> None:
    cred = derive_credential(EID, generate_code(SeededRandom("g")))
    assert cred.code not in repr(cred)
