"""The client's address, the same way for sign-in lock-out, rate limits and the audit log.

Behind the reverse proxy every request arrives from the proxy's address, and the client's is
in ``X-Forwarded-For``; anything a client writes into that header itself comes *before* what
the proxies append. So exactly ``TRUSTED_PROXY_COUNT`` entries from the right are trusted,
and no more (``REST_FRAMEWORK["NUM_PROXIES"]``: Django REST framework's throttles read the same
setting, so the API's limits and the sign-in lock-out agree). With no proxy (0, the default) the
header is ignored and the connection's address is used.
"""

from __future__ import annotations

import ipaddress

from rest_framework.throttling import BaseThrottle


def client_ip(request) -> str | None:
    """The client's address: Django REST framework's ``get_ident`` (which honours
    ``NUM_PROXIES``), refused back to the connection's address if it is not an IP address."""
    found = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address((found or "").strip()))
    except ValueError:
        return request.META.get("REMOTE_ADDR")
