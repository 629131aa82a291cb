"""``phieukin verify RECORD`` — filled in by the verifiable-ballot core (issue 4)."""

from __future__ import annotations

import sys


def verify_main(argv: list[str]) -> int:
    print("phieukin verify: the verifier is not built yet", file=sys.stderr)
    return 2
