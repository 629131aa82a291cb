"""The election's public parameters and fingerprint (protocol.md §3.2 "setup", §6.3).

``fp = D32("fingerprint", canonical(setup), Y)`` binds the manifest, the trustees, the policy
and the joint key; every ballot proof and signature binds ``fp``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.errors import InvalidSchema
from phieukin.crypto.group import Element
from phieukin.crypto.hashing import digest32
from phieukin.crypto.manifest import Manifest, parse_manifest

VERSION: Final = "PHIEUKIN-v1"
GROUP: Final = "ristretto255"
POLICIES: Final = ("first", "last")
MAX_TRUSTEES: Final = 32


@dataclass(frozen=True, slots=True)
class Setup:
    election_id: str
    manifest: Manifest
    threshold: int
    trustees: tuple[str, ...]  # names of trustees 1..n
    policy: str

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "group": GROUP,
            "election_id": self.election_id,
            "manifest": self.manifest.to_json(),
            "threshold": self.threshold,
            "trustees": [{"index": k + 1, "name": n} for k, n in enumerate(self.trustees)],
            "policy": self.policy,
        }

    @property
    def trustee_indices(self) -> tuple[int, ...]:
        return tuple(range(1, len(self.trustees) + 1))


def parse_setup(data: Any) -> Setup:
    keys = {"version", "group", "election_id", "manifest", "threshold", "trustees", "policy"}
    if not isinstance(data, dict) or set(data) != keys:
        raise InvalidSchema(f"setup must have exactly {sorted(keys)}")
    if data["version"] != VERSION or data["group"] != GROUP:
        raise InvalidSchema(f"setup must be version {VERSION} over {GROUP}")
    eid = data["election_id"]
    if not isinstance(eid, str) or not 1 <= len(eid) <= 128:
        raise InvalidSchema("election_id must be a string of 1..128 chars")
    trustees = data["trustees"]
    if not isinstance(trustees, list) or not 1 <= len(trustees) <= MAX_TRUSTEES:
        raise InvalidSchema(f"setup must list 1..{MAX_TRUSTEES} trustees")
    names = []
    for k, t in enumerate(trustees):
        if not isinstance(t, dict) or set(t) != {"index", "name"} or t["index"] != k + 1:
            raise InvalidSchema(f"trustees[{k}] must be {{index: {k + 1}, name}}")
        if not isinstance(t["name"], str) or not 1 <= len(t["name"]) <= 200:
            raise InvalidSchema(f"trustees[{k}].name must be a non-empty string")
        names.append(t["name"])
    threshold = data["threshold"]
    if type(threshold) is not int or not 1 <= threshold <= len(names):
        raise InvalidSchema("threshold must satisfy 1 ≤ t ≤ n")
    if data["policy"] not in POLICIES:
        raise InvalidSchema("policy must be first or last")
    return Setup(eid, parse_manifest(data["manifest"]), threshold, tuple(names), data["policy"])


def fingerprint(setup: Setup, public_key: Element) -> bytes:
    return digest32("fingerprint", canonical_bytes(setup.to_json()), public_key)


@dataclass(frozen=True, slots=True)
class ElectionContext:
    """Everything needed to build or check a ballot: ``fp``, ``Y`` and the manifest."""

    setup: Setup
    public_key: Element  # Y
    fingerprint: bytes  # fp

    @classmethod
    def create(cls, setup: Setup, public_key: Element) -> ElectionContext:
        return cls(setup, public_key, fingerprint(setup, public_key))

    @property
    def manifest(self) -> Manifest:
        return self.setup.manifest
