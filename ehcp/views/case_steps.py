"""Each step of the EHC process on the caseworker's workbench, one page and one form each
(``step.html``): allocation to issuing the final plan, exceptions, notes, tasks, withdrawal."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from send_portal import permissions

from .. import deadlines, forms, plan_quality, section_i, selectors
from ..deadlines.wording import rule_period_words as period
from ..models import (
    AdviceRequest,
    PanelAgendaItem,
    Plan,
    ReservedKind,
    SettingRequest,
    Stage,
)
from ..plan_document import with_content
from ..services import plans, workflow
from .base import CaseActionView, ProposeIfReserved


class AllocateView(CaseActionView):
    form_class = forms.AllocateForm
    title = "Allocate a caseworker"
    submit_label = "Allocate"
    success_message = "Caseworker allocated"

    def _check(self, request, case):
        if not (
            permissions.can(request.user, "ehcp.allocate_caseworker", case)
            or (
                case.caseworker_id is None
                and permissions.can(request.user, "ehcp.run_workflow", case)
            )
        ):
            permissions.require(request.user, "ehcp.allocate_caseworker", case)

    def get_form_kwargs(self, case):
        return {"local_authority": case.local_authority}

    def perform(self, form, case):
        return workflow.allocate_caseworker(
            actor=self.request.user,
            case_id=case.pk,
            caseworker=form.cleaned_data["caseworker"],
            on=selectors.today(),
        )


class ConsiderView(CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Tell people the council is considering an assessment"
    intro = (
        "Record the date the parent or young person, the integrated care board, children's "
        "social care and the school or setting were told (SEND Regulations 2014 reg 4(2))."
    )
    submit_label = "Record"
    success_message = "Recorded that people were told"

    def get_form_kwargs(self, case):
        return {"label": "Date they were told", "label_lower": "the date people were told"}

    def perform(self, form, case):
        return workflow.start_considering(
            actor=self.request.user, case_id=case.pk, notified_on=form.cleaned_data["on"]
        )


class DecideAssessmentView(ProposeIfReserved, CaseActionView):
    reserved_kind = ReservedKind.ASSESS
    decision_form_class = forms.DecisionForm
    title = "Decide whether to carry out an EHC needs assessment"
    submit_label = "Record decision and send letter"
    success_message = "Decision recorded and letter queued"

    def get_form_kwargs(self, case):
        return {"question": "Will the council carry out an EHC needs assessment?"}

    def extra_context(self, case):
        return {
            "deadline": deadlines.decision_to_assess(received=case.received_on),
            "panel_items": case.panel_items.filter(
                decision_point=PanelAgendaItem.DecisionPoint.REQUEST
            ).exclude(recommendation=""),
        }

    def decide(self, form, case):
        data = form.cleaned_data
        return workflow.decide_whether_to_assess(
            actor=self.request.user,
            case_id=case.pk,
            assess=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class RequestAdviceView(CaseActionView):
    form_class = forms.AdviceRequestForm
    title = "Ask for advice"
    submit_label = "Send request"
    success_message = "Advice requested"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.request_advice(
            actor=self.request.user,
            case_id=case.pk,
            advice_type=data["advice_type"],
            requested_on=data["requested_on"],
            adviser=data["adviser"],
            adviser_name=data["adviser_name"],
        )


class ReuseAdviceView(CaseActionView):
    form_class = forms.AdviceReuseForm
    title = "Use advice the family already has"
    intro = (
        "Advice given before (for example in the last 12 months) can be used instead of "
        "asking again only if the council, the person who gave it and the parent or young "
        "person all agree it is enough (SEND Regulations 2014 reg 6(4))."
    )
    submit_label = "Use this advice"
    success_message = "Existing advice recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.reuse_existing_advice(
            actor=self.request.user,
            case_id=case.pk,
            advice_type=data["advice_type"],
            reused_from=data["reused_from"],
            agreed_by_council=data["agreed_by_council"],
            agreed_by_adviser=data["agreed_by_adviser"],
            agreed_by_family=data["agreed_by_family"],
            on=data["on"],
        )


class AdviceReceivedView(CaseActionView):
    form_class = forms.AdviceReceivedForm
    title = "Record advice received"
    submit_label = "Record"
    success_message = "Advice recorded"

    def advice(self, case) -> AdviceRequest:
        return get_object_or_404(case.advice_requests, pk=self.kwargs["pk"])

    def extra_context(self, case):
        return {"advice": self.advice(case)}

    def perform(self, form, case):
        return workflow.record_advice_received(
            actor=self.request.user,
            advice_id=self.advice(case).pk,
            received_on=form.cleaned_data["received_on"],
            summary=form.cleaned_data["summary"],
        )


class ReferToPanelView(CaseActionView):
    form_class = forms.ReferToPanelForm
    title = "Refer the case to the multi-agency panel"
    submit_label = "Add to the agenda"
    success_message = "Added to the panel's agenda"

    def get_form_kwargs(self, case):
        return {"local_authority": case.local_authority, "today": selectors.today()}

    def extra_context(self, case):
        question = (
            "whether to carry out an EHC needs assessment"
            if case.stage == Stage.CONSIDERING
            else "whether to issue an EHC plan"
        )
        return {
            "intro": f"The panel will be asked {question}. Only meetings still to come are "
            "listed: a case cannot join the agenda of a panel that has already met."
        }

    def perform(self, form, case):
        return workflow.refer_to_panel(
            actor=self.request.user,
            case_id=case.pk,
            meeting_id=form.cleaned_data["meeting"].pk,
            summary=form.cleaned_data["summary"],
            on=selectors.today(),
        )


class DecidePlanView(ProposeIfReserved, CaseActionView):
    reserved_kind = ReservedKind.ISSUE
    decision_form_class = forms.DecisionForm
    title = "Decide whether to issue an EHC plan"
    submit_label = "Record decision and send letter"
    success_message = "Decision recorded and letter queued"

    def get_form_kwargs(self, case):
        return {"question": "Will the council issue an EHC plan?"}

    def extra_context(self, case):
        return {
            "deadline": deadlines.no_plan_notice(received=case.received_on),
            "panel_items": case.panel_items.exclude(recommendation=""),
        }

    def decide(self, form, case):
        data = form.cleaned_data
        return workflow.decide_whether_to_issue(
            actor=self.request.user,
            case_id=case.pk,
            issue=data["decision"] == "yes",
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class ServeDraftView(CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Send the draft EHC plan"
    intro = (
        "The draft must not name a school, college or type of setting in section I "
        "(Children and Families Act 2014 s38(5)). The family then has at least "
        f"{period('representations_close')}, beginning with the day it is sent, to comment and ask "
        "for a setting."
    )
    submit_label = "Record the draft as sent"
    success_message = "Draft plan recorded as sent"

    def get_form_kwargs(self, case):
        return {"label": "Date the draft was sent", "label_lower": "the date the draft was sent"}

    def perform(self, form, case):
        return workflow.serve_draft_plan(
            actor=self.request.user, case_id=case.pk, served_on=form.cleaned_data["on"]
        )


class RepresentationsView(CaseActionView):
    form_class = forms.RepresentationsForm
    title = "Record the family's views on the draft plan"
    submit_label = "Record views"
    success_message = "Views recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_representations(
            actor=self.request.user,
            case_id=case.pk,
            received_on=data["received_on"],
            comments=data["comments"],
            meeting_requested=data["meeting_requested"],
            no_further_representations=data["no_further_representations"],
        )


class SettingActionMixin:
    def setting_request(self, case) -> SettingRequest:
        return get_object_or_404(
            case.setting_requests.select_related("setting"), pk=self.kwargs["pk"]
        )

    def extra_context(self, case):
        return {"setting_request": self.setting_request(case)}


class ConsultSettingView(SettingActionMixin, CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Consult the school or college"
    submit_label = "Record consultation"
    success_message = "Consultation recorded"

    def get_form_kwargs(self, case):
        return {"label": "Date the consultation was sent", "label_lower": "the consultation date"}

    def perform(self, form, case):
        return workflow.consult_setting(
            actor=self.request.user,
            setting_request_id=self.setting_request(case).pk,
            consulted_on=form.cleaned_data["on"],
        )


class SettingResponseView(SettingActionMixin, CaseActionView):
    form_class = forms.ConsultationResponseForm
    dates_default_today = ("responded_on",)
    title = "Record the setting's reply"
    submit_label = "Record reply"
    success_message = "Reply recorded"

    def get_form_kwargs(self, case):
        return {"for_staff": True}

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_setting_response(
            actor=self.request.user,
            setting_request_id=self.setting_request(case).pk,
            response=data["response"],
            responded_on=data["responded_on"],
            detail=data["detail"],
        )


class DecidePlacementView(SettingActionMixin, CaseActionView):
    form_class = forms.PlacementDecisionForm
    title = "Decide whether to name this setting"
    submit_label = "Record decision"
    success_message = "Decision recorded"

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.decide_placement(
            actor=self.request.user,
            setting_request_id=self.setting_request(case).pk,
            name_it=data["decision"] == "yes",
            decided_on=data["decided_on"],
            refusal_ground=data["refusal_ground"],
            reasons=data["reasons"],
        )


class IssueFinalView(CaseActionView):
    form_class = forms.FinalPlanForm
    title = "Issue the final EHC plan"
    submit_label = "Issue the final plan"
    success_message = "Final plan issued and letter queued"
    template_name = "ehcp/plans/issue_final.html"

    def extra_context(self, case):
        draft = plans.current_draft(case)
        findings = []
        if draft is not None:
            draft = with_content(Plan.objects.filter(pk=draft.pk)).get()
            findings = plan_quality.check(draft)
        return {
            "deadline": deadlines.final_plan(received=case.received_on),
            "window": case.representations_window,
            "named": case.setting_requests.filter(status=SettingRequest.Status.NAMED)
            .select_related("setting")
            .first(),
            "section_i_basis": section_i.BASIS,
            "draft": draft,
            "blocking": plan_quality.blocking(findings),
            "warnings": [f for f in findings if not f.blocking],
            "sent_comments": sum(p.comments.count() for p in case.plans.exclude(served_on=None)),
            "representations": case.representations.count(),
        }

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.issue_final_plan(
            actor=self.request.user,
            case_id=case.pk,
            issued_on=data["issued_on"],
            notice_sent_on=data["notice_sent_on"],
            setting_type=data["setting_type"],
        )


class ExceptionView(CaseActionView):
    form_class = forms.ExceptionForm
    title = "Record an exception to a time limit"
    intro = deadlines.EXCEPTION_NOTE
    submit_label = "Record exception"
    success_message = "Exception recorded"

    def get_form_kwargs(self, case):
        return {"advice_requests": case.advice_requests.exclude(status="cancelled")}

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_exception(
            actor=self.request.user,
            case_id=case.pk,
            reason=data["reason"],
            applies_to=data["applies_to"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            evidence=data["evidence"],
            advice_request_id=int(data["advice_request"]) if data["advice_request"] else None,
        )


class NoteView(CaseActionView):
    form_class = forms.NoteForm
    title = "Add a note"
    submit_label = "Add note"
    success_message = "Note added"

    def perform(self, form, case):
        return workflow.add_note(
            actor=self.request.user, case_id=case.pk, text=form.cleaned_data["text"]
        )


class TaskView(CaseActionView):
    form_class = forms.TaskForm
    title = "Add a task"
    submit_label = "Add task"
    success_message = "Task added"

    def perform(self, form, case):
        return workflow.add_task(
            actor=self.request.user,
            case_id=case.pk,
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        )


class WithdrawView(CaseActionView):
    form_class = forms.WithdrawForm
    title = "Record that the request was withdrawn"
    submit_label = "Record withdrawal"
    success_message = "Withdrawal recorded"

    def perform(self, form, case):
        return workflow.withdraw_request(
            actor=self.request.user,
            case_id=case.pk,
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
        )
