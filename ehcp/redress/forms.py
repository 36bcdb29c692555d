"""Forms for mediation, appeals and complaints. Shape only: the rules live in the services,
whose DomainErrors the views put back on these forms as GOV.UK error messages."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from ehcp.models import Case, Decision
from send_portal.forms import GovukDateField
from send_portal.models import Organisation, Role, User

from .models import (
    ORDER_TYPE_CHOICES,
    UNOPPOSED_KIND_CHOICES,
    Complaint,
    MediationAgreementAction,
    MediationCase,
    MediationParticipant,
    MediationSession,
    Stage,
    TribunalAppeal,
    matters_for,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"{obj.get_kind_display()} (letter sent {obj.notice_sent_on:%-d %B %Y})"


def _decision_field(queryset) -> DecisionChoiceField:
    return DecisionChoiceField(
        label="Which decision?",
        queryset=queryset,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the decision"},
    )


# ---- mediation --------------------------------------------------------------------------------


class AdviserContactedForm(forms.Form):
    """Staff record, or the family tells the council, that the mediation adviser was contacted."""

    contacted_on = GovukDateField(
        label="When did you contact the mediation adviser?",
        label_lower="the date you contacted the adviser",
        past_only=True,
        help_text="For example, 14 11 2026",
    )

    def __init__(self, *args, decisions, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"decision": _decision_field(decisions), **self.fields}
        if staff:
            self.fields["contacted_on"].label = "Date the family contacted the mediation adviser"
            self.fields["contacted_on"].label_lower = "the date the adviser was contacted"


class MediationChoiceForm(forms.Form):
    wishes = forms.ChoiceField(
        label="Do you want to try mediation?",
        choices=[
            ("yes", "Yes, I want to try mediation"),
            ("no", "No, I do not want mediation: I want the certificate"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you want to try mediation"},
    )
    issues = forms.MultipleChoiceField(
        label="If you want mediation, what do you want to talk about?",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Include health care if you disagree about health "
        "provision: the council then involves the NHS.",
    )

    def __init__(self, *args, mediation: MediationCase, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].choices = matters_for(mediation.decision)
        if staff:
            self.fields["wishes"].label = "Does the family want to try mediation?"
            self.fields["issues"].label = "If so, what do they want to mediate about?"
            self.fields["told_on"] = GovukDateField(
                label="Date the family said so",
                label_lower="the date",
                past_only=True,
                help_text="If they want mediation, the council must arrange it within the time "
                "the law allows from this date.",
            )


class AssignMediatorForm(forms.Form):
    mediator = forms.ModelChoiceField(
        label="Mediation adviser or mediator",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the mediator"},
    )
    mediation_service = forms.ModelChoiceField(
        label="Mediation service",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not recorded",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = (
            User.objects.filter(
                is_active=True,
                role_assignments__role=Role.MEDIATOR,
                role_assignments__is_active=True,
            )
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["mediation_service"].queryset = Organisation.objects.filter(
            kind=Organisation.Kind.MEDIATION_SERVICE, is_active=True
        ).order_by("name")


class ArrangeMediationForm(AssignMediatorForm):
    arranged_for = GovukDateField(
        label="Date of the mediation", label_lower="the date of the mediation"
    )


class IcbNotifiedForm(forms.Form):
    icb = forms.ModelChoiceField(
        label="Integrated care board",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ICB).order_by("name"),
        error_messages={"required": "Choose the integrated care board"},
    )
    notified_on = GovukDateField(
        label="Date the board was told", label_lower="the date the board was told", past_only=True
    )


class CannotArrangeForm(forms.Form):
    reason = forms.CharField(
        label="Why can mediation not take place in time?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why mediation cannot be arranged in time"},
    )
    told_adviser_on = GovukDateField(
        label="Date the mediation adviser was told",
        label_lower="the date the adviser was told",
        past_only=True,
    )


class SessionForm(forms.Form):
    held_on = GovukDateField(
        label="Date of the meeting", label_lower="the meeting date", past_only=True
    )
    format = forms.ChoiceField(
        label="How did the meeting take place?",
        choices=MediationSession.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the meeting took place"},
    )
    duration_minutes = forms.IntegerField(
        label="How long did it last, in minutes? (optional)",
        required=False,
        min_value=1,
        max_value=1440,
        error_messages={
            "invalid": "Enter the length in minutes, like 90",
            "min_value": "Enter the length in minutes, like 90",
            "max_value": "Enter a length of no more than 1440 minutes",
        },
    )
    notes = forms.CharField(
        label="Practical notes (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="Mediation is confidential: do not record what was said.",
    )


class ParticipantForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    kind = forms.ChoiceField(
        label="Who did they represent?",
        choices=MediationParticipant.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they represent"},
    )
    has_authority = forms.BooleanField(
        label="They had authority to resolve the issues for their organisation",
        required=False,
        help_text="The council's (and health's) representative must be able to agree to "
        "resolve the issues.",
    )


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=MediationCase.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome"},
    )
    summary = forms.CharField(
        label="Summary of the outcome (optional)", widget=forms.Textarea, required=False
    )
    concluded_on = GovukDateField(
        label="Date the mediation ended",
        label_lower="the date the mediation ended",
        past_only=True,
    )


class AgreementActionForm(forms.Form):
    description = forms.CharField(
        label="What was agreed?",
        widget=forms.Textarea,
        error_messages={"required": "Enter what was agreed"},
    )
    order_type = forms.ChoiceField(
        label="Could the Tribunal have ordered it?",
        choices=[
            ("", "No: something else (for example a visit or a meeting)"),
            *ORDER_TYPE_CHOICES,
        ],
        widget=forms.RadioSelect,
        required=False,
        help_text="If the Tribunal could have ordered it, the Tribunal-order time limits apply; "
        "otherwise a shorter fixed period applies.",
    )
    responsible = forms.ChoiceField(
        label="Who must do it?",
        choices=MediationAgreementAction.Responsible.choices,
        widget=forms.RadioSelect,
        initial=MediationAgreementAction.Responsible.COUNCIL,
        error_messages={"required": "Select who must do it"},
    )


class CertificateForm(forms.Form):
    issued_on = GovukDateField(
        label="Date the certificate was issued",
        label_lower="the certificate date",
        past_only=True,
    )


# ---- appeals ------------------------------------------------------------------------------------


class RegisterAppealForm(forms.Form):
    matters = forms.MultipleChoiceField(
        label="What is the appeal about?",
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what the appeal is about"},
    )
    registered_on = GovukDateField(
        label="Date the Tribunal registered the appeal",
        label_lower="the registration date",
        past_only=True,
    )
    tribunal_reference = forms.CharField(
        label="Tribunal reference (optional)", max_length=40, required=False
    )
    without_certificate_permission = forms.BooleanField(
        label="The Tribunal allowed the appeal without a mediation certificate",
        required=False,
    )

    def __init__(self, *args, decisions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"decision": _decision_field(decisions), **self.fields}
        choices: dict[str, str] = {}
        for decision in decisions:
            choices.update(matters_for(decision))
        self.fields["matters"].choices = list(choices.items())


class HearingForm(forms.Form):
    hearing_on = GovukDateField(label="Date of the hearing", label_lower="the hearing date")


class UnopposedForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is the appeal about?",
        choices=UNOPPOSED_KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the appeal is about"},
    )
    notified_tribunal_on = GovukDateField(
        label="Date the council told the Tribunal",
        label_lower="the date the Tribunal was told",
        past_only=True,
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What did the Tribunal decide?",
        choices=[
            (o.value, o.label)
            for o in (
                TribunalAppeal.Outcome.ALLOWED,
                TribunalAppeal.Outcome.PARTLY_ALLOWED,
                TribunalAppeal.Outcome.DISMISSED,
                TribunalAppeal.Outcome.WITHDRAWN,
            )
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the Tribunal's decision"},
    )
    decided_on = GovukDateField(
        label="Date of the decision", label_lower="the decision date", past_only=True
    )
    summary = forms.CharField(label="Summary (optional)", widget=forms.Textarea, required=False)


class OrderForm(forms.Form):
    order_type = forms.ChoiceField(
        label="What did the Tribunal order?",
        choices=ORDER_TYPE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the Tribunal ordered"},
    )
    made_on = GovukDateField(
        label="Date of the order", label_lower="the date of the order", past_only=True
    )
    detail = forms.CharField(
        label="Details of the order (optional)", widget=forms.Textarea, required=False
    )


class StepDoneForm(forms.Form):
    completed_on = GovukDateField(
        label="Date it was done", label_lower="the date it was done", past_only=True
    )
    note = forms.CharField(label="Note (optional)", widget=forms.Textarea, required=False)


# ---- complaints ---------------------------------------------------------------------------------


class ComplaintForm(forms.Form):
    complainant_name = forms.CharField(
        label="Who made the complaint?",
        max_length=200,
        error_messages={"required": "Enter who made the complaint"},
    )
    category = forms.ChoiceField(
        label="What is it about?",
        choices=Complaint.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the complaint is about"},
    )
    summary = forms.CharField(
        label="Summary of the complaint",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the complaint is about"},
    )
    responsible = forms.ChoiceField(
        label="Who is responsible for resolving it?",
        choices=Complaint.Responsible.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who is responsible for resolving it"},
    )
    responsible_organisation = forms.ModelChoiceField(
        label="Which school, college or integrated care board? (not needed for the council)",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Not applicable",
    )
    case_reference = forms.CharField(
        label="Case reference, if it is about a case (optional)", max_length=24, required=False
    )
    received_on = GovukDateField(
        label="Date it was received", label_lower="the date it was received", past_only=True
    )
    sendiass_involved = forms.BooleanField(
        label="SENDIASS is supporting the complainant", required=False
    )

    def __init__(self, *args, local_authority: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.local_authority = local_authority
        self.fields["responsible_organisation"].queryset = (
            Organisation.objects.filter(
                kind__in=[Organisation.Kind.SETTING, Organisation.Kind.ICB], is_active=True
            )
            .filter(
                # Settings in the council's area, and every ICB (their areas cross council borders).
                Q(kind=Organisation.Kind.ICB) | Q(local_authority=local_authority)
            )
            .order_by("kind", "name")
        )

    def clean_case_reference(self):
        reference = self.cleaned_data["case_reference"].strip()
        if not reference:
            return None
        case = Case.objects.filter(
            reference__iexact=reference, local_authority=self.local_authority
        ).first()
        if case is None:
            raise forms.ValidationError(
                "Enter a case reference of your council, like EHC-881-2026-00001"
            )
        return case


class ComplaintResponseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What was the outcome of the response?",
        choices=[c for c in Complaint.Outcome.choices if c[0] != Complaint.Outcome.WITHDRAWN],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the response"},
    )
    summary = forms.CharField(
        label="Summary of the response (optional)", widget=forms.Textarea, required=False
    )
    responded_on = GovukDateField(
        label="Date of the response", label_lower="the response date", past_only=True
    )


class EscalateForm(forms.Form):
    to_stage = forms.ChoiceField(
        label="Where has the complaint gone next?",
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the next stage"},
    )
    escalated_on = GovukDateField(
        label="Date it was escalated", label_lower="the date", past_only=True
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, Stage(s).label) for s in complaint.next_stages]


class CloseComplaintForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Final outcome",
        choices=Complaint.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the final outcome"},
    )
    closed_on = GovukDateField(
        label="Date the complaint was closed", label_lower="the closing date", past_only=True
    )
