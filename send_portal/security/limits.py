"""Counting requests in fixed windows, in the shared cache (Redis in the full stack), for the
limits that are not sign-in failures (password reset e-mails). Every request counts, whether or
not an account exists, so a limit never tells anyone which addresses have accounts."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    namespace = getattr(settings, "SEND_PORTAL_RATE_LIMIT_NAMESPACE", "")
    bucket = int(time.time() // window)
    digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
    return f"send_portal:limit:{namespace}:{scope}:{digest}:{bucket}"


def hit(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """Count one request for ``ident``; False once more than ``limit`` were made in the current
    ``window`` (seconds)."""
    key = _key(scope, ident, window)
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 5)
        count = 1
    return count <= limit
