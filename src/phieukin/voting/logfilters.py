"""Keep the web server's access log from linking an address and a time to a cast ballot.

An access-log line "10.0.0.7 [10:02:13] POST /voting/api/ballots/3/cast 201", next to the
board's order of ballots, would tie a phone (and so a person) to a ballot. The line for a cast,
an audit or the booth page is dropped from gunicorn's access log; every other line stays.
"""

from __future__ import annotations

import logging
import re

BALLOT_PATHS = re.compile(r"^/voting/(api/ballots/\d+/(cast|audit)|booth/\d+/)")


class DropBallotRequests(logging.Filter):
    """A ``logging.Filter`` for the ``gunicorn.access`` logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        path = args.get("U", "") if isinstance(args, dict) else ""
        return not BALLOT_PATHS.match(str(path))


def install() -> None:
    """Attach the filter once (idempotent); called from the app's ``ready()``."""
    access = logging.getLogger("gunicorn.access")
    if not any(isinstance(f, DropBallotRequests) for f in access.filters):
        access.addFilter(DropBallotRequests())
