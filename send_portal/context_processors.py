from django.conf import settings
from django.urls import reverse

from .notifications import unread_count
from .security.otp import needs_second_factor


def _fully_signed_in(user) -> bool:
    """Signed in, and past the second factor where the person needs one."""
    if user is None or not user.is_authenticated:
        return False
    return not needs_second_factor(user) or bool(getattr(user, "is_verified", lambda: False)())


def service(request):
    """Service name, council name and the service navigation."""
    user = getattr(request, "user", None)
    path = request.path
    items = [{"text": "Home", "href": reverse("home")}]
    signed_in = _fully_signed_in(user)
    if signed_in:
        # Once per request: a page that renders a fragment with the request (the evidence
        # list) runs this processor again (issue 22).
        count = getattr(request, "_unread_notifications", None)
        if count is None:
            count = request._unread_notifications = unread_count(user)
        label = f"Notifications ({count} unread)" if count else "Notifications"
        items.append({"text": label, "href": reverse("notifications")})
    elif user is None or not user.is_authenticated:
        items.append({"text": "Sign in", "href": reverse("login")})
    items.append({"text": "Timescales", "href": reverse("timescales")})
    # Public: the National Standards browser, which links to published local inclusion plans.
    items.append({"text": "Support to expect", "href": reverse("standards:browse")})
    items.append({"text": "Help", "href": reverse("help")})
    for item in items:
        item["current"] = item["href"] == path
    return {
        # Only after the second factor (staff) does the header show the person's name.
        "fully_signed_in": signed_in,
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "navigation": items,
    }
