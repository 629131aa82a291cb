"""Pure hashing and verification of the audit chain (no ORM: also runs on an exported file).

Entry hash = SHA-256(canonical JSON of the entry with every field except ``hash``), where the
entry includes ``prev_hash``. Verification walks entries in sequence order and names, by
``seq``, every entry that was edited (its hash no longer matches its content), deleted (a gap
in ``seq``), inserted or reordered (``prev_hash`` does not link to its predecessor, or ``seq``
goes backwards). Truncating the *end* of the log can only be caught against a head hash kept
elsewhere (printed in minutes, exported) — hence ``expected_head``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
ENTRY_FIELDS = (
    "seq",
    "actor_id",
    "actor_username",
    "event_type",
    "object_type",
    "object_id",
    "organization_id",
    "data",
    "created_at",
    "prev_hash",
)


def canonical_json(value: Any) -> str:
    """Sorted keys, no whitespace, UTF-8 text: the hashed form of an entry."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(entry: dict[str, Any]) -> str:
    payload = {name: entry.get(name) for name in ENTRY_FIELDS}
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    kind: str  # "edited" | "missing" | "link" | "order" | "head" | "malformed"
    detail: str

    def __str__(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else "log"
        return f"{where}: {self.kind}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    count: int
    head_seq: int
    head_hash: str
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_entry(entry: dict[str, Any], prev_seq: int, prev_hash: str) -> list[ChainProblem]:
    seq = entry["seq"]
    found: list[ChainProblem] = []
    if entry_hash(entry) != entry.get("hash"):
        found.append(ChainProblem(seq, "edited", "content does not match its hash"))
    if seq <= prev_seq:
        found.append(ChainProblem(seq, "order", f"comes after seq {prev_seq}"))
    elif seq != prev_seq + 1:
        missing = f"{prev_seq + 1}" if seq == prev_seq + 2 else f"{prev_seq + 1}–{seq - 1}"
        found.append(ChainProblem(seq, "missing", f"entries {missing} were deleted"))
    elif entry.get("prev_hash") != prev_hash:
        found.append(
            ChainProblem(
                seq,
                "link",
                f"prev_hash does not match seq {prev_seq}'s hash "
                "(an entry was inserted, replaced or reordered here)",
            )
        )
    return found


def verify_chain(
    entries: Iterable[dict[str, Any]], *, expected_head: str | None = None
) -> ChainReport:
    """Check every entry and link; never raises on bad content (reports it instead)."""
    problems: list[ChainProblem] = []
    prev_seq, prev_hash, count = 0, GENESIS_HASH, 0
    for entry in entries:
        count += 1
        if not isinstance(entry, dict) or not isinstance(entry.get("seq"), int):
            problems.append(ChainProblem(None, "malformed", f"entry #{count} has no integer seq"))
            continue
        problems.extend(_check_entry(entry, prev_seq, prev_hash))
        prev_seq, prev_hash = max(prev_seq, entry["seq"]), str(entry.get("hash"))
    if expected_head is not None and expected_head != prev_hash:
        problems.append(
            ChainProblem(
                prev_seq or None,
                "head",
                "the last entry's hash is not the expected head (entries were removed from "
                "or added to the end)",
            )
        )
    return ChainReport(count, prev_seq, prev_hash, tuple(problems))
