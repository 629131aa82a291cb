"""The audit log reads as sentences: every event the code writes has a label, every detail key a
label, codes in details become the labels a person knows, and the viewer shows no code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from phieukin.audit.labels import describe, event_label, is_registered
from phieukin.audit.models import AuditEvent
from phieukin.audit.services import record_event
from phieukin.voting.ceremony import PHASES
from phieukin.voting.models import EventKind

SRC = Path(__file__).resolve().parents[2] / "src" / "phieukin"
WRITERS = r"(?:record_event|record_change|audit)\(\s*"
LITERAL = re.compile(WRITERS + r'"([a-z_]+\.[a-z_]+)"')
# Helpers that prefix a short name: ``_audit("decided", ...)`` writes ``evaluations.decided``.
PREFIXED = {
    "evaluations/services/decisions.py": "evaluations",
    "meetings/discussion.py": "meetings",
}
PREFIXED |= {"evaluations/services/votes.py": "evaluations"}
SHORT = re.compile(r'_audit\(\s*"([a-z_]+)"')


def written_event_types() -> set[str]:
    """Every event type the source writes: literals, prefixed helpers, the ceremony's kinds."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(LITERAL.findall(text))
        prefix = PREFIXED.get(path.relative_to(SRC).as_posix())
        if prefix:
            found |= {f"{prefix}.{name}" for name in SHORT.findall(text)}
    found |= {f"voting.{kind}" for kind in (*PHASES, EventKind.DKG_ANSWER)}
    return found


def test_the_scan_finds_the_events_it_should() -> None:
    """Guard the scan itself: a broken pattern would find nothing and pass."""
    types = written_event_types()
    assert {"auth.login", "evaluations.decided", "meetings.speaker_added"} <= types
    assert {"voting.dkg_commit", "voting.ballot_opened", "member.transferred"} <= types
    assert len(types) > 60


def test_every_event_the_code_writes_has_a_label() -> None:
    assert sorted(t for t in written_event_types() if not is_registered(t)) == []


def test_an_unknown_event_reads_as_other_not_as_its_code() -> None:
    with translation.override("vi"):
        assert event_label("nothing.like_this") == "Sự kiện khác"


@pytest.mark.django_db
def test_details_read_as_labels_in_vietnamese(world) -> None:
    record_event(
        "evaluations.re_rated",
        actor=world.staff,
        obj=world.commune,
        data={"old": "httnv", "new": "htnv", "decision": 3},
    )
    record_event(
        "member.transferred",
        actor=world.staff,
        data={
            "from_organization_id": world.cell.pk,
            "to_organization_id": 999999,
            "on": "2024-02-01",
        },
    )
    record_event("auth.login", actor=world.member, data={"ip": "10.0.0.9", "second_factor": False})
    with translation.override("vi"):
        rerated, moved, login = describe(list(AuditEvent.objects.order_by("seq")))
    assert rerated.event == "Cấp trên xếp loại lại"
    assert rerated.object == f"Tổ chức đảng: {world.commune.name}"
    lines = {line.label: line.value for line in rerated.lines}
    assert lines == {
        "từ": "Hoàn thành tốt nhiệm vụ",
        "sang": "Hoàn thành nhiệm vụ",
        "quyết định số": "3",
    }
    moved_lines = {line.label: line.value for line in moved.lines}
    assert moved_lines["từ"] == world.cell.name
    assert moved_lines["sang"] == "Tổ chức đảng số 999999"  # gone: its kind and number
    assert moved_lines["kể từ ngày"] == "01/02/2024"
    assert moved.object == ""
    assert [(x.label, x.value, x.code) for x in login.lines] == [
        ("địa chỉ IP", "10.0.0.9", True),
        ("có xác thực hai bước", "không", False),
    ]
    assert rerated.unlabelled == moved.unlabelled == login.unlabelled == []


@pytest.mark.django_db
def test_an_unlabelled_key_is_reported(world) -> None:
    record_event("auth.login", actor=world.member, data={"mystery_key": 1})
    (entry,) = describe(list(AuditEvent.objects.all()))
    assert entry.unlabelled == ["mystery_key"]


@pytest.mark.django_db
def test_the_viewer_shows_labels_not_codes(client, world) -> None:
    record_event(
        "evaluations.self_review_submitted",
        actor=world.staff,
        organization=world.commune,
        data={"level": "htxsnv", "form": "2A", "shortcomings": 2},
    )
    client.force_login(world.admin)
    page = client.get(reverse("audit:list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Nộp bản tự kiểm điểm" in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page
    assert "evaluations.self_review_submitted</" not in page  # not as a cell's text
    assert "htxsnv" not in page
    assert "{&#x27;" not in page and "{'" not in page  # no raw dict
    # The filter offers the label; the code stays the value sent.
    assert '<option value="evaluations.self_review_submitted">Nộp bản tự kiểm điểm' in page


@pytest.mark.django_db
@pytest.mark.slow
def test_the_demo_day_has_no_unlabelled_event_or_detail() -> None:
    """The demo and conference No. 16's ballot write nearly every kind of event: all read."""
    from phieukin.web.demo import load_demo
    from tests.demo_ballot import run_demo_ballot

    run_demo_ballot(load_demo())
    events = list(AuditEvent.objects.order_by("seq"))
    types = {e.event_type for e in events}
    assert {"voting.ballot_opened", "voting.result_published", "evaluations.decided"} <= types
    assert sorted(t for t in types if not is_registered(t)) == []
    with translation.override("vi"):
        unlabelled = {key for d in describe(events) for key in d.unlabelled}
    assert sorted(unlabelled) == []
