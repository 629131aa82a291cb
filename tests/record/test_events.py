from __future__ import annotations

from pathlib import Path

import pytest

from phieukin.crypto.errors import CryptoError, InvalidSchema, NonCanonical
from phieukin.record.events import (
    GENESIS,
    append_event,
    event_hash,
    parse_event,
    read_record,
    write_record,
)


def test_it_chains_events_from_genesis() -> None:
    first = append_event(None, "setup", {"a": 1})
    second = append_event(first, "attendance", {"b": 2})
    assert (first.seq, first.prev) == (0, GENESIS)
    assert (second.seq, second.prev) == (1, first.hash)
    assert second.hash == event_hash(1, "attendance", first.hash, {"b": 2})


def test_it_round_trips_a_record_file(tmp_path: Path) -> None:
    events = [append_event(None, "setup", {"title": "Phiếu"})]
    events.append(append_event(events[-1], "close", {"counted": 0}))
    write_record(events, tmp_path / "r.jsonl")
    assert read_record(tmp_path / "r.jsonl") == events
    assert (tmp_path / "r.jsonl").read_bytes().count(b"\n") == 2


def test_it_refuses_unknown_types_and_non_json_payloads() -> None:
    with pytest.raises(InvalidSchema):
        append_event(None, "vote", {})
    with pytest.raises(CryptoError):
        append_event(None, "setup", {"x": 1.5})


@pytest.mark.parametrize(
    "line",
    [
        b'{"hash":"00","payload":{},"prev":"00","seq":0,"type":"setup"}',
        b'{"payload":{},"prev":"' + b"0" * 64 + b'","seq":0,"type":"setup"}',
        b'{"hash":"'
        + b"0" * 64
        + b'","payload":[],"prev":"'
        + b"0" * 64
        + b'","seq":0,"type":"setup"}',
        b'{"hash":"'
        + b"0" * 64
        + b'","payload":{},"prev":"'
        + b"0" * 64
        + b'","seq":"0","type":"setup"}',
    ],
)
def test_it_rejects_malformed_events(line: bytes) -> None:
    with pytest.raises(InvalidSchema):
        parse_event(line)


def test_it_rejects_non_canonical_lines() -> None:
    event = append_event(None, "setup", {"a": 1})
    with pytest.raises(NonCanonical):
        parse_event(event.line()[:-1].replace(b":", b": ", 1))
