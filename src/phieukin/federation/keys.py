"""The installation's Ed25519 signing key and the fingerprints people compare by phone or on paper.

The key comes from ``PHIEUKIN_SIGNING_KEY`` (or the file named by ``PHIEUKIN_SIGNING_KEY_FILE``):
64 hex digits, the 32-byte Ed25519 seed. Without either, a seed is generated once into
``<data dir>/signing_key`` with mode 0600 (like the secret and receipt keys). Ed25519 comes from
PyNaCl (libsodium's ``crypto_sign``): nothing is implemented here but the encoding.

Fingerprint: SHA-256 of the 32-byte public key, its first 20 bytes in base32 (RFC 4648, the
alphabet A–Z 2–7 has no 0/O or 1/I/l to confuse over the phone), as 8 groups of 4 characters:
``ABCD EFGH …``. 160 bits: finding another key with the same fingerprint costs 2^160 work.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import re
from pathlib import Path

from django.conf import settings
from nacl.exceptions import BadSignatureError, CryptoError
from nacl.signing import SigningKey, VerifyKey

from phieukin.lib.env import ConfigError, envsecret

KEY_FILE_NAME = "signing_key"
_HEX64 = re.compile(r"[0-9a-f]{64}")


def key_file() -> Path:
    return Path(settings.DATA_DIR) / KEY_FILE_NAME


def _parse_seed(text: str, where: str) -> bytes:
    value = text.strip().lower()
    if not _HEX64.fullmatch(value):
        raise ConfigError(f"{where} must be 64 hex digits (an Ed25519 seed of 32 bytes)")
    return bytes.fromhex(value)


def generate_seed_file(path: Path) -> None:
    """A fresh seed written with mode 0600 (created with that mode: never readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    seed = bytes(SigningKey.generate())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(seed.hex() + "\n")


def installation_key() -> SigningKey:
    """This installation's signing key (configured, or generated once into the data dir)."""
    configured = envsecret("PHIEUKIN_SIGNING_KEY")
    if configured:
        return SigningKey(_parse_seed(configured, "PHIEUKIN_SIGNING_KEY"))
    path = key_file()
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # another process made it first: read theirs
            generate_seed_file(path)
    return SigningKey(_parse_seed(path.read_text(encoding="utf-8"), str(path)))


def public_key_hex(key: SigningKey | None = None) -> str:
    return bytes((key or installation_key()).verify_key).hex()


def fingerprint(public_key: bytes | str) -> str:
    """``ABCD EFGH IJKL MNOP QRST UVWX YZ23 4567``: 8 groups of 4 base32 characters."""
    raw = bytes.fromhex(public_key) if isinstance(public_key, str) else public_key
    text = base64.b32encode(hashlib.sha256(raw).digest()[:20]).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, 32, 4))


def parse_public_key(text: str) -> bytes | None:
    """The 32 bytes of a public key written as 64 hex digits, else None."""
    value = text.strip().lower()
    return bytes.fromhex(value) if _HEX64.fullmatch(value) else None


def sign(message: bytes, key: SigningKey | None = None) -> bytes:
    return (key or installation_key()).sign(message).signature


def signature_ok(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(public_key).verify(message, signature)
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True
