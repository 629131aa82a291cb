from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from phieukin.audit.models import AuditEvent
from phieukin.audit.services import record_event, verify_log


@pytest.fixture
def chain(world):
    for i in range(6):
        record_event(f"test.e{i}", actor=world.staff, organization=world.commune, data={"i": i})
    return world


def run_verify(*extra: str) -> tuple[bool, str]:
    try:
        call_command("audit", "verify", *extra)
    except CommandError as exc:
        return False, str(exc)
    return True, ""


def test_it_accepts_an_intact_log(chain, capsys):
    assert verify_log().ok
    ok, _ = run_verify()
    assert ok
    assert "audit log OK: 6 entries" in capsys.readouterr().out


def test_it_names_an_edited_entry(chain, capsys):
    AuditEvent.objects.filter(seq=3).update(data={"i": 99})
    ok, message = run_verify()
    assert not ok
    assert "FAILED" in message
    err = capsys.readouterr().err
    assert "seq 3: edited" in err
    assert "seq 4" not in err


def test_it_names_an_entry_whose_hash_was_recomputed_by_its_successor(chain):
    from phieukin.audit.services import compute_hash

    event = AuditEvent.objects.get(seq=3)
    event.data = {"i": 99}
    event.hash = compute_hash(event)
    event.save()
    problems = verify_log().problems
    assert [(p.seq, p.kind) for p in problems] == [(4, "link")]


def test_it_names_a_deleted_entry(chain):
    AuditEvent.objects.filter(seq=4).delete()
    problems = verify_log().problems
    assert [(p.seq, p.kind) for p in problems] == [(5, "missing")]
    assert "entries 4 were deleted" in problems[0].detail


def test_it_names_reordered_entries(chain):
    a, b = AuditEvent.objects.get(seq=2), AuditEvent.objects.get(seq=3)
    AuditEvent.objects.filter(pk=a.pk).update(seq=1000)
    AuditEvent.objects.filter(pk=b.pk).update(seq=2)
    AuditEvent.objects.filter(pk=a.pk).update(seq=3)
    seqs = {p.seq for p in verify_log().problems}
    assert {2, 3} <= seqs


def test_it_names_an_inserted_entry(chain, world):
    # Shift 4..6 up and insert a forged entry at 4 with a self-consistent hash.
    from phieukin.audit.services import compute_hash

    for seq in (6, 5, 4):
        AuditEvent.objects.filter(seq=seq).update(seq=seq + 1)
    forged = AuditEvent(
        seq=4,
        actor=world.staff,
        actor_username="bantochuc",
        event_type="test.forged",
        data={},
        created_at=AuditEvent.objects.get(seq=3).created_at,
        prev_hash=AuditEvent.objects.get(seq=3).hash,
    )
    forged.hash = compute_hash(forged)
    forged.save()
    kinds = [(p.seq, p.kind) for p in verify_log().problems]
    assert (5, "edited") in kinds  # old seq 4 now claims seq 5: content no longer matches


def test_it_catches_a_truncated_end_against_the_head(chain, capsys):
    call_command("audit", "head")
    seq, head = capsys.readouterr().out.split()
    assert seq == "6"
    AuditEvent.objects.filter(seq=6).delete()
    assert run_verify()[0]  # undetectable without an anchor...
    ok, _ = run_verify("--head", head)
    assert not ok  # ...detected with one


def test_it_exports_jsonl_that_verifies_offline(chain, tmp_path, capsys):
    out = tmp_path / "audit.jsonl"
    call_command("audit", "export", "--format", "jsonl", "--output", str(out))
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 6
    assert json.loads(lines[0])["event_type"] == "test.e0"
    assert run_verify("--file", str(out))[0]
    entries = [json.loads(line) for line in lines]
    entries[1], entries[2] = entries[2], entries[1]
    out.write_text("\n".join(json.dumps(e) for e in entries), encoding="utf-8")
    ok, _ = run_verify("--file", str(out))
    assert not ok
    assert "seq 2: order" in capsys.readouterr().err
