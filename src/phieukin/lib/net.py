"""The machine's addresses on the local network (``serve --lan`` and the cards' booth URL)."""

from __future__ import annotations

import contextlib
import socket


def lan_addresses() -> list[str]:
    """IPv4 addresses other machines on the network can use to reach this one."""
    found: list[str] = []
    # The address of the interface that routes outwards (connecting UDP sends no packet).
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        found.append(probe.getsockname()[0])
    with contextlib.suppress(OSError):
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    return sorted({ip for ip in found if not ip.startswith("127.")})
