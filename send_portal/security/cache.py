"""Nothing personal is kept by the browser or by a proxy.

Every response to a signed-in person, or to an API token, may carry a child's personal data: a
case page, the API's JSON, a generated PDF, a dashboard CSV. This middleware makes
``Cache-Control: private, no-store`` the default for all of them, replacing anything a view set (a
response that must be cached is one that needs no sign-in). Anonymous responses (public pages,
static files served by WhiteNoise before this runs) are left to their own headers.
"""

from __future__ import annotations


def _personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return True
    # An API token (DRF authenticates inside the view and sets request.user then; a refused
    # token still says who was asking).
    return bool(request.META.get("HTTP_AUTHORIZATION"))


class NoStoreForSignedInMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _personal(request):
            response["Cache-Control"] = "private, no-store"
            response["Pragma"] = "no-cache"
            if response.has_header("Expires"):
                del response["Expires"]
        return response
