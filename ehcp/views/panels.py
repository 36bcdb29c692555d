"""Multi-agency panels: meetings, agendas and recording the panel's recommendation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, Role

from .. import forms, selectors
from ..errors import DomainError
from ..models import PanelMeeting
from ..services import workflow
from .base import apply_domain_error


def _panel_user(request):
    if not request.user.has_role(Role.CASEWORKER, Role.SEND_MANAGER, Role.PANEL_MEMBER):
        raise PermissionDenied("Panels are for council staff and panel members.")


@login_required
def panel_list(request):
    _panel_user(request)
    meetings = (
        selectors.panels_visible_to(request.user)
        .select_related("local_authority")
        .annotate(
            agenda=Count("items", distinct=True),
            waiting=Count("items", filter=Q(items__recommendation=""), distinct=True),
        )
        .order_by("-meets_on")
    )
    can_create = request.user.has_role(Role.CASEWORKER, Role.SEND_MANAGER)
    today = selectors.today()
    meetings = list(meetings)
    return render(
        request,
        "ehcp/panels/list.html",
        {
            "upcoming": sorted(
                (m for m in meetings if m.meets_on >= today), key=lambda m: m.meets_on
            ),
            "held": [m for m in meetings if m.meets_on < today],
            "can_create": can_create,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_new(request):
    las = request.user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER)
    if not las:
        raise PermissionDenied("Only council SEND staff can arrange a panel.")
    local_authority = Organisation.objects.get(pk=las[0])
    form = forms.PanelMeetingForm(
        request.POST if request.method == "POST" else None, local_authority=local_authority
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            meeting = PanelMeeting.objects.create(
                local_authority=local_authority,
                meets_on=form.cleaned_data["meets_on"],
                title=form.cleaned_data["title"],
            )
            meeting.members.set(form.cleaned_data["members"])
            audit.record(
                actor=request.user,
                action=AuditEvent.Action.CREATE,
                obj=meeting,
                summary=f"Panel arranged for {meeting.meets_on:%-d %B %Y}",
            )
        messages.success(request, "Panel meeting arranged")
        return redirect("panel-detail", meeting.pk)
    return render(request, "ehcp/panels/new.html", {"form": form})


@login_required
def panel_detail(request, pk):
    _panel_user(request)
    meeting = get_object_or_404(selectors.panels_visible_to(request.user), pk=pk)
    items = meeting.items.select_related("case", "case__child", "recorded_by")
    for item in items:
        audit.record_view(
            actor=request.user,
            obj=item.case,
            child_id=item.case.child_id,
            summary=f"Read panel summary of {item.case.reference}",
            request=request,
        )
    can_record = permissions.can(request.user, "ehcp.record_panel_recommendation", meeting)
    return render(
        request,
        "ehcp/panels/detail.html",
        {
            "meeting": meeting,
            "items": items,
            "can_record": can_record,
            "held": meeting.is_held_by(selectors.today()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_recommend(request, pk):
    _panel_user(request)
    item = get_object_or_404(selectors.agenda_items_visible_to(request.user), pk=pk)
    permissions.require(request.user, "ehcp.record_panel_recommendation", item.meeting)
    held = item.meeting.is_held_by(selectors.today())
    form = forms.PanelRecommendationForm(
        request.POST if request.method == "POST" else None, item=item
    )
    if request.method == "POST" and form.is_valid():
        try:
            workflow.record_panel_recommendation(
                actor=request.user,
                item_id=item.pk,
                recommendation=form.cleaned_data["recommendation"],
                reasons=form.cleaned_data["reasons"],
                on=selectors.today(),
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "The panel's recommendation has been recorded")
            return redirect("panel-detail", item.meeting_id)
    return render(request, "ehcp/panels/recommend.html", {"form": form, "item": item, "held": held})
