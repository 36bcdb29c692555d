"""Send staff who have not passed their second factor to do so, and end long sessions."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .otp import confirmed_device, needs_second_factor

SIGNED_IN_AT = "signed_in_at"


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("two-factor-verify"),
        reverse("two-factor-enrol"),
        reverse("logout"),
        reverse("signed-out"),
        reverse("healthz"),
        settings.STATIC_URL,
    )


class StaffTwoFactorMiddleware:
    """After ``OTPMiddleware``: a staff session that is not OTP-verified reaches only the two
    pages where it can verify (and sign-out); anything else redirects there (the API: 403).

    Also ends any session older than ``SESSION_MAX_AGE`` seconds, however active."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                request.session[SIGNED_IN_AT] = int(time.time())
            elif time.time() - started > settings.SESSION_MAX_AGE:
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            if (
                needs_second_factor(user)
                and not user.is_verified()
                and not request.path.startswith(_exempt_prefixes())
            ):
                return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request, user):
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "status": 403,
                    "title": "Forbidden",
                    "detail": "Staff must finish signing in with their authenticator app "
                    f"code first ({reverse('two-factor-verify')}), or use an API token.",
                },
                status=403,
            )
        target = "two-factor-verify" if confirmed_device(user) else "two-factor-enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
