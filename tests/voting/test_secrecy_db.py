"""Secrecy against whoever reads the database (issue 11 item 8): the cast writes nothing but the
board's rows, and after close no row shows when a ballot was written (PostgreSQL's ``xmin``)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phieukin.audit.services import record_event
from phieukin.voting import tally
from phieukin.voting.cast import do_cast
from phieukin.voting.models import BallotCiphertext, BoardEvent

from .helpers import build_ballot

WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)


def test_the_cast_transaction_writes_only_the_boards_rows(open_ballot):
    ballot, codes = open_ballot
    data, _ = build_ballot(ballot, codes[0], [[0, 1, 0, 0, 0]])
    with CaptureQueriesContext(connection) as queries:
        do_cast(ballot.pk, data)
    written = {m.group(2) for q in queries.captured_queries if (m := WRITE.match(q["sql"]))}
    assert written == {BoardEvent._meta.db_table, BallotCiphertext._meta.db_table}


def _xmins(table: str, where: str, params: list[object]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text::bigint FROM {table} WHERE {where} ORDER BY id", params)
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
def test_after_close_no_ballot_row_shows_when_it_was_written(open_ballot, charles):
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL stores a transaction id (xmin) on every row")
    ballot, codes = open_ballot
    marks = []
    for k, code in enumerate(codes[:4]):
        # A named person's row between two casts (a login, a check-in, an audit entry).
        record_event(
            "test.between_casts", actor=charles, obj=ballot, organization=None, data={"k": k}
        )
        marks.append(_xmins("audit_auditevent", "event_type = %s", ["test.between_casts"])[-1])
        do_cast(ballot.pk, build_ballot(ballot, code, [[1, 0, 0, 0, 0]])[0])
    where = "ballot_id = %s AND kind = 'ballot'"
    before = _xmins("voting_boardevent", where, [ballot.pk])
    # The leak this fixes: each ballot's xmin falls between two named rows.
    assert all(marks[k] < before[k] for k in range(4)) and len(set(before)) == 4
    tally.do_close(ballot, actor=charles)
    after = _xmins("voting_boardevent", where, [ballot.pk])
    alphas = _xmins("voting_ballotciphertext", "ballot_id = %s", [ballot.pk])
    assert len(set(after)) == 1 and set(alphas) == set(after)
    assert after[0] > max(marks)  # every ballot now looks written after every named row
