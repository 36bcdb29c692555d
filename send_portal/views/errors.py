from django.http import JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


def _api_error(request, status: int, title: str, detail: str):
    """Errors raised outside the API's views (an address no route matches, a server error)
    still answer an API client in the API's error body (send_portal/api/errors.py)."""
    return JsonResponse({"status": status, "title": title, "detail": detail}, status=status)


def not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return _api_error(request, 404, "Not Found", "Not found: no resource has this address.")
    return render(request, "404.html", status=404)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    if request.path.startswith(API_PREFIX):
        return _api_error(request, 403, "Forbidden", message or "You cannot do that.")
    return render(request, "403.html", {"message": message}, status=403)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return _api_error(
            request, 500, "Internal Server Error", "Something went wrong on our side."
        )
    return render(request, "500.html", status=500)
