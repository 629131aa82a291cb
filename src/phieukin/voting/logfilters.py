"""Keep the web server's access log from linking an address and a time to a cast ballot.

An access-log line "10.0.0.7 [10:02:13] POST /voting/api/ballots/3/cast 201", next to the
board's order of ballots, would tie a phone (and so a person) to a ballot. So would the lines a
voter's phone leaves around its cast: the booth page, its script and the crypto bundle, the
election data the booth fetches right before casting, and the public board where the voter
looks up its tracking code (the code is in the query string). Those lines are dropped from
gunicorn's access log; every other line stays. docs/deploy.md says what a reverse proxy in
front must drop too.
"""

from __future__ import annotations

import logging
import re

BALLOT_PATHS = re.compile(
    r"^/voting/(api/ballots/\d+/(cast|audit|election\.json)|booth/\d+/|ballots/\d+/board/)"
    r"|^/static/voting/(booth\.js|voting\.css|vendor/phieukin-crypto\.js)"
)


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
