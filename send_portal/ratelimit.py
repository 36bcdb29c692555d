"""A small fixed-window rate limit in the cache, for public pages that write or send e-mail
(a family's online request for an assessment) and public look-ups (the settings directory's
suggestions). The API has its own throttles (``send_portal.api.throttling``)."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_address(request) -> str:
    """The address the request came from (the proxy in front of gunicorn sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _now() -> float:
    return time.time()


def allow(key: str, *, limit: int, period: int) -> bool:
    """Count one use of ``key`` in the current window of ``period`` seconds; False once more
    than ``limit`` uses have been counted in it."""
    window = int(_now() // period)
    name = f"ratelimit:{key}:{window}"
    if cache.add(name, 1, timeout=period + 5):
        return limit >= 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=period + 5)
        count = 1
    return count <= limit
