"""Suggestions from the settings directory for the search-as-you-type enhancement
(``static/js/setting-search.mjs``). Public: the directory is the DfE's published list of schools
and colleges, so it holds no personal data; limited per address like the public API."""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .. import directory
from ..ratelimit import allow, client_address

SUGGESTIONS_PER_MINUTE = 120


@require_GET
def search(request):
    if not allow(
        f"directory-search:{client_address(request)}", limit=SUGGESTIONS_PER_MINUTE, period=60
    ):
        response = JsonResponse({"detail": "Too many searches: wait a minute."}, status=429)
        response["Retry-After"] = "60"
        return response
    query = (request.GET.get("q") or "")[:100]
    category = (request.GET.get("category") or "")[:20]
    return JsonResponse({"results": directory.suggestions(query, category=category)})
