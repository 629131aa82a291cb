"""A hybrid poll (docs/paper.md): 7 members vote in the booth, 3 on numbered paper sheets; the
counting board enters the paper count twice, two trustees sign it, and the result is the sum,
with a record that verifies."""

from __future__ import annotations

from typing import Any

import pytest

from phieukin.crypto.credential_list import endorsement, issue
from phieukin.crypto.threshold import sign_payload
from phieukin.record.events import parse_event
from phieukin.record.verify import verify_record
from phieukin.rules.paper import Cell
from phieukin.voting import board, credentials, paper, services, tally
from phieukin.voting.cast import do_cast
from phieukin.voting.errors import SetupError
from phieukin.voting.models import Ballot, BallotStatus, EventKind, Trustee
from phieukin.voting.paper import PaperError

from .helpers import (
    build_ballot,
    open_ballot,
    partial_for,
    prove_keys,
    run_ceremony,
    sign_attendance,
)

ELECTRONIC = [[1, 0, 0, 0, 0]] * 4 + [[0, 1, 0, 0, 0]] * 2 + [[0, 0, 0, 0, 1]]
SHEETS = {"issued": 5, "returned": 3, "spoiled": 1, "unused": 1, "valid": 3, "invalid": 0}
PAPER = {"sheets": SHEETS, "counts": [[2, 1, 0, 0, 0]]}


def _seat(ballot: Ballot, index: int) -> Trustee:
    return Trustee.objects.get(ballot=ballot, index=index)


def _issue(ballot: Ballot, shares: dict[int, Any], count: int) -> list[str]:
    fp = bytes.fromhex(ballot.fingerprint)
    creds, payload = issue(
        count, fingerprint=fp, issuer=1, key=shares[1][0].key, election_id=ballot.election_id
    )
    event = credentials.do_submit_credentials(ballot, _seat(ballot, 1), payload)
    signed = endorsement(
        event.hash, trustee=2, key=shares[2][0].key, election_id=ballot.election_id
    )
    credentials.do_endorse_credentials(ballot, _seat(ballot, 2), signed)
    return [c.printed for c in creds]


@pytest.fixture
def closed(draft_ballot: Ballot, alice: Any, charles: Any) -> tuple[Ballot, dict[int, Any]]:
    """A hybrid ballot, closed after 7 electronic ballots; 3 members voted on paper."""
    paper.do_set_paper(draft_ballot, members=3, spares=2, actor=alice)
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    shares = run_ceremony(ballot, charles)
    prove_keys(ballot, shares)
    sign_attendance(ballot, charles)
    codes = _issue(ballot, shares, 7)
    open_ballot(ballot, charles)
    for code, choice in zip(codes, ELECTRONIC, strict=True):
        do_cast(ballot.pk, build_ballot(ballot, code, [choice])[0])
    tally.do_close(ballot, actor=charles)
    ballot.refresh_from_db()
    return ballot, shares


def _decrypt(ballot: Ballot, shares: dict[int, Any], *indices: int) -> None:
    for i in indices:
        tally.do_submit_partial(
            ballot, _seat(ballot, i), partial_for(ballot, i, shares[i][1], shares[i][0])
        )
    ballot.refresh_from_db()


def _sign(ballot: Ballot, shares: dict[int, Any], index: int) -> Any:
    close = board.one(ballot, EventKind.CLOSE)
    assert close is not None
    # The agreed count, or (when nothing is agreed) what a member would like to sign.
    body = paper.paper_state(ballot).to_sign or {"close": close[1], **PAPER}
    signed = sign_payload(body, shares[index][0].key, ballot.election_id, index)
    return paper.do_sign_paper_count(
        ballot, _seat(ballot, index), {"trustee": index, "signature": signed["signature"]}
    )


def test_cards_are_issued_only_to_members_not_on_paper(
    draft_ballot: Ballot, alice: Any, charles: Any
) -> None:
    paper.do_set_paper(draft_ballot, members=3, spares=2, actor=alice)
    ballot = services.do_start_ceremony(draft_ballot, actor=alice)
    shares = run_ceremony(ballot, charles)
    prove_keys(ballot, shares)
    sign_attendance(ballot, charles)
    with pytest.raises(SetupError, match="7"):
        _issue(ballot, shares, 10)
    _issue(ballot, shares, 7)
    with pytest.raises(PaperError):
        paper.do_set_paper(ballot, members=0, spares=0, actor=alice)


def test_a_double_entry_mismatch_blocks_with_the_cell_shown(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any]
) -> None:
    ballot, shares = closed
    paper.do_enter_paper_count(ballot, _seat(ballot, 1), PAPER, actor=board_users[0])
    other = {"sheets": SHEETS, "counts": [[2, 0, 1, 0, 0]]}
    state = paper.do_enter_paper_count(ballot, _seat(ballot, 2), other, actor=board_users[1])
    assert state.cells == (Cell(0, 1), Cell(0, 2)) and state.to_sign is None
    with pytest.raises(PaperError):
        _sign(ballot, shares, 1)
    state = paper.do_enter_paper_count(ballot, _seat(ballot, 2), PAPER, actor=board_users[1])
    assert state.cells == () and state.problems == () and state.to_sign is not None


def test_a_missing_sheet_blocks_closing_the_count(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any]
) -> None:
    ballot, shares = closed
    missing = {
        **PAPER,
        "sheets": {**SHEETS, "returned": 2, "valid": 2},
        "counts": [[1, 1, 0, 0, 0]],
    }
    for i in (1, 2):
        state = paper.do_enter_paper_count(
            ballot, _seat(ballot, i), missing, actor=board_users[i - 1]
        )
    assert state.cells == () and state.to_sign is None
    assert [p.code for p in state.problems] == ["paper_unreconciled"]
    with pytest.raises(PaperError):
        _sign(ballot, shares, 1)
    assert board.one(ballot, EventKind.PAPER_COUNT) is None


def test_a_malformed_entry_is_refused_and_nothing_is_written(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any]
) -> None:
    ballot, _ = closed
    with pytest.raises(PaperError):
        paper.do_enter_paper_count(
            ballot, _seat(ballot, 1), {**PAPER, "counts": [[1, "x", 0, 0, 0]]}, actor=board_users[0]
        )
    assert paper.paper_state(ballot).entries == {}


def test_the_hybrid_result_is_electronic_plus_paper_and_the_record_verifies(
    closed: tuple[Ballot, dict[int, Any]],
    board_users: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    ballot, shares = closed
    _decrypt(ballot, shares, 1, 3)
    assert ballot.status == BallotStatus.CLOSED  # the result waits for the paper count
    for i in (1, 2):
        paper.do_enter_paper_count(ballot, _seat(ballot, i), PAPER, actor=board_users[i - 1])
    assert _sign(ballot, shares, 1) is None
    with pytest.raises(PaperError):
        _sign(ballot, shares, 1)  # once per trustee
    with django_capture_on_commit_callbacks(execute=True):
        event = _sign(ballot, shares, 2)
    assert event is not None and event.kind == EventKind.PAPER_COUNT
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.PUBLISHED
    assert ballot.result["electronic"] == [[4, 2, 0, 0, 1]]
    assert ballot.result["paper"]["counts"] == [[2, 1, 0, 0, 0]]
    assert ballot.result["counts"] == [[6, 3, 0, 0, 1]]
    report = verify_record([parse_event(line) for line in board.export_jsonl(ballot).splitlines()])
    assert report.ok, report.failure
    assert report.result == [[6, 3, 0, 0, 1]] and report.electronic == [[4, 2, 0, 0, 1]]
    assert report.head == ballot.result["head"]
    with pytest.raises(PaperError):
        paper.do_enter_paper_count(ballot, _seat(ballot, 3), PAPER, actor=board_users[2])


def test_the_paper_count_may_be_signed_before_the_decryption(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any]
) -> None:
    ballot, shares = closed
    for i in (2, 3):
        paper.do_enter_paper_count(ballot, _seat(ballot, i), PAPER, actor=board_users[i - 1])
    _sign(ballot, shares, 3)
    _sign(ballot, shares, 2)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.CLOSED
    _decrypt(ballot, shares, 2, 3)
    assert ballot.status == BallotStatus.PUBLISHED and ballot.result["counts"] == [[6, 3, 0, 0, 1]]


def test_an_electronic_ballot_has_no_paper_count(
    open_ballot: tuple[Ballot, list[str]], charles: Any
) -> None:
    ballot, _ = open_ballot
    tally.do_close(ballot, actor=charles)
    with pytest.raises(PaperError):
        paper.do_enter_paper_count(ballot, _seat(ballot, 1), PAPER, actor=charles)


def _published(ballot: Ballot, shares: dict[int, Any], board_users: list[Any]) -> Ballot:
    _decrypt(ballot, shares, 1, 2)
    for i in (1, 2):
        paper.do_enter_paper_count(ballot, _seat(ballot, i), PAPER, actor=board_users[i - 1])
    _sign(ballot, shares, 1)
    _sign(ballot, shares, 2)
    ballot.refresh_from_db()
    return ballot


def test_the_numbered_paper_ballots_read_back(closed: tuple[Ballot, dict[int, Any]]) -> None:
    from phieukin.reports.documents import build_paper_ballots
    from tests.reports.readback import pdf_embedded_fonts, pdf_text

    ballot, _ = closed
    pdf = build_paper_ballots(ballot)
    text = " ".join(pdf_text(pdf).split())
    assert text.count("PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG") == 5
    for n in range(1, 6):
        assert f"Số: {n}/5" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "Đảng bộ Thành phố Hà Nội" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text and "Điều 17" in text
    assert "LiberationSerif" in pdf_embedded_fonts(pdf)


def test_the_counting_minutes_show_electronic_paper_and_total(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any]
) -> None:
    from phieukin.reports.documents import build_tally_report
    from tests.reports.readback import docx_text, pdf_text

    ballot = _published(*closed, board_users)
    for text in (
        docx_text(build_tally_report(ballot)),
        pdf_text(build_tally_report(ballot, fmt="pdf")),
    ):
        flat = " ".join(text.split())
        assert "Phiếu giấy: số phiếu phát hành (đánh số) 5; số phiếu thu về 3" in flat
        assert "số phiếu hỏng (đã đổi, huỷ) 1; số phiếu không sử dụng 1" in flat
        assert "Phiếu giấy hợp lệ: 3; phiếu giấy không hợp lệ: 0" in flat
        assert "Phiếu điện tử" in flat and "Tổng số" in flat


def test_the_result_page_shows_both_parts_and_the_total(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any], client: Any
) -> None:
    import re

    from django.urls import reverse

    ballot = _published(*closed, board_users)
    html = client.get(reverse("voting:result", args=[ballot.pk])).content.decode()
    electronic = re.findall(r'data-electronic="(\d+)"', html)
    on_paper = re.findall(r'data-paper="(\d+)"', html)
    total = re.findall(r'data-count="(\d+)"', html)
    assert electronic[:5] == ["4", "2", "0", "0", "1"] and on_paper[:5] == ["2", "1", "0", "0", "0"]
    assert total[:5] == ["6", "3", "0", "0", "1"]
    assert 'id="paper-issued">5<' in html


def test_the_paper_page_shows_the_differing_cells(
    closed: tuple[Ballot, dict[int, Any]], board_users: list[Any], client: Any
) -> None:
    from django.urls import reverse

    ballot, _ = closed
    client.force_login(board_users[0])
    url = reverse("voting:paper_entry", args=[ballot.pk])
    form = {f"sheet_{k}": str(v) for k, v in SHEETS.items()}
    form |= {f"count_0_{o}": str(v) for o, v in enumerate([2, 1, 0, 0, 0])}
    assert client.post(url, form).status_code == 302
    client.force_login(board_users[1])
    client.post(url, {**form, "count_0_1": "0", "count_0_2": "1"})
    html = client.get(reverse("voting:paper", args=[ballot.pk])).content.decode()
    assert 'id="paper-mismatch"' in html
    assert "Đảng bộ Thành phố Hà Nội: Hoàn thành tốt nhiệm vụ" in html
    response = client.post(url, {**form, "count_0_1": "abc"})
    assert response.status_code == 302  # a clear message, never a 500
    assert paper.paper_state(ballot).cells == (Cell(0, 1), Cell(0, 2))
