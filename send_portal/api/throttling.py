"""Rate limits, read from ``settings.API_THROTTLE_RATES`` when a request is made (so a
deployment, or a test, can change them): per address for anonymous requests, per person for
sessions, per token for integrations. A refusal is a 429 with ``Retry-After``."""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling

from send_portal.models import ApiToken


class _SettingsRate:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    scope = "anon"


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            return None  # counted by TokenThrottle
        return super().get_cache_key(request, view)


class TokenThrottle(_SettingsRate, throttling.SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
