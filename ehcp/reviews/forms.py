"""Forms for reviews and the steps after the plan. Shape only: the law is checked by the
services, whose DomainErrors the views put back on these forms."""

from __future__ import annotations

from django import forms

from ehcp import section_i
from ehcp.deadlines.wording import rule_period_words
from ehcp.forms import YES_NO
from send_portal.forms import GovukDateField
from send_portal.models import Organisation

from .models import Cessation, Outcome, Reassessment, Review


def _text(label: str, required_message: str | None = None, **kwargs) -> forms.CharField:
    field = forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=bool(required_message),
        **kwargs,
    )
    if required_message:
        field.error_messages["required"] = required_message
    return field


class ScheduleForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of review?",
        choices=[
            (Review.Kind.ANNUAL, "Annual review"),
            (
                Review.Kind.EARLY,
                "Early review (for example every 3 to "
                f"{rule_period_words('review_suggested_under_5')} "
                "for under-5s)",
            ),
        ],
        widget=forms.RadioSelect,
        initial=Review.Kind.ANNUAL,
        error_messages={"required": "Select the kind of review"},
    )


class ArrangeForm(forms.Form):
    meeting_on = GovukDateField(
        label="Date of the review meeting",
        label_lower="the date of the meeting",
        help_text="Everyone must be invited at least "
        f"{rule_period_words('review_meeting_notice_by')} before.",
    )
    invitations_sent_on = GovukDateField(
        label="Date the invitations were sent",
        label_lower="the date the invitations were sent",
        past_only=True,
    )
    place = forms.CharField(label="Where (optional)", max_length=200, required=False)


class ReportForm(forms.Form):
    sent_on = GovukDateField(
        label="Date of the report", label_lower="the date of the report", past_only=True
    )
    progress = _text(
        "Progress towards the outcomes in section E",
        "Describe the progress towards the outcomes",
    )
    recommendation = forms.ChoiceField(
        label="What do you recommend?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select your recommendation"},
    )
    changes = _text(
        "Changes to the plan you recommend",
        help_text="Needed when you recommend changing the plan: which sections and why.",
    )
    differences = _text("Any differences of view at the meeting")


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What has the council decided?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    reasons = _text(
        "Reasons",
        help_text="They go in the letter. Needed when keeping or stopping the plan.",
    )
    decided_on = GovukDateField(
        label="Date of the decision", label_lower="the date of the decision", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date the letter was sent",
        label_lower="the date the letter was sent",
        past_only=True,
        help_text="Any appeal deadline and the family's "
        f"{rule_period_words('amendment_representations_close')} run from this date.",
    )


class NextSettingForm(forms.Form):
    setting = forms.ModelChoiceField(
        label="Next school or college",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Choose a school or college",
    )
    setting_type = forms.ChoiceField(
        label="Or, if no school or college is named, the type of school or college",
        choices=[("", "Choose the type")] + section_i.CHOICES,
        required=False,
        help_text=f"Section I names a setting from the directory, or a type ({section_i.BASIS}).",
    )

    def __init__(self, *args, local_authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.SETTING, local_authority=local_authority
        ).order_by("name")


class IssueForm(forms.Form):
    issued_on = GovukDateField(
        label="Date the amended plan was issued", label_lower="the issue date", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date it was sent to the family",
        label_lower="the date it was sent",
        past_only=True,
        help_text="The appeal deadline runs from this date.",
    )


class NotAmendingForm(forms.Form):
    reasons = _text(
        "Why will the council not make the proposed amendments?",
        "Give the reasons: they go in the letter",
        help_text="They go in the letter to the family.",
    )
    decided_on = GovukDateField(
        label="Date of the decision", label_lower="the date of the decision", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date the letter was sent",
        label_lower="the date the letter was sent",
        past_only=True,
        help_text="The appeal deadline runs from this date.",
    )


class ViewsForm(forms.Form):
    going_well = _text("What is going well?", "Tell us what is going well")
    should_change = _text("What should change?")
    hopes = _text("Hopes for the next year")


class YesNoDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        widget=forms.RadioSelect, choices=YES_NO, error_messages={"required": "Select a decision"}
    )
    reasons = _text("Reasons", help_text="They go in the letter.")
    decided_on = GovukDateField(
        label="Date of the decision", label_lower="the date of the decision", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date the letter was sent",
        label_lower="the date the letter was sent",
        past_only=True,
        help_text="Any appeal deadline runs from this date.",
    )

    def __init__(self, *args, question: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = question


class ReassessmentForm(forms.Form):
    requested_by = forms.ChoiceField(
        label="Who asked for the re-assessment?",
        choices=Reassessment.RequestedBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who asked for the re-assessment"},
    )
    requested_on = GovukDateField(
        label="Date the request was received",
        label_lower="the date of the request",
        past_only=True,
    )
    reasons = _text("Reasons for the request", "Give the reasons for the request")


class CeaseProposalForm(forms.Form):
    ground = forms.ChoiceField(
        label="Why is the council thinking about stopping the plan?",
        choices=Cessation.Ground.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason"},
    )
    explanation = _text("Explain why", "Explain why")
    consulted_on = GovukDateField(
        label="Date the consultation letter was sent",
        label_lower="the date of the letter",
        past_only=True,
    )


class CeaseDecisionForm(YesNoDecisionForm):
    family_response = _text("What the family said")
    setting_response = _text("What the school or college said")

    field_order = [
        "family_response",
        "setting_response",
        "decision",
        "reasons",
        "decided_on",
        "notice_sent_on",
    ]


class CeaseAppealForm(forms.Form):
    lodged_on = GovukDateField(
        label="Date the appeal was lodged",
        label_lower="the date of the appeal",
        past_only=True,
        required=False,
    )
    ended_on = GovukDateField(
        label="Date the appeal ended",
        label_lower="the date the appeal ended",
        past_only=True,
        required=False,
    )
    plan_continues = forms.BooleanField(
        label="The Tribunal decided the plan continues", required=False
    )

    def clean(self):
        data = super().clean()
        if not data.get("lodged_on") and not data.get("ended_on"):
            raise forms.ValidationError("Enter the date the appeal was lodged or ended")
        return data


class TransferForm(forms.Form):
    to_authority = forms.ModelChoiceField(
        label="New council",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).order_by(
            "name"
        ),
        empty_label="Choose the council",
        error_messages={"required": "Choose the new council"},
    )
    moved_on = GovukDateField(
        label="Date the family moved", label_lower="the date of the move", past_only=True
    )
    old_council_aware_on = GovukDateField(
        label="Date we learned of the move",
        label_lower="the date the council learned of the move",
        past_only=True,
    )
    transferred_on = GovukDateField(
        label="Date the plan was sent to the new council",
        label_lower="the date of the transfer",
        past_only=True,
    )


class Post16MoveForm(forms.Form):
    transfer_date = GovukDateField(
        label="Date of the move",
        label_lower="the date of the move",
        help_text="The amended plan must be issued at least "
        f"{rule_period_words('phase_transfer_post16_other')} before it.",
    )
    to_phase = forms.CharField(
        label="Moving to",
        max_length=60,
        help_text="For example: another college, an apprenticeship provider.",
        error_messages={"required": "Say where the young person is moving to"},
    )
