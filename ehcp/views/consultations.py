"""Schools and colleges answering the council's consultation about being named (CFA 2014 s39)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from send_portal import permissions
from send_portal.forms import default_dates_to_today
from send_portal.models import Role

from .. import forms, selectors
from ..errors import DomainError
from ..models import SettingRequest
from ..services import workflow
from .base import apply_domain_error


def _consultations_for(user):
    return SettingRequest.objects.filter(
        setting_id__in=user.organisations_for(Role.SENCO),
        status__in=[SettingRequest.Status.CONSULTED, SettingRequest.Status.RESPONDED],
    ).select_related("case", "case__child", "setting", "case__local_authority")


def _senco(request):
    if not request.user.has_role(Role.SENCO):
        raise PermissionDenied("Consultations are answered by the school or college's SENCo.")


@login_required
def consultation_list(request):
    _senco(request)
    consultations = list(_consultations_for(request.user).order_by("response_due_on"))
    return render(
        request,
        "ehcp/consultations/list.html",
        {
            "waiting": [c for c in consultations if c.status == SettingRequest.Status.CONSULTED],
            "replied": sorted(
                (c for c in consultations if c.status == SettingRequest.Status.RESPONDED),
                key=lambda c: c.responded_on,
                reverse=True,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_respond(request, pk):
    _senco(request)
    consultation = get_object_or_404(_consultations_for(request.user), pk=pk)
    permissions.require(request.user, "ehcp.respond_to_consultation", consultation)
    form = forms.ConsultationResponseForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        default_dates_to_today(form, selectors.today())
    if consultation.status != SettingRequest.Status.CONSULTED:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            workflow.record_setting_response(
                actor=request.user,
                setting_request_id=consultation.pk,
                response=form.cleaned_data["response"],
                responded_on=form.cleaned_data["responded_on"],
                detail=form.cleaned_data["detail"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your reply has been sent to the council")
            return redirect("consultations")
    return render(
        request,
        "ehcp/consultations/respond.html",
        {
            "consultation": consultation,
            "form": form,
            "case": consultation.case,
            "draft": selectors.plans_visible_to(request.user, consultation.case)
            .select_related("document")
            .last(),
        },
    )
