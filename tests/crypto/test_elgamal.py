from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from phieukin.crypto.dlog import DlogTable
from phieukin.crypto.elgamal import KeyPair, decrypt_to_element, encrypt, sum_ciphertexts
from phieukin.crypto.group import Scalar
from tests.strategies import keypairs, scalars

TABLE = DlogTable(50)


@given(keypairs(), st.integers(0, 50), scalars())
def test_it_decrypts_what_it_encrypts(key: KeyPair, m: int, r: Scalar) -> None:
    assert TABLE.log(decrypt_to_element(encrypt(m, key.public, r), key.secret)) == m


@given(keypairs(), st.lists(st.tuples(st.integers(0, 1), scalars()), min_size=1, max_size=8))
def test_it_adds_plaintexts_homomorphically(key: KeyPair, items: list[tuple[int, Scalar]]) -> None:
    total = sum_ciphertexts([encrypt(m, key.public, r) for m, r in items])
    assert TABLE.log(decrypt_to_element(total, key.secret)) == sum(m for m, _ in items)


def test_it_refuses_values_outside_the_table(election_key: KeyPair) -> None:
    import pytest

    from phieukin.crypto.errors import CryptoError

    with pytest.raises(CryptoError):
        TABLE.log(
            decrypt_to_element(encrypt(51, election_key.public, Scalar(7)), election_key.secret)
        )
