"""The one instant the tests' worlds are set at, so that no test depends on the day it runs.

Facts a fixture records (a role granted, a login failure) take ``NOW`` instead of the clock;
a test whose outcome depends on "today" (an upcoming conference, a transfer dated today) runs
under ``frozen()``. Browser tests do not freeze: the browser keeps the real clock, and a
session cookie set at a frozen instant would look expired to it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
TODAY = NOW.date()


def frozen(*, tick: bool = True) -> time_machine.travel:
    """The clock at ``NOW`` (moving on from there with ``tick``, as a real clock does)."""
    return time_machine.travel(NOW, tick=tick)
