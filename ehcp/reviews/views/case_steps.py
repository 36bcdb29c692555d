"""The council's case-level step pages after the plan: a request for re-assessment and its
decision, a post-16 move, a proposal to stop the plan and what follows it, and moving the plan
to a new council and the new council's decision. Each object comes from the council's own
scoped selector (``selectors.*_for_staff``): anything else is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ehcp import deadlines
from ehcp.deadlines.wording import rule_period_words
from ehcp.errors import DomainError
from ehcp.models import ReservedKind
from ehcp.views.base import ProposeIfReserved

from .. import forms, selectors, services
from .base import CaseStep, StepView, case_url


class ReassessmentRequestView(CaseStep):
    form_class = forms.ReassessmentForm
    title = "Record a request for a re-assessment"
    submit_label = "Record the request"

    def perform(self, form, case):
        data = form.cleaned_data
        return services.request_reassessment(
            actor=self.request.user,
            case_id=case.pk,
            requested_by=data["requested_by"],
            requested_on=data["requested_on"],
            reasons=data["reasons"],
        )


class Post16MoveView(CaseStep):
    form_class = forms.Post16MoveForm
    title = "Record a move between post-16 institutions"
    intro = (
        "A move between post-16 institutions at any time other than after year 11: the plan "
        "must be reviewed and amended to name the new institution at least "
        f"{rule_period_words('phase_transfer_post16_other')} before the "
        "move (SEND Regulations 2014 reg 18(2))."
    )
    submit_label = "Record the move"

    def perform(self, form, case):
        data = form.cleaned_data
        return services.record_post16_move(
            actor=self.request.user,
            case_id=case.pk,
            transfer_date=data["transfer_date"],
            to_phase=data["to_phase"],
        )


class CeaseProposalView(CaseStep):
    form_class = forms.CeaseProposalForm
    title = "Propose to stop maintaining the plan"
    intro = (
        "The council must inform and consult the family, and consult the school or college, "
        "before deciding (SEND Regulations 2014 reg 31(1)). This sends the consultation letter."
    )
    submit_label = "Send the consultation letter"

    def perform(self, form, case):
        data = form.cleaned_data
        return services.propose_to_cease(
            actor=self.request.user,
            case_id=case.pk,
            ground=data["ground"],
            explanation=data["explanation"],
            consulted_on=data["consulted_on"],
        )


class MoveView(CaseStep):
    form_class = forms.TransferForm
    title = "Transfer the plan to a new council"
    intro = (
        "When the family moves, the plan goes with the child. Afterwards only the new council's "
        "SEND team can see this case."
    )
    submit_label = "Transfer the plan"

    def extra_context(self, obj):
        return {"deadline": None}

    def perform(self, form, case):
        data = form.cleaned_data
        return services.transfer_plan(
            actor=self.request.user,
            case_id=case.pk,
            to_authority=data["to_authority"],
            moved_on=data["moved_on"],
            old_council_aware_on=data["old_council_aware_on"],
            transferred_on=data["transferred_on"],
        )

    def success_url(self, obj, result):
        messages.success(
            self.request,
            f"The plan was transferred to {result.to_authority.name}. You no longer have access.",
        )
        return reverse("reviews-list")


class _Scoped(StepView):
    """A step on a row of the council's case, found through ``selector(user)``."""

    selector = None

    def queryset(self, request):
        return self.selector(request.user)

    def back_url(self, obj):
        return case_url(obj.case)


class _WhetherToAssess(_Scoped):
    """Yes or no to assessing, recorded with the decision letter."""

    form_class = forms.YesNoDecisionForm
    submit_label = "Record the decision and send the letter"
    question = ""

    def get_form_kwargs(self, obj):
        return {"question": self.question}

    def extra_context(self, obj):
        return {"deadline": self.deadline(obj)}

    def perform(self, form, item):
        data = form.cleaned_data
        return self.decide(
            item,
            reassess=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class ReassessmentDecideView(_WhetherToAssess):
    selector = staticmethod(selectors.reassessments_for_staff)
    title = "Decide whether to re-assess"
    question = "Will the council carry out a re-assessment?"

    def deadline(self, obj):
        return deadlines.reassessment_decision_due(request_received=obj.requested_on)

    def decide(self, item, **decision):
        return services.decide_reassessment(
            actor=self.request.user, reassessment_id=item.pk, **decision
        )


class CeaseDecideView(ProposeIfReserved, _Scoped):
    selector = staticmethod(selectors.cessations_for_staff)
    reserved_kind = ReservedKind.CEASE
    decision_form_class = forms.CeaseDecisionForm
    proposal_fields = (
        ("family_response", "What the family said"),
        ("setting_response", "What the school or college said"),
    )
    title = "Decide whether to stop the plan"
    intro = "The plan stays in force until the appeal window closes or any appeal ends."
    submit_label = "Record the decision and send the letter"

    def get_form_kwargs(self, obj):
        return {"question": "Will the council stop maintaining the plan?"}

    def reserved_case(self, obj):
        return obj.case

    def decide(self, form, item):
        data = form.cleaned_data
        return services.decide_cessation(
            actor=self.request.user,
            cessation_id=item.pk,
            cease=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
            family_response=data["family_response"],
            setting_response=data["setting_response"],
        )


class CeaseAppealView(_Scoped):
    selector = staticmethod(selectors.cessations_for_staff)
    form_class = forms.CeaseAppealForm
    title = "Record an appeal against stopping the plan"
    submit_label = "Save"

    def perform(self, form, item):
        data = form.cleaned_data
        return services.record_cessation_appeal(
            actor=self.request.user,
            cessation_id=item.pk,
            lodged_on=data["lodged_on"] if not item.appeal_lodged_on else None,
            ended_on=data["ended_on"],
            plan_continues=data["plan_continues"],
        )


class CeaseConfirmView(_Scoped):
    selector = staticmethod(selectors.cessations_for_staff)
    title = "Stop maintaining the plan"
    intro = (
        "Only after the time to appeal has passed with no appeal, or an appeal has ended with "
        "the decision upheld."
    )
    submit_label = "Stop the plan"

    @property
    def form_class(self):
        from ehcp.forms import DateOnlyForm

        return DateOnlyForm

    def get_form_kwargs(self, obj):
        return {"label": "Date the plan stops", "label_lower": "the date the plan stops"}

    def perform(self, form, item):
        return services.confirm_cessation(
            actor=self.request.user, cessation_id=item.pk, on=form.cleaned_data["on"]
        )


class TransferDecideView(_WhetherToAssess):
    selector = staticmethod(selectors.plan_transfers_for_staff)
    title = "Decide whether to assess after the move"
    question = "Will the council carry out an EHC needs assessment?"

    def deadline(self, obj):
        return deadlines.transfer_between_las(move_notified=obj.transferred_on)

    def decide(self, item, **decision):
        return services.decide_after_transfer(
            actor=self.request.user, transfer_id=item.pk, **decision
        )


@login_required
@require_POST
def complete_reassessment(request, pk):
    item = get_object_or_404(selectors.reassessments_for_staff(request.user), pk=pk)
    try:
        services.complete_reassessment(actor=request.user, reassessment_id=item.pk)
    except DomainError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise
    return redirect("reviews-case", item.case.reference)
