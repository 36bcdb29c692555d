"""Public pages, the landing page per role, and the notification centre."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..landing import guides_for
from ..models import Notification, Role


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "send_portal/start.html")
    sections = guides_for(request.user)
    return render(request, "send_portal/home.html", {"sections": sections})


@require_GET
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_GET
def privacy(request):
    return render(request, "pages/privacy.html")


@require_GET
def cookies(request):
    return render(request, "pages/cookies.html")


@require_GET
def help_page(request):
    return render(request, "pages/help.html")


@require_GET
def signed_out(request):
    return render(request, "registration/signed_out.html")


@login_required
@require_GET
def notifications(request):
    queryset = Notification.objects.filter(recipient=request.user).order_by("-created_at", "-id")
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "send_portal/notifications.html",
        {
            "page": page,
            "council_staff": request.user.has_role(Role.CASEWORKER, Role.SEND_MANAGER),
            "council_manager": request.user.has_role(Role.SEND_MANAGER),
        },
    )


@login_required
@require_POST
def notification_read(request, pk: int):
    # Scoped to the recipient: someone else's notification is a 404.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("notifications")
