"""Council pages for SEND Tribunal appeals: the council's list with orders and overdue compliance
steps, each appeal, and each step (registration, hearing, decision, orders, compliance)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse

from ehcp import deadlines
from ehcp import selectors as case_selectors
from ehcp.models import Case
from send_portal import audit, permissions
from send_portal.models import Role

from .. import forms, selectors
from ..models import NO_CERTIFICATE_BASIS, ComplianceStep, TribunalAppeal
from ..services import appeals as services
from ..timeline import step_rows
from .base import (
    STAFF_ONLY,
    ActionView,
    AppealActionView,
    CaseLevelActionView,
    staff_case,
    visible_appeal,
    visible_step,
)
from .mediation import Action, appealable_decisions

Outcome = TribunalAppeal.Outcome


@login_required
def appeals_list(request):
    """Every appeal of the council, with its orders, and the compliance steps still to do
    (Tribunal orders, unopposed appeals and mediation agreements), overdue ones first."""
    user = request.user
    if not user.has_role(Role.CASEWORKER, Role.SEND_MANAGER):
        raise PermissionDenied("This page is for council SEND staff.")
    today = case_selectors.today()
    show = request.GET.get("show", "open")
    appeals = list(selectors.appeal_list(user).order_by("-registered_on", "-id")[:200])
    if show == "open":
        appeals = [a for a in appeals if _needs_attention(a)]
    steps = step_rows(list(selectors.outstanding_steps(user)[:200]), today=today)
    return render(
        request,
        "redress/appeals_list.html",
        {
            "appeals": appeals,
            "steps": steps,
            "overdue": sum(1 for row in steps if row["status"] == "overdue"),
            "show": show,
            "today": today,
        },
    )


def _needs_attention(appeal: TribunalAppeal) -> bool:
    """Still with the Tribunal, or decided with compliance steps still to do."""
    has_steps = bool(appeal.steps.all())
    return appeal.is_open or (has_steps and not appeal.compliance_complete)


def appeal_actions(appeal: TribunalAppeal, user) -> list[Action]:
    if not permissions.can(user, "redress.manage", appeal):
        return []
    ref, pk = appeal.case.reference, appeal.pk

    def url(name):
        return reverse(name, args=[ref, pk])

    actions: list[Action] = []
    if appeal.is_open:
        actions.append(Action("Record the Tribunal's decision", url("redress-appeal-decision")))
        actions.append(Action("Set the hearing date", url("redress-appeal-hearing")))
        actions.append(
            Action("Record that the council will not oppose", url("redress-appeal-unopposed"))
        )
    elif appeal.outcome in TribunalAppeal.ORDER_OUTCOMES or appeal.outcome == Outcome.DISMISSED:
        actions.append(Action("Record an order of the Tribunal", url("redress-appeal-order")))
    if actions:
        actions[0].primary = True
    return actions


@login_required
def appeal_detail(request, reference, pk):
    appeal = visible_appeal(request, reference, pk)
    case = appeal.case
    if not case_selectors.is_staff_of_case(request.user, case):
        if case_selectors.is_family_of_case(request.user, case):
            return redirect("redress-family", case.reference)
        raise PermissionDenied(STAFF_ONLY)
    audit.record_view(
        actor=request.user,
        obj=appeal,
        child_id=case.child_id,
        summary=f"Viewed appeal {appeal.reference} ({case.reference})",
        request=request,
    )
    today = case_selectors.today()
    steps = list(appeal.steps.select_related("order"))
    orders = [
        {
            "order": order,
            "steps": step_rows([s for s in steps if s.order_id == order.pk], today=today),
        }
        for order in appeal.orders.all()
    ]
    unopposed = step_rows([s for s in steps if s.order_id is None], today=today)
    return render(
        request,
        "redress/appeal_detail.html",
        {
            "appeal": appeal,
            "case": case,
            "child": case.child,
            "orders": orders,
            "unopposed": unopposed,
            "actions": appeal_actions(appeal, request.user),
            "no_certificate_basis": NO_CERTIFICATE_BASIS,
            "today": today,
        },
    )


class RegisterAppealView(CaseLevelActionView):
    form_class = forms.RegisterAppealForm
    title = "Record an appeal registered by the SEND Tribunal"
    submit_label = "Record the appeal"
    success_message = "Appeal recorded"

    def get_object(self, request, **kwargs):
        return staff_case(request, kwargs["reference"])

    def get_form_kwargs(self, case: Case):
        return {"decisions": appealable_decisions(case).filter(tribunal_appeals__isnull=True)}

    def extra_context(self, case):
        return {"notes": [NO_CERTIFICATE_BASIS + "."]}

    def perform(self, form, case):
        data = form.cleaned_data
        return services.register_appeal(
            actor=self.request.user,
            decision_id=data["decision"].pk,
            registered_on=data["registered_on"],
            matters=data["matters"],
            tribunal_reference=data["tribunal_reference"],
            without_certificate_permission=data["without_certificate_permission"],
        )

    def success_url(self, case, result):
        return reverse("redress-appeal", args=[case.reference, result.pk])


class HearingView(AppealActionView):
    form_class = forms.HearingForm
    title = "Set the hearing date"
    submit_label = "Save"
    success_message = "Hearing date saved"

    def get_initial(self, appeal):
        return {"hearing_on": appeal.hearing_on}

    def perform(self, form, appeal):
        return services.list_hearing(
            actor=self.request.user, appeal_id=appeal.pk, hearing_on=form.cleaned_data["hearing_on"]
        )


class UnopposedView(AppealActionView):
    form_class = forms.UnopposedForm
    title = "Record that the council will not oppose the appeal"
    intro = (
        "When the council tells the Tribunal it will not oppose an appeal, the law sets when it "
        "must act, counted from the day it told the Tribunal."
    )
    submit_label = "Record"
    success_message = "Recorded, with the council's deadlines"

    def perform(self, form, appeal):
        return services.record_unopposed(
            actor=self.request.user,
            appeal_id=appeal.pk,
            notified_tribunal_on=form.cleaned_data["notified_tribunal_on"],
            kind=form.cleaned_data["kind"],
        )


class AppealDecisionView(AppealActionView):
    form_class = forms.AppealDecisionForm
    title = "Record the Tribunal's decision"
    submit_label = "Record decision"
    success_message = "Decision recorded"

    def perform(self, form, appeal):
        data = form.cleaned_data
        return services.record_appeal_decision(
            actor=self.request.user,
            appeal_id=appeal.pk,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            summary=data["summary"],
        )


class OrderView(AppealActionView):
    form_class = forms.OrderForm
    title = "Record an order of the Tribunal"
    intro = "The council's deadlines for complying are set by the law from the date of the order."
    submit_label = "Record order"
    success_message = "Order recorded with the council's deadlines"

    def get_initial(self, appeal):
        return {"made_on": appeal.decided_on}

    def perform(self, form, appeal):
        data = form.cleaned_data
        return services.record_order(
            actor=self.request.user,
            appeal_id=appeal.pk,
            order_type=data["order_type"],
            made_on=data["made_on"],
            detail=data["detail"],
        )


class StepDoneView(ActionView):
    form_class = forms.StepDoneForm
    title = "Record that this step is done"
    submit_label = "Record as done"
    success_message = "Recorded as done"

    def get_object(self, request, **kwargs):
        return visible_step(request, kwargs["reference"], kwargs["pk"])

    def permission_object(self, step: ComplianceStep):
        return step.case

    def back_url(self, step: ComplianceStep) -> str:
        if step.appeal_id:
            return reverse("redress-appeal", args=[step.case.reference, step.appeal_id])
        return reverse(
            "redress-mediation", args=[step.case.reference, step.agreement_action.mediation_id]
        )

    @property
    def back_text(self):
        return "Back to the appeal" if self.object.appeal_id else "Back to the mediation"

    def extra_context(self, step):
        return {
            "deadline": deadlines.Deadline(
                key=step.key, due=step.due_on, label=step.label, basis=step.basis
            ),
            "notes": [f"{step.source_label}: {step.label}."],
        }

    def perform(self, form, step):
        return services.complete_step(
            actor=self.request.user,
            step_id=step.pk,
            completed_on=form.cleaned_data["completed_on"],
            note=form.cleaned_data["note"],
        )
