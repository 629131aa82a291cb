"""The record reader and verifier on mutated events: typed errors only, never a pass.

``parse_event`` / ``read_record`` raise only ``CryptoError``; ``verify_record`` never raises and
reports the mutated event (or an earlier one) as the first failure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from phieukin.crypto.canonical import canonical_bytes
from phieukin.crypto.errors import CryptoError, InvalidEncoding
from phieukin.record.events import parse_event, read_record
from phieukin.record.simulate import SimulatedElection
from phieukin.record.verify import verify_record

from .mutations import FUZZ, mutated

pytestmark = pytest.mark.fuzz


def _lines(election: SimulatedElection) -> list[bytes]:
    return [e.line()[:-1] for e in election.events]


@FUZZ
@given(st.data())
def test_it_flags_a_structurally_mutated_event(election: SimulatedElection, data) -> None:
    lines = _lines(election)
    k = data.draw(st.integers(0, len(lines) - 1), label="event")
    original = election.events[k].to_json()
    bad = data.draw(mutated(original))
    assume(bad != original)
    try:
        line = canonical_bytes(bad)
    except InvalidEncoding:
        line = repr(bad).encode()  # a float or huge integer: not even canonical JSON
    report = verify_record([*lines[:k], line, *lines[k + 1 :]])
    assert not report.ok and report.failure is not None and report.failure.seq <= k


@FUZZ
@given(st.binary(max_size=1024) | st.text(max_size=400).map(str.encode))
def test_it_parses_random_lines_to_a_typed_error(line: bytes) -> None:
    with pytest.raises(CryptoError):
        parse_event(line)


@FUZZ
@given(st.data())
def test_it_reads_a_cut_or_spliced_record_to_a_typed_error_or_a_prefix(
    election: SimulatedElection, tmp_path_factory: pytest.TempPathFactory, data
) -> None:
    raw = b"".join(e.line() for e in election.events)
    cut = data.draw(st.integers(0, len(raw)), label="cut")
    junk = data.draw(st.binary(max_size=64), label="junk")
    path = Path(tmp_path_factory.mktemp("fuzz")) / "record.jsonl"
    path.write_bytes(raw[:cut] + junk)
    try:
        events = read_record(path)
    except CryptoError:
        return
    content = raw[:cut] + junk
    report = verify_record(events)  # whatever parsed must verify without raising
    if report.ok:  # only an honest prefix (a board still in progress) may pass
        assert (raw.startswith(content) and content.endswith(b"\n")) or not content
