"""Voter credentials from a short printed code (protocol.md §6.4).

19 random symbols of an unambiguous 32-letter alphabet (95 bits) plus a check symbol, printed
as ``XXXX-XXXX-XXXX-XXXX-XXXX``; the QR carries the same code. The secret is derived from the
code and the election id, so the server only ever sees public keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from phieukin.crypto.errors import InvalidCredentialCode
from phieukin.crypto.group import Element, Scalar, base_mul
from phieukin.crypto.hashing import hash_parts, hash_to_scalar
from phieukin.crypto.randomness import SYSTEM, RandomSource

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH: Final = 19
CODE_LENGTH: Final = BODY_LENGTH + 1
_CONFUSABLE: Final = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})
TRACKING_LENGTH: Final = 16


@dataclass(frozen=True, slots=True)
class Credential:
    code: str  # normalized, 20 symbols, no dashes
    secret: Scalar  # k
    public: Element  # K = k·G

    @property
    def printed(self) -> str:
        return format_code(self.code)

    def __repr__(self) -> str:
        return f"Credential(public={self.public!r})"


def check_symbol(body: str) -> str:
    return ALPHABET[hash_parts("credential-check", body)[0] % 32]


def format_code(code: str) -> str:
    return "-".join(code[k : k + 4] for k in range(0, len(code), 4))


def normalize_symbols(text: str) -> str:
    """The one normalization of typed codes (cards and tracking codes, protocol.md §6.4).

    Uppercase, drop spaces and dashes, map O→0, I/L→1. Raises ``InvalidCredentialCode`` for a
    non-string or an input over 64 characters (as typed, before anything is dropped).
    """
    if not isinstance(text, str) or len(text) > 64:
        raise InvalidCredentialCode("code must be a string of at most 64 characters")
    return text.upper().translate(_CONFUSABLE)


def normalize_tracking_code(text: str) -> str:
    """A tracking code as printed (``XXXX-XXXX-XXXX-XXXX``), or a prefix of one, from any typing.

    Raises ``InvalidCredentialCode`` if the input has a symbol outside the alphabet or more than
    16 symbols; an incomplete code is returned grouped as far as it goes (board search).
    """
    symbols = normalize_symbols(text)
    if len(symbols) > TRACKING_LENGTH or any(s not in ALPHABET for s in symbols):
        raise InvalidCredentialCode("a tracking code has at most 16 symbols of the alphabet")
    return format_code(symbols)


def normalize_code(text: str) -> str:
    """Uppercase, drop spaces and dashes, map O→0, I/L→1; check length, alphabet, check symbol."""
    code = normalize_symbols(text)
    if len(code) != CODE_LENGTH:
        raise InvalidCredentialCode(f"credential code must have {CODE_LENGTH} symbols")
    if any(symbol not in ALPHABET for symbol in code):
        raise InvalidCredentialCode("credential code contains a symbol outside the alphabet")
    if check_symbol(code[:BODY_LENGTH]) != code[BODY_LENGTH]:
        raise InvalidCredentialCode("credential code check symbol does not match (typing error?)")
    return code


def derive_credential(election_id: str, text: str) -> Credential:
    """The keypair a code stands for in one election (same on the board and in the booth)."""
    code = normalize_code(text)
    secret = hash_to_scalar("credential", election_id, code)
    if secret.value == 0:
        raise InvalidCredentialCode("credential code derives the zero key")
    return Credential(code, secret, base_mul(secret))


def generate_code(rng: RandomSource = SYSTEM) -> str:
    """A fresh normalized code: 19 uniform symbols (one random byte each, 32 divides 256)."""
    body = "".join(ALPHABET[byte % 32] for byte in rng.token(BODY_LENGTH))
    return body + check_symbol(body)


def generate_credentials(
    election_id: str, count: int, rng: RandomSource = SYSTEM
) -> list[Credential]:
    return [derive_credential(election_id, generate_code(rng)) for _ in range(count)]


def base32_symbols(data: bytes, count: int) -> str:
    """``count`` symbols of ``data`` read as big-endian bits, 5 bits per symbol (tracking codes)."""
    bits = int.from_bytes(data, "big")
    total = len(data) * 8
    return "".join(ALPHABET[(bits >> (total - 5 * (k + 1))) & 31] for k in range(count))
