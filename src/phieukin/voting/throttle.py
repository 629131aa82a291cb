"""Throttling of bad cast attempts per client.

See docs/architecture.md §6, "throttled credential attempts".

Counts live only in the cache, keyed by a keyed hash of the client address, and expire after
a minute; nothing about them is written to the database or logs, and successful casts never
touch them, so the cache cannot link an address to a ballot.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60
MAX_BAD_ATTEMPTS = 30


def _key(request: HttpRequest) -> str:
    addr = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), addr.encode(), hashlib.sha256).hexdigest()
    return f"voting:bad:{digest[:32]}"


def is_throttled(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= MAX_BAD_ATTEMPTS


def record_bad_attempt(request: HttpRequest) -> None:
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)
