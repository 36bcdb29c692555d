"""The step pages of a review, for the council and the school or college holding it: arrange
the meeting, record the advice and the meeting, the report, the council's decision, the next
school or college, the amended plan or the decision not to amend."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from ehcp import deadlines
from ehcp.errors import DomainError
from send_portal import permissions

from .. import forms, selectors, services
from ..models import Review
from .base import CaseStep, StepView


class ReviewStep(StepView):
    def queryset(self, request):
        return selectors.reviews_visible_to(request.user)

    def back_url(self, obj) -> str:
        return reverse("review-detail", args=[obj.pk])

    def extra_context(self, obj) -> dict:
        return {"review": obj, "deadline": self.deadline(obj)}

    def deadline(self, obj):
        return None


class ScheduleView(CaseStep):
    form_class = forms.ScheduleForm
    title = "Schedule the next review"
    submit_label = "Schedule the review"

    def perform(self, form, case):
        return services.schedule_review(
            actor=self.request.user, case_id=case.pk, kind=form.cleaned_data["kind"]
        )

    def success_url(self, obj, result):
        return reverse("review-detail", args=[result.pk])


class ArrangeView(ReviewStep):
    form_class = forms.ArrangeForm
    permission = "reviews.hold_meeting"
    title = "Arrange the review meeting"
    intro = (
        "Invite the parent or young person, the school or college, a council SEND officer, a "
        "health professional and a social care officer (SEND Regulations 2014 reg 20(2))."
    )
    submit_label = "Save the meeting"

    def deadline(self, obj):
        return services.next_due(obj) if obj.stage == Review.Stage.DUE else None

    def get_initial(self, obj):
        return {"meeting_on": obj.meeting_on, "place": obj.meeting_place}

    def perform(self, form, review):
        return services.arrange_meeting(
            actor=self.request.user,
            review_id=review.pk,
            meeting_on=form.cleaned_data["meeting_on"],
            invitations_sent_on=form.cleaned_data["invitations_sent_on"],
            place=form.cleaned_data["place"],
        )


class AdviceView(ReviewStep):
    permission = "reviews.hold_meeting"
    title = "Record that the advice was sent"
    intro = "Advice and information for the meeting go to everyone invited."
    submit_label = "Record the advice as sent"

    @property
    def form_class(self):
        from ehcp.forms import DateOnlyForm

        return DateOnlyForm

    def get_form_kwargs(self, obj):
        return {"label": "Date the advice was sent", "label_lower": "the date the advice was sent"}

    def deadline(self, obj):
        return (
            deadlines.review_advice_circulated_by(meeting=obj.meeting_on)
            if obj.meeting_on
            else None
        )

    def perform(self, form, review):
        return services.record_advice_circulated(
            actor=self.request.user, review_id=review.pk, circulated_on=form.cleaned_data["on"]
        )


class HeldView(AdviceView):
    title = "Record that the meeting was held"
    intro = ""
    submit_label = "Record the meeting"

    def get_form_kwargs(self, obj):
        return {"label": "Date of the meeting", "label_lower": "the date of the meeting"}

    def deadline(self, obj):
        return None

    def perform(self, form, review):
        return services.record_meeting_held(
            actor=self.request.user, review_id=review.pk, held_on=form.cleaned_data["on"]
        )


class ReportView(ReviewStep):
    form_class = forms.ReportForm
    permission = "reviews.hold_meeting"
    title = "Report of the review meeting"
    intro = (
        "Send the report to the council and everyone invited: progress towards the outcomes, "
        "your recommendation, and any differences of view."
    )
    submit_label = "Send the report"

    def deadline(self, obj):
        return (
            deadlines.review_report_due(meeting=obj.meeting_held_on)
            if obj.meeting_held_on
            else None
        )

    def get_initial(self, obj):
        return {"sent_on": services.today()}

    def perform(self, form, review):
        data = form.cleaned_data
        return services.submit_report(
            actor=self.request.user,
            review_id=review.pk,
            sent_on=data["sent_on"],
            progress=data["progress"],
            recommendation=data["recommendation"],
            changes=data["changes"],
            differences=data["differences"],
        )


class DecideView(ReviewStep):
    form_class = forms.DecideForm
    title = "The council's decision after the review"
    intro = (
        "To change the plan, prepare the proposed amendments first: they are sent with this "
        "decision. To stop the plan, this starts the consultation with the family and school."
    )
    submit_label = "Record the decision and send the letter"

    def deadline(self, obj):
        return (
            deadlines.review_decision_due(meeting=obj.meeting_held_on)
            if obj.meeting_held_on
            else None
        )

    def extra_context(self, obj) -> dict:
        """Where the proposed amendments are prepared (or can be read), so that an "amend"
        decision refused for want of them says where to go."""
        transfer = obj.phase_transfer
        needs_setting = transfer is not None and not (
            transfer.next_setting_id or transfer.next_setting_type
        )
        return {
            **super().extra_context(obj),
            "amendments": {"plan": obj.proposed_plan, "needs_setting": needs_setting},
            "error_anchor": "proposed-amendments"
            if obj.proposed_plan_id is None or needs_setting
            else "",
        }

    def perform(self, form, review):
        data = form.cleaned_data
        return services.decide_after_review(
            actor=self.request.user,
            review_id=review.pk,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


class NextSettingView(ReviewStep):
    form_class = forms.NextSettingForm
    title = "Name the next school or college"
    intro = "Section I of the proposed amendments."
    submit_label = "Save section I"

    def get_form_kwargs(self, obj):
        return {"local_authority": obj.case.local_authority}

    def perform(self, form, review):
        return services.name_next_setting(
            actor=self.request.user,
            review_id=review.pk,
            setting=form.cleaned_data["setting"],
            setting_type=form.cleaned_data["setting_type"],
        )


class IssueView(ReviewStep):
    form_class = forms.IssueForm
    title = "Issue the amended plan"
    submit_label = "Issue the amended plan"

    def deadline(self, obj):
        if obj.proposed_plan_id and obj.proposed_plan.served_on:
            return deadlines.amended_plan_due(
                amendment_notice_sent=obj.proposed_plan.served_on, meeting=obj.meeting_held_on
            )
        return None

    def extra_context(self, obj):
        context = super().extra_context(obj)
        if obj.proposed_plan_id and obj.proposed_plan.served_on:
            context["window"] = deadlines.amendment_representations_close(
                notice_served=obj.proposed_plan.served_on
            )
        return context

    def perform(self, form, review):
        return services.issue_amended_plan(
            actor=self.request.user,
            review_id=review.pk,
            issued_on=form.cleaned_data["issued_on"],
            notice_sent_on=form.cleaned_data["notice_sent_on"],
        )


class NotAmendingView(ReviewStep):
    form_class = forms.NotAmendingForm
    title = "Decide not to make the proposed amendments"
    intro = (
        "After considering the family's views, the council can decide not to amend the plan. "
        "The plan stays as it is and the family can appeal (Children and Families Act 2014 "
        "s51(2)(e))."
    )
    submit_label = "Record the decision and send the letter"

    def deadline(self, obj):
        if obj.proposed_plan_id and obj.proposed_plan.served_on:
            return deadlines.no_amendment_notice_due(
                amendment_notice_sent=obj.proposed_plan.served_on
            )
        return None

    def perform(self, form, review):
        data = form.cleaned_data
        return services.decide_not_to_amend(
            actor=self.request.user,
            review_id=review.pk,
            decided_on=data["decided_on"],
            notice_sent_on=data["notice_sent_on"],
            reasons=data["reasons"],
        )


@login_required
@require_POST
def start_amendments(request, pk):
    review = get_object_or_404(selectors.reviews_visible_to(request.user), pk=pk)
    permissions.require(request.user, "reviews.manage", review)
    try:
        plan = services.start_amendments(actor=request.user, review_id=review.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("review-detail", review.pk)
    return redirect("plan-version", review.case.reference, plan.version)
