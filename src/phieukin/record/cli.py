"""``phieukin verify RECORD``: independent verification of an exported record (no Django).

Exit status: 0 the record verifies, 1 it does not (the first failing event is named), 2 usage or
unreadable file. Progress goes to stderr, the report to stdout (``--json`` for machines).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from phieukin.crypto.errors import CryptoError
from phieukin.record.events import iter_lines
from phieukin.record.verify import VerificationReport, report_to_json, verify_record


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
    if report.result is not None:
        for (label, options), counts in zip(report.labels, report.result, strict=False):
            print(f"result: {label}")
            for option, count in zip(options, counts, strict=True):
                print(f"  {count:>6}  {option}")
    elif report.ok:
        print("note: the record has no result yet (incomplete)")
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
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be ≥ 1")
    started = time.monotonic()
    try:
        lines = list(iter_lines(args.record))
    except OSError as exc:
        print(f"phieukin verify: cannot read {args.record}: {exc.strerror}", file=sys.stderr)
        return 2
    except CryptoError as exc:
        print(f"phieukin verify: {exc.message}", file=sys.stderr)
        return 1
    bar = _Bar(not args.quiet and sys.stderr.isatty())
    report = verify_record(lines, jobs=args.jobs, progress=bar)
    if report.ok and args.head and args.head != report.head:
        print(f"FAILED: head {report.head} differs from the expected {args.head}")
        return 1
    if args.json:
        print(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report, args.record, time.monotonic() - started)
    return 0 if report.ok else 1
