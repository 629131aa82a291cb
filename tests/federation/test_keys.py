"""The installation's signing key: configured or generated once with mode 0600; fingerprints."""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from phieukin.federation.keys import (
    fingerprint,
    installation_key,
    key_file,
    public_key_hex,
    sign,
    signature_ok,
)
from phieukin.lib.env import ConfigError

SEED = bytes(range(32))


@pytest.fixture
def data_dir(tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch) -> Path:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    monkeypatch.delenv("PHIEUKIN_SIGNING_KEY", raising=False)
    monkeypatch.delenv("PHIEUKIN_SIGNING_KEY_FILE", raising=False)
    return tmp_path


def test_it_generates_the_key_once_into_the_data_dir_with_mode_0600(data_dir: Path) -> None:
    first = installation_key()
    path = key_file()
    assert path.parent == data_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert bytes(installation_key()) == bytes(first)  # read back, not regenerated


def test_it_reads_the_key_from_the_environment_or_a_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PHIEUKIN_SIGNING_KEY", SEED.hex())
    assert bytes(installation_key()) == SEED
    assert not key_file().exists()
    monkeypatch.delenv("PHIEUKIN_SIGNING_KEY")
    secret = data_dir / "mounted.key"
    secret.write_text(SEED.hex().upper() + "\n")
    monkeypatch.setenv("PHIEUKIN_SIGNING_KEY_FILE", str(secret))
    assert public_key_hex() == bytes(SigningKey(SEED).verify_key).hex()


def test_it_refuses_a_malformed_key(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PHIEUKIN_SIGNING_KEY", "abc")
    with pytest.raises(ConfigError, match="64 hex digits"):
        installation_key()


def test_the_fingerprint_is_eight_groups_of_four_base32_characters_of_sha256() -> None:
    public = bytes(SigningKey(SEED).verify_key)
    text = fingerprint(public)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", text)
    import base64

    expected = base64.b32encode(hashlib.sha256(public).digest()[:20]).decode()
    assert text.replace(" ", "") == expected
    assert fingerprint(public.hex()) == text
    other = bytes(SigningKey(bytes(32)).verify_key)
    assert fingerprint(other) != text


def test_a_signature_verifies_only_for_its_message_and_key(data_dir: Path) -> None:
    key = SigningKey(SEED)
    signature = sign(b"manifest", key)
    public = bytes(key.verify_key)
    assert signature_ok(public, b"manifest", signature)
    assert not signature_ok(public, b"manifesT", signature)
    assert not signature_ok(bytes(SigningKey(bytes(32)).verify_key), b"manifest", signature)
    assert not signature_ok(public, b"manifest", signature[:-1] + bytes([signature[-1] ^ 1]))
