"""``phieukin serve``: refuses clearly before gunicorn starts when it cannot serve."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command

from phieukin.lib.net import lan_addresses
from phieukin.web.management.commands import serve


def test_it_refuses_a_busy_port() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(CommandError, match="another server"):
            serve._check_port_free("127.0.0.1", port)


def test_it_refuses_a_port_out_of_range() -> None:
    with pytest.raises(CommandError, match="not a TCP port"):
        call_command("serve", "--port", "70000")


@pytest.mark.django_db
def test_it_refuses_an_unmigrated_database(monkeypatch: pytest.MonkeyPatch) -> None:
    assert serve.unapplied_migrations() == []  # the test database is fully migrated
    monkeypatch.setattr(serve, "unapplied_migrations", lambda: ["voting.0009_future"])
    with pytest.raises(CommandError, match=r"unapplied migration.*voting\.0009_future"):
        serve.run_server(port=0, lan=False)


def test_it_lists_lan_addresses_without_loopback() -> None:
    assert all(not ip.startswith("127.") for ip in lan_addresses())
