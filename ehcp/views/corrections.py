"""Pages that put the statutory clock right: sending a revised draft plan (the family's window
to comment starts again) and a SEND manager's correction of the date the request was received."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .. import deadlines, forms
from ..deadlines.wording import rule_period_words as period
from ..services import revisions
from .base import CaseActionView


class ServeRevisedDraftView(CaseActionView):
    form_class = forms.DateOnlyForm
    title = "Send the revised draft EHC plan"
    intro = (
        "Send the revised draft when it changes the draft the family has. Section I stays blank "
        "(Children and Families Act 2014 s38(5)). The family then has at least "
        f"{period('revised_representations_close')} again, beginning with the day it is sent, to "
        "comment and ask for a school or college (SEND Regulations 2014 reg 13(1)(a)). The "
        f"{period('final_plan', adjective=True)} date for the final plan does not move."
    )
    submit_label = "Record the revised draft as sent"
    success_message = "Revised draft recorded as sent"

    def get_form_kwargs(self, case):
        return {
            "label": "Date the revised draft was sent",
            "label_lower": "the date the revised draft was sent",
        }

    def _check(self, request, case) -> None:
        super()._check(request, case)
        if not case.local_authority.is_active:
            raise PermissionDenied(revisions.COUNCIL_DEACTIVATED)

    def extra_context(self, case):
        return {
            "deadline": deadlines.final_plan(received=case.received_on),
            "window": case.representations_window,
        }

    def perform(self, form, case):
        return revisions.serve_revised_draft(
            actor=self.request.user, case_id=case.pk, served_on=form.cleaned_data["on"]
        )


class CorrectRequestDateView(CaseActionView):
    form_class = forms.RequestDateCorrectionForm
    permission = "ehcp.correct_request_date"
    title = "Correct the date the request was received"
    intro = (
        "Only correct a date that was entered wrongly. Every legal date of the assessment is "
        "worked out again from the corrected date; the case timeline and the audit log record "
        "the old and new dates and your reason, and the family is told."
    )
    submit_label = "Correct the date"
    success_message = "Date corrected and every legal date worked out again"

    def extra_context(self, case):
        return {
            "dates_heading": f"The dates now, from {case.received_on:%-d %B %Y}",
            "dates": deadlines.assessment_timetable(received=case.received_on),
        }

    def perform(self, form, case):
        data = form.cleaned_data
        return revisions.correct_request_date(
            actor=self.request.user,
            case_id=case.pk,
            received_on=data["received_on"],
            reason=data["reason"],
        )
