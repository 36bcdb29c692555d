"""Professionals' advice inbox: the advice requests addressed to them, with their due dates."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from send_portal import audit, permissions
from send_portal.models import ADVISER_ROLES

from .. import selectors
from ..errors import DomainError
from ..models import AdviceRequest
from ..services import workflow
from .base import apply_domain_error


class SubmitAdviceForm(django_forms.Form):
    summary = django_forms.CharField(
        label="Your advice",
        widget=django_forms.Textarea,
        help_text="Describe the child's needs, the outcomes you recommend and the provision "
        "needed to meet them, with how much, how often and who should provide it.",
        error_messages={"required": "Enter your advice"},
    )


def _adviser(request):
    if not request.user.has_role(*ADVISER_ROLES):
        raise PermissionDenied("This page is for professionals asked to give advice.")


def _open_requests(user):
    """The adviser's open requests. Once advice is in, the case is no longer theirs to see
    (ROLES.md: "for as long as that request is open")."""
    return selectors.advice_requests_for_adviser(user).filter(status=AdviceRequest.Status.REQUESTED)


@login_required
def advice_inbox(request):
    _adviser(request)
    requests = _open_requests(request.user).order_by("due_on", "pk")
    return render(
        request, "ehcp/advice/inbox.html", {"requests": requests, "today": selectors.today()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_submit(request, pk):
    _adviser(request)
    advice = get_object_or_404(_open_requests(request.user), pk=pk)
    permissions.require(request.user, "ehcp.submit_advice", advice)
    audit.record_view(
        actor=request.user,
        obj=advice.case,
        child_id=advice.case.child_id,
        summary=f"Opened advice request for {advice.case.reference}",
        request=request,
    )
    form = SubmitAdviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.record_advice_received(
                actor=request.user,
                advice_id=advice.pk,
                received_on=selectors.today(),
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your advice has been sent to the council")
            return redirect("advice-inbox")
    return render(
        request, "ehcp/advice/submit.html", {"advice": advice, "form": form, "case": advice.case}
    )
