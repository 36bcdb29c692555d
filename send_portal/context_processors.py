from django.conf import settings
from django.urls import reverse


def service(request):
    """Service name, council name and the service navigation."""
    user = getattr(request, "user", None)
    path = request.path
    items = [{"text": "Home", "href": reverse("home")}]
    if user is not None and user.is_authenticated:
        from .notifications import unread_count

        count = unread_count(user)
        label = f"Notifications ({count} unread)" if count else "Notifications"
        items.append({"text": label, "href": reverse("notifications")})
    else:
        items.append({"text": "Sign in", "href": reverse("login")})
    items.append({"text": "Timescales", "href": reverse("timescales")})
    # Public: the National Standards browser, which links to published local inclusion plans.
    items.append({"text": "Support to expect", "href": reverse("standards:browse")})
    items.append({"text": "Help", "href": reverse("help")})
    for item in items:
        item["current"] = item["href"] == path
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "navigation": items,
    }
