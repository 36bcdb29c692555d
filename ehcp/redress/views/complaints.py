"""Complaints: the council's log (who resolves each, its stage, the response due under the
council's policy, overdue ones flagged) and the public page on how to complain."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ehcp import selectors as case_selectors
from send_portal import audit
from send_portal.models import Organisation, Role

from .. import forms, policy, selectors
from ..models import Complaint, Stage
from ..services import complaints as services
from .base import ActionView
from .mediation import Action

NOT_STAFF = "Complaints are recorded by the council's SEND team."


def _require_staff(user) -> None:
    if not user.has_role(Role.CASEWORKER, Role.SEND_MANAGER):
        raise PermissionDenied(NOT_STAFF)


@login_required
def complaints_list(request):
    _require_staff(request.user)
    today = case_selectors.today()
    show = request.GET.get("show", "open")
    stage = request.GET.get("stage", "")
    qs = selectors.complaint_list(request.user)
    if show == "open":
        qs = qs.filter(closed_on=None)
    elif show == "closed":
        qs = qs.exclude(closed_on=None)
    if stage in Stage.values:
        qs = qs.filter(stage=stage)
    rows = []
    for complaint in qs[:200]:
        current = complaint.current_stage
        rows.append(
            {
                "complaint": complaint,
                "current": current,
                "status": current.status_on(today) if current and complaint.is_open else "",
            }
        )
    return render(
        request,
        "redress/complaints_list.html",
        {"rows": rows, "show": show, "stage": stage, "stages": Stage.choices},
    )


def complaint_actions(complaint: Complaint) -> list[Action]:
    if not complaint.is_open:
        return []

    def url(name):
        return reverse(name, args=[complaint.pk])

    actions = []
    current = complaint.current_stage
    if current is not None and current.responded_on is None:
        actions.append(Action("Record the response", url("redress-complaint-respond")))
    if complaint.next_stages:
        actions.append(Action("Record that it was escalated", url("redress-complaint-escalate")))
    actions.append(Action("Close the complaint", url("redress-complaint-close")))
    actions[0].primary = True
    return actions


def _visible_complaint(request, pk: int) -> Complaint:
    return get_object_or_404(selectors.complaint_list(request.user), pk=pk)


@login_required
def complaint_detail(request, pk):
    _require_staff(request.user)
    complaint = _visible_complaint(request, pk)
    if complaint.case_id:
        audit.record_view(
            actor=request.user,
            obj=complaint,
            child_id=complaint.case.child_id,
            summary=f"Viewed complaint {complaint.reference}",
            request=request,
        )
    today = case_selectors.today()
    return render(
        request,
        "redress/complaint_detail.html",
        {
            "complaint": complaint,
            "stages": [
                {"stage": stage, "status": stage.status_on(today)}
                for stage in complaint.stages.all()
            ],
            "actions": complaint_actions(complaint),
            "policy_name": policy.POLICY_NAME,
        },
    )


class ComplaintActionView(ActionView):
    permission = "redress.manage_complaints"
    back_text = "Back to the complaint"

    def get_object(self, request, **kwargs):
        _require_staff(request.user)
        return _visible_complaint(request, kwargs["pk"])

    def back_url(self, complaint) -> str:
        return reverse("redress-complaint", args=[complaint.pk])

    def success_url(self, complaint, result) -> str:
        return self.back_url(complaint)


class ComplaintNewView(ActionView):
    form_class = forms.ComplaintForm
    title = "Record a concern or complaint"
    intro = (
        "Record who is responsible for resolving it. The response dates come from the "
        f"{policy.POLICY_NAME[0].lower()}{policy.POLICY_NAME[1:]}."
    )
    permission = "redress.manage_complaints"
    submit_label = "Record complaint"
    success_message = "Complaint recorded"
    back_text = "Back to complaints"

    def get_object(self, request, **kwargs):
        councils = case_selectors.la_ids(request.user)
        if not councils:
            raise PermissionDenied(NOT_STAFF)
        return Organisation.objects.get(pk=sorted(councils)[0])

    def back_url(self, council) -> str:
        return reverse("redress-complaints")

    def get_form_kwargs(self, council):
        return {"local_authority": council}

    def perform(self, form, council):
        data = form.cleaned_data
        return services.record_complaint(
            actor=self.request.user,
            local_authority=council,
            received_on=data["received_on"],
            complainant_name=data["complainant_name"],
            category=data["category"],
            summary=data["summary"],
            responsible=data["responsible"],
            responsible_organisation=data["responsible_organisation"],
            case=data["case_reference"],
            sendiass_involved=data["sendiass_involved"],
        )

    def success_url(self, council, result) -> str:
        return reverse("redress-complaint", args=[result.pk])


class ComplaintResponseView(ComplaintActionView):
    form_class = forms.ComplaintResponseForm
    title = "Record the response"
    submit_label = "Record response"
    success_message = "Response recorded"

    def extra_context(self, complaint):
        current = complaint.current_stage
        return {"notes": [f"Stage: {current.get_stage_display()}."]}

    def perform(self, form, complaint):
        data = form.cleaned_data
        return services.record_response(
            actor=self.request.user,
            complaint_id=complaint.pk,
            responded_on=data["responded_on"],
            outcome=data["outcome"],
            summary=data["summary"],
        )


class EscalateView(ComplaintActionView):
    form_class = forms.EscalateForm
    title = "Record that the complaint was escalated"
    submit_label = "Record"
    success_message = "Escalation recorded"

    def get_form_kwargs(self, complaint):
        return {"complaint": complaint}

    def perform(self, form, complaint):
        return services.escalate_complaint(
            actor=self.request.user,
            complaint_id=complaint.pk,
            to_stage=form.cleaned_data["to_stage"],
            escalated_on=form.cleaned_data["escalated_on"],
        )


class CloseComplaintView(ComplaintActionView):
    form_class = forms.CloseComplaintForm
    title = "Close the complaint"
    submit_label = "Close complaint"
    success_message = "Complaint closed"

    def perform(self, form, complaint):
        return services.close_complaint(
            actor=self.request.user,
            complaint_id=complaint.pk,
            closed_on=form.cleaned_data["closed_on"],
            outcome=form.cleaned_data["outcome"],
        )


def how_to_complain(request):
    """Public, plain-language: how to raise a concern or complaint and escalate it."""
    return render(
        request,
        "redress/how_to_complain.html",
        {
            "policy_name": policy.POLICY_NAME,
            "working_days": policy.RESPONSE_WORKING_DAYS,
            "Stage": Stage,
        },
    )
