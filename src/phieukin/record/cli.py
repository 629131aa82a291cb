"""``phieukin verify RECORD``: independent verification of an exported record (no Django).

Exit status: 0 the record verifies and is complete (it reaches its ``result``); 1 it does not
verify (the first failing event is named), a receipt given with ``--receipt`` is not honoured
by it, it is empty, or it is incomplete without ``--allow-incomplete``; 2 usage or unreadable
file. Progress goes to stderr, the report to stdout (``--json`` for machines).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from phieukin.crypto.canonical import loads
from phieukin.crypto.errors import CryptoError, ErrorCode
from phieukin.record.events import split_record
from phieukin.record.paper_checks import SHEET_FIELDS
from phieukin.record.receipts import check_receipt
from phieukin.record.verify import Failure, VerificationReport, report_to_json, verify_record


class _Bar:
    """A one-line progress bar on stderr, redrawn at most ~10 times a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{stage:<14} [{bar}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def _print_report(report: VerificationReport, path: Path, seconds: float) -> None:
    print(f"phieukin verify {path}")
    print("checked:")
    for item in report.checked:
        print(f"  - {item}")
    stats = ", ".join(f"{k}={v}" for k, v in sorted(report.stats.items()))
    print(f"events: {report.events} ({stats})")
    if report.result is not None and report.paper is not None and report.electronic:
        sheets = ", ".join(f"{k}={report.paper['sheets'][k]}" for k in SHEET_FIELDS)
        print(f"paper sheets: {sheets}")
        paper_rows = report.paper["counts"]
        rows = zip(report.labels, report.result, report.electronic, paper_rows, strict=False)
        for (label, options), total, elec, paper in rows:
            print(f"result: {label}  (total = electronic + paper)")
            for option, t, e, p in zip(options, total, elec, paper, strict=True):
                print(f"  {t:>6} = {e:>5} + {p:>5}  {option}")
    elif report.result is not None:
        for (label, options), counts in zip(report.labels, report.result, strict=False):
            print(f"result: {label}")
            for option, count in zip(options, counts, strict=True):
                print(f"  {count:>6}  {option}")
    elif report.ok:
        print("note: the record has no result yet (incomplete)")
    if report.version:
        print(f"version: {report.version}")
    print(f"head: {report.head}")
    print(f"time: {seconds:.2f} s")
    if report.failure is None:
        print("OK: the record verifies")
    else:
        f = report.failure
        print(f"FAILED at event seq={f.seq} type={f.type}: [{f.code}] {f.reason}")


def verify_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="phieukin verify", description=__doc__)
    parser.add_argument("record", type=Path, help="record file (JSON Lines, one event per line)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--head", help="expected head hash (from the minutes)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--receipt",
        type=Path,
        action="append",
        default=[],
        help="a voter's receipt (JSON) the record must honour; may be repeated",
    )
    parser.add_argument(
        "--allow-incomplete",
        action="store_true",
        help="exit 0 for a record that verifies but stops before its result (voting still open)",
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be ≥ 1")
    started = time.monotonic()
    try:
        receipts = [loads(path.read_bytes()) for path in args.receipt]
        if receipts:  # receipts are checked against the lines: hold them
            lines, final_newline = split_record(args.record.read_bytes())
            items: Iterable[bytes] = lines
        else:  # a stream: memory does not grow with the record
            lines, final_newline = [], _ends_with_newline(args.record)
            items = _stream(args.record)
    except OSError as exc:
        print(f"phieukin verify: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    except CryptoError as exc:
        print(f"phieukin verify: a receipt is not valid JSON: {exc.message}", file=sys.stderr)
        return 2
    bar = _Bar(not args.quiet and sys.stderr.isatty())
    report = verify_record(items, jobs=args.jobs, progress=bar, final_newline=final_newline)
    _check_receipts(report, lines, receipts)
    if report.ok and args.head and args.head != report.head:
        print(f"FAILED: head {report.head} differs from the expected {args.head}")
        return 1
    if args.json:
        print(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report, args.record, time.monotonic() - started)
    if report.ok and not report.complete and not args.allow_incomplete:
        print(
            f"INCOMPLETE [{ErrorCode.INCOMPLETE_RECORD}]: the record stops before its result "
            "(use --allow-incomplete while voting is still open)"
        )
        return 1
    return 0 if report.ok else 1


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        if handle.seek(0, os.SEEK_END) == 0:
            return True
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _stream(path: Path) -> Iterator[bytes]:
    """The record's lines without their newline, read as they are verified."""
    with path.open("rb") as handle:
        for line in handle:
            yield line[:-1] if line.endswith(b"\n") else line


def _check_receipts(report: VerificationReport, lines: list[bytes], receipts: list[object]) -> None:
    """The first receipt the record does not honour becomes the report's failure."""
    if not report.ok or report.state is None:
        return
    for receipt in receipts:
        failure: Failure | None = check_receipt(receipt, lines, report.state)
        if failure is not None:
            report.ok, report.failure = False, failure
            return
