"""The public statutory timescales calculator for families, at /timescales/."""

from datetime import date

from django import forms
from django.shortcuts import render
from django.views.decorators.http import require_GET

from send_portal.forms import GovukDateField

from .. import deadlines
from ..deadlines.wording import rule_period_words as period
from ..timescales import ORDER_KINDS, TimescaleInputError, calculate


class TimescalesForm(forms.Form):
    received = GovukDateField(
        label="When did the council receive the request for an EHC needs assessment?",
        label_lower="the date the request was received",
        required=False,
        help_text="For example, 1 9 2025. Leave blank if you do not know.",
    )
    draft_served = GovukDateField(
        label="When was the draft plan sent to you?",
        label_lower="the date the draft plan was sent",
        required=False,
        help_text="Leave blank if you have not had a draft plan.",
    )
    decision_sent = GovukDateField(
        label="When was the council's decision letter sent?",
        label_lower="the date the decision letter was sent",
        required=False,
        help_text="For a decision you might appeal: not to assess, not to issue a plan, "
        "the final plan, or to cease a plan.",
    )
    certificate_issued = GovukDateField(
        label="When was your mediation certificate issued?",
        label_lower="the date the mediation certificate was issued",
        required=False,
        help_text="Leave blank if you have not had one.",
    )
    advice_requested = GovukDateField(
        label="When did the council ask a professional for advice?",
        label_lower="the date advice was asked for",
        required=False,
        help_text="For example, from an educational psychologist. Leave blank if you do not know.",
    )
    adviser_contacted = GovukDateField(
        label="When did you tell the mediation adviser whether you want mediation?",
        label_lower="the date you contacted the mediation adviser",
        required=False,
    )
    mediation_requested = GovukDateField(
        label="When was the council told that you want mediation?",
        label_lower="the date the council was told you want mediation",
        required=False,
        help_text=f"The {period('mediation_held_by')} to hold the mediation start on this day.",
    )
    review_meeting = GovukDateField(
        label="When was the annual review meeting?",
        label_lower="the date of the annual review meeting",
        required=False,
    )
    amendment_notice_sent = GovukDateField(
        label="When did the council send the notice of proposed amendments?",
        label_lower="the date the amendment notice was sent",
        required=False,
        help_text="After an annual review, the council sends the changes it proposes to make.",
    )
    transfer = forms.ChoiceField(
        label="Is your child moving to a new school or college?",
        required=False,
        choices=[
            ("", "No, or I do not know yet"),
            ("school", "Yes, to a new school (for example, primary to secondary)"),
            ("post16", "Yes, from secondary school to a college or sixth form"),
        ],
        widget=forms.RadioSelect,
    )
    transfer_year = forms.IntegerField(
        label="Which year is the move?",
        required=False,
        help_text="For example, 2027",
        error_messages={"invalid": "Enter the year of the move as 4 digits, like 2027"},
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    plan_issued = GovukDateField(
        label="When was the EHC plan first issued?",
        label_lower="the date the EHC plan was first issued",
        required=False,
    )
    last_review = GovukDateField(
        label="When was the plan last reviewed?",
        label_lower="the date of the last review",
        required=False,
        help_text="The date the council told you its decision after the last review.",
    )
    aware_of_move = GovukDateField(
        label="If you are moving to another council's area: when did your old council find out?",
        label_lower="the date the old council found out about the move",
        required=False,
    )
    move_date = GovukDateField(
        label="When is (or was) the move?",
        label_lower="the date of the move",
        required=False,
    )
    transferred_on = GovukDateField(
        label="When was the plan transferred to the new council?",
        label_lower="the date the plan was transferred",
        required=False,
    )
    post16_move_date = GovukDateField(
        label="If a young person is moving between colleges or other post-16 institutions "
        "during the year: when is the move?",
        label_lower="the date of the move between post-16 institutions",
        required=False,
    )
    tribunal_order = GovukDateField(
        label="When did the SEND Tribunal make its order?",
        label_lower="the date of the Tribunal's order",
        required=False,
    )
    order_kind = forms.ChoiceField(
        label="What did the Tribunal order the council to do?",
        required=False,
        choices=[("", "No order, or I do not know")]
        + [(key, meaning[:1].upper() + meaning[1:]) for key, meaning in ORDER_KINDS.items()],
        widget=forms.RadioSelect,
    )

    def api_params(self) -> dict[str, str]:
        params = {
            name: value.isoformat()
            for name, value in self.cleaned_data.items()
            if isinstance(value, date)
        }
        if self.cleaned_data.get("transfer"):
            params["transfer"] = self.cleaned_data["transfer"]
        if self.cleaned_data.get("transfer_year") is not None:
            params["transfer_year"] = str(self.cleaned_data["transfer_year"])
        if self.cleaned_data.get("order_kind"):
            params["order_kind"] = self.cleaned_data["order_kind"]
        return params


@require_GET
def calculator(request):
    milestones = None
    submitted = any(key.startswith(tuple(TimescalesForm.base_fields)) for key in request.GET)
    form = TimescalesForm(request.GET if submitted else None)
    if submitted and form.is_valid():
        params = form.api_params()
        if not params:
            form.add_error(None, "Enter at least one date to work out the timescales")
        else:
            try:
                milestones = calculate(params)
            except TimescaleInputError as exc:
                for key, message in exc.errors.items():
                    form.add_error(key if key in form.fields else None, message)
    return render(
        request,
        "ehcp/timescales.html",
        {"form": form, "milestones": milestones, "proposals": deadlines.PROPOSALS},
    )
