"""Fuzzing the readers: any bytes or CSV text raises only the importer's typed errors."""

from __future__ import annotations

import contextlib
import csv
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phieukin.organizations.importing import ImportFileError, ImportInvalid, run_import
from phieukin.organizations.importing.decode import read_tables

from .fixtures.importing import MEMBER_HEADER, ORG_HEADER

pytestmark = pytest.mark.fuzz
# Bounded in CI; `make fuzz` raises it.
EXAMPLES = int(os.environ.get("PHIEUKIN_FUZZ_EXAMPLES", "40"))
HEADERS = [MEMBER_HEADER.split(","), ORG_HEADER.split(",")]
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "PX1",
            "Chi bộ",
            "Nam",
            "Nữ",
            "01/02/2000",
            "2999-01-01",
            "31/02/1990",
            "Dự bị",
            "01000001",
            '"',
            "\r\n",
            "\x00",
        ]
    ),
)


@settings(max_examples=2 * EXAMPLES)
@given(st.binary(max_size=2048))
def test_it_reads_random_bytes_or_raises_import_file_error(data: bytes) -> None:
    try:
        read_tables(data, max_bytes=1 << 20)
    except ImportFileError as error:
        assert error.code and error.english


@settings(max_examples=EXAMPLES)
@given(st.binary(max_size=512))
def test_it_survives_random_bytes_after_a_zip_or_xls_signature(tail: bytes) -> None:
    for head in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe"):
        with contextlib.suppress(ImportFileError):
            read_tables(head + tail, max_bytes=1 << 20)


@pytest.mark.django_db
@settings(max_examples=EXAMPLES, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    header=st.sampled_from(HEADERS),
    rows=st.lists(st.lists(CELLS, min_size=0, max_size=11), max_size=6),
)
def test_it_imports_random_csv_or_raises_typed_errors(
    header: list[str], rows: list[list[str]]
) -> None:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    try:
        run_import([("f.csv", out.getvalue().encode("utf-8"))], dry_run=True)
    except ImportInvalid as invalid:
        assert invalid.errors and all(e.english() for e in invalid.errors)
    except ImportFileError as error:
        assert error.english
