"""The election's public parameters and fingerprint (protocol.md §3.2 "setup", §6.3).

Two protocol versions share one setup shape: PHIEUKIN-v2 adds ``server_key`` (the key that signs
the booth's receipts). The fingerprint binds the manifest, the trustees, the policy and the joint
key (v1: ``D32("fingerprint", canonical(setup), Y)``); in v2 also the chair's key
(``D32("fingerprint", canonical(setup), Y, C)``), so every ballot proof and every partial
decryption, which bind ``fp``, also bind the server's and the chair's keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.errors import InvalidSchema
from phieukin.crypto.group import Element
from phieukin.crypto.hashing import digest32
from phieukin.crypto.manifest import Manifest, parse_manifest

V1: Final = "PHIEUKIN-v1"
V2: Final = "PHIEUKIN-v2"
VERSION: Final = V2  # what the app writes; the verifier reads both
VERSIONS: Final = (V1, V2)
GROUP: Final = "ristretto255"
POLICIES: Final = ("first", "last")
MAX_TRUSTEES: Final = 32
_V1_KEYS: Final = frozenset(
    {"version", "group", "election_id", "manifest", "threshold", "trustees", "policy"}
)


@dataclass(frozen=True, slots=True)
class Setup:
    election_id: str
    manifest: Manifest
    threshold: int
    trustees: tuple[str, ...]  # names of trustees 1..n
    policy: str
    version: str = V1
    server_key: Element | None = None  # S (v2): signs receipts

    def __post_init__(self) -> None:
        if (self.version == V2) != (self.server_key is not None):
            raise InvalidSchema("a v2 setup has a server key, a v1 setup has none")

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "version": self.version,
            "group": GROUP,
            "election_id": self.election_id,
            "manifest": self.manifest.to_json(),
            "threshold": self.threshold,
            "trustees": [{"index": k + 1, "name": n} for k, n in enumerate(self.trustees)],
            "policy": self.policy,
        }
        if self.server_key is not None:
            data["server_key"] = self.server_key.hex()
        return data

    @property
    def trustee_indices(self) -> tuple[int, ...]:
        return tuple(range(1, len(self.trustees) + 1))

    @property
    def v2(self) -> bool:
        return self.version == V2


def _trustee_names(trustees: Any) -> list[str]:
    if not isinstance(trustees, list) or not 1 <= len(trustees) <= MAX_TRUSTEES:
        raise InvalidSchema(f"setup must list 1..{MAX_TRUSTEES} trustees")
    names = []
    for k, t in enumerate(trustees):
        if not isinstance(t, dict) or set(t) != {"index", "name"} or t["index"] != k + 1:
            raise InvalidSchema(f"trustees[{k}] must be {{index: {k + 1}, name}}")
        if not isinstance(t["name"], str) or not 1 <= len(t["name"]) <= 200:
            raise InvalidSchema(f"trustees[{k}].name must be a non-empty string")
        names.append(t["name"])
    return names


def parse_setup(data: Any) -> Setup:
    """Decode a v1 or v2 ``setup`` payload (protocol.md §6.8 row S1)."""
    if not isinstance(data, dict) or data.get("version") not in VERSIONS:
        raise InvalidSchema(f"setup must be version {V1} or {V2}")
    keys = _V1_KEYS | ({"server_key"} if data["version"] == V2 else set())
    if set(data) != keys:
        raise InvalidSchema(f"setup must have exactly {sorted(keys)}")
    if data["group"] != GROUP:
        raise InvalidSchema(f"setup must be over {GROUP}")
    eid = data["election_id"]
    if not isinstance(eid, str) or not 1 <= len(eid) <= 128:
        raise InvalidSchema("election_id must be a string of 1..128 chars")
    names = _trustee_names(data["trustees"])
    threshold = data["threshold"]
    if type(threshold) is not int or not 1 <= threshold <= len(names):
        raise InvalidSchema("threshold must satisfy 1 ≤ t ≤ n")
    if data["policy"] not in POLICIES:
        raise InvalidSchema("policy must be first or last")
    server = None
    if data["version"] == V2:
        server = Element.from_hex(data["server_key"], "server_key")
    manifest = parse_manifest(data["manifest"])
    return Setup(eid, manifest, threshold, tuple(names), data["policy"], data["version"], server)


def fingerprint(setup: Setup, public_key: Element, chair_key: Element | None = None) -> bytes:
    """``fp`` (§6.3): v1 over (setup, Y); v2 over (setup, Y, C)."""
    if setup.v2:
        if chair_key is None:
            raise InvalidSchema("a v2 fingerprint needs the chair's key")
        return digest32("fingerprint", canonical_bytes(setup.to_json()), public_key, chair_key)
    return digest32("fingerprint", canonical_bytes(setup.to_json()), public_key)


@dataclass(frozen=True, slots=True)
class ElectionContext:
    """Everything needed to build or check a ballot: ``fp``, ``Y`` and the manifest."""

    setup: Setup
    public_key: Element  # Y
    fingerprint: bytes  # fp
    chair_key: Element | None = None  # C (v2)

    @classmethod
    def create(
        cls, setup: Setup, public_key: Element, chair_key: Element | None = None
    ) -> ElectionContext:
        return cls(setup, public_key, fingerprint(setup, public_key, chair_key), chair_key)

    @property
    def manifest(self) -> Manifest:
        return self.setup.manifest
