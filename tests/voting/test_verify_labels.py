"""The verify page speaks the reader's language: every check, counter and failure the pure
verifier can report has a label, and the page shows the labels, not the verifier's English."""

from __future__ import annotations

from django.utils import translation

from phieukin.crypto.errors import ErrorCode
from phieukin.record.verify import CHECKED, CHECKED_V2
from phieukin.voting import verify_labels
from phieukin.voting.models import EventKind


def test_every_check_has_a_label() -> None:
    assert set(CHECKED) <= set(CHECKED_V2)
    assert sorted(set(CHECKED_V2) - set(verify_labels.CHECKS)) == []


def test_every_failure_code_has_a_label() -> None:
    assert sorted(c.value for c in ErrorCode if c not in verify_labels.FAILURES) == []


def test_labels_are_vietnamese() -> None:
    with translation.override("vi"):
        assert verify_labels.check_label(CHECKED[1]).startswith("Các sự kiện nối thành chuỗi")
        assert verify_labels.failure_label("broken_chain").startswith("chuỗi sự kiện bị đứt")
        assert verify_labels.counters({"counted": 3, EventKind.CHAIR_KEY: 1}) == [
            ("số phiếu được kiểm", 3),
            ("khoá ký của chủ trì", 1),
        ]
