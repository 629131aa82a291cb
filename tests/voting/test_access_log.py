"""The web server's access log never records a cast (address + time next to the board order)."""

from __future__ import annotations

import logging
from datetime import timedelta

from gunicorn.config import Config
from gunicorn.glogging import Logger

from phieukin.voting.logfilters import DropBallotRequests


class _Request:
    def __init__(self, path: str) -> None:
        self.method, self.path, self.query, self.uri = "POST", path, "", path
        self.version, self.headers = (1, 1), []


class _Response:
    status, sent, headers = "201 Created", 10, ()


def _access_lines(path: str, caplog) -> list[str]:
    cfg = Config()
    cfg.set("accesslog", "-")
    log = Logger(cfg)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="gunicorn.access"):
        log.access_log.propagate = True
        environ = {
            "REMOTE_ADDR": "10.9.8.7",
            "REQUEST_METHOD": "POST",
            "RAW_URI": path,
            "PATH_INFO": path,
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        log.access(_Response(), _Request(path), environ, timedelta(milliseconds=12))
    return [r.getMessage() for r in caplog.records if r.name == "gunicorn.access"]


def test_it_is_installed_on_gunicorns_access_logger():
    assert any(
        isinstance(f, DropBallotRequests) for f in logging.getLogger("gunicorn.access").filters
    )


def test_it_drops_every_request_of_a_voters_phone_and_keeps_the_rest(caplog):
    for path in (
        "/voting/api/ballots/3/cast",
        "/voting/api/ballots/3/audit",
        "/voting/api/ballots/3/election.json",
        "/voting/booth/3/",
        "/static/voting/booth.js",
        "/static/voting/vendor/phieukin-crypto.js",
        "/voting/ballots/3/board/",  # the tracking-code lookup (?q=...)
    ):
        assert _access_lines(path, caplog) == [], path
    for path in ("/voting/ballots/3/result/", "/voting/ballots/3/ceremony/"):
        (line,) = _access_lines(path, caplog)
        assert "10.9.8.7" in line
