"""Sign-in lock-out on django-axes (security review findings 1 and 9).

Failures are counted per **normalised** e-mail address (``AXES_USERNAME_CALLABLE``), from the
client address behind the proxy (``AXES_CLIENT_IP_CALLABLE``), within ``AXES_COOLOFF_TIME``.
Three limits (``SIGN_IN_FAILURE_LIMITS``), each with its own number:

- **account and address**: a few guesses at one account from one address;
- **address**: many accounts tried from one address (password spraying);
- **account**: one account tried from many addresses (a distributed guesser).

The account-wide limit is what would let a stranger lock a family out by flooding their
address with wrong passwords. So it applies only to browsers the account has not signed in from
before: a successful sign-in leaves a signed, HttpOnly cookie holding a keyed hash of the
address (never the address itself), and a browser that presents it for the account it is trying
is held only to the per-account-and-address limit (OWASP, "Slow down online guessing attacks
with device cookies"). A family on their own phone or computer is never locked out by someone
else; on a new device they can reset their password, which also clears the failures.

The handler is axes' database handler with ``get_failures`` (which decides the lock) and
``reset_user_attempts`` (after a success: that account's failures only, never the address's,
or signing in to one's own account would reset a sprayer's count) specialised, as axes
documents for ``AXES_HANDLER``.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils.crypto import constant_time_compare, salted_hmac

from send_portal.client import client_ip
from send_portal.identity import normalise_email

DEVICE_COOKIE = "sp_known_device"
DEVICE_SALT = "send_portal.security.lockout.device"
DEVICE_COOKIE_AGE = 180 * 24 * 60 * 60
DEVICE_COOKIE_MAX_ACCOUNTS = 5


def username_for_axes(request, credentials=None) -> str:
    """``AXES_USERNAME_CALLABLE``: the e-mail address as sign-in reads it."""
    value = None
    if credentials:
        value = credentials.get("username")
    if value is None and request is not None:
        value = request.POST.get("username")
    return normalise_email(value)


def client_ip_for_axes(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the address behind exactly the trusted proxies."""
    return client_ip(request)


def _account_mark(username: str) -> str:
    return salted_hmac(DEVICE_SALT, normalise_email(username)).hexdigest()[:32]


def known_accounts(request) -> list[str]:
    # None when the cookie is missing, tampered with or older than its age.
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    if not value:
        return []
    return [mark for mark in value.split(".") if mark][:DEVICE_COOKIE_MAX_ACCOUNTS]


def is_known_device(request, username: str) -> bool:
    if not username:
        return False
    mark = _account_mark(username)
    return any(constant_time_compare(mark, known) for known in known_accounts(request))


def remember_device(request, response, username: str) -> None:
    """After a successful sign-in: this browser now counts as known for the account."""
    mark = _account_mark(username)
    marks = [mark] + [m for m in known_accounts(request) if m != mark]
    response.set_signed_cookie(
        DEVICE_COOKIE,
        ".".join(marks[:DEVICE_COOKIE_MAX_ACCOUNTS]),
        salt=DEVICE_SALT,
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def _failures(**filters) -> int:
    return (
        AccessAttempt.objects.filter(**filters).aggregate(total=Sum("failures_since_start"))[
            "total"
        ]
        or 0
    )


def failure_counts(request, username: str) -> dict[str, int]:
    since = get_cool_off_threshold(request)
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    counts = {"address": _failures(ip_address=address, attempt_time__gte=since)}
    if username:
        counts["account_and_address"] = _failures(
            username=username, ip_address=address, attempt_time__gte=since
        )
        counts["account"] = _failures(username=username, attempt_time__gte=since)
    return counts


def reached_limits(request, username: str) -> list[str]:
    """The limits this request has reached (empty: it may try)."""
    limits = settings.SIGN_IN_FAILURE_LIMITS
    counts = failure_counts(request, username)
    known = is_known_device(request, username)
    reached = []
    for name, count in counts.items():
        if known and name != "account_and_address":
            continue
        if count >= limits[name]:
            reached.append(name)
    return reached


class PortalAxesHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        limit = get_failure_limit(request, credentials)
        if reached_limits(request, username):
            return limit
        counts = failure_counts(request, username)
        return min(counts.get("account_and_address", counts["address"]), limit - 1)

    def reset_user_attempts(self, request, credentials=None) -> int:
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def clear_account_failures(username: str) -> None:
    """After the person proved they own the address (a password reset link): their account's
    failures are forgotten, so someone who locked them out gains nothing."""
    AccessAttempt.objects.filter(username=normalise_email(username)).delete()
