"""Refuse requests whose address, query string, cookies or credentials hold a NUL character.

No valid request needs one, and PostgreSQL cannot store or compare text containing it: a filter
such as ``?q=%00`` would otherwise reach the database and fail there with a server error (found
by fuzzing the API, tests/api/test_fuzz.py). The request is refused with a clear 400 before any
view runs, as JSON under ``/api/`` (the API's error body) and as plain text elsewhere.
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "The address contains a character that is not allowed (a NUL byte)."


def _has_nul(request) -> bool:
    if "\x00" in request.path or "\x00" in request.META.get("HTTP_AUTHORIZATION", ""):
        return True
    # A session or CSRF cookie is looked up in the database too.
    if any("\x00" in key or "\x00" in value for key, value in request.COOKIES.items()):
        return True
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()
    )


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"status": 400, "title": HTTPStatus(400).phrase, "detail": MESSAGE},
                    status=400,
                )
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
