"""Forms for the EHC needs assessment workflow. Validation of shape only: the rules of the law
live in the services, whose DomainErrors the views put back on these forms."""

from __future__ import annotations

from datetime import date

from django import forms

from send_portal.forms import GovukDateField
from send_portal.models import Organisation, Role, User
from send_portal.selectors import people_in_role
from send_portal.text import in_sentence

from . import deadlines, section_i
from .deadlines.wording import rule_period_words as period
from .models import (
    AdviceRequest,
    ContactMethod,
    FamilyContact,
    PanelAgendaItem,
    PanelMeeting,
    SettingRequest,
)

YES_NO = [("yes", "Yes"), ("no", "No")]


class AllocateForm(forms.Form):
    caseworker = forms.ModelChoiceField(
        label="Caseworker",
        queryset=User.objects.none(),
        error_messages={
            "required": "Select a caseworker",
            "invalid_choice": "Select a caseworker of the child's council",
        },
    )

    def __init__(self, *args, local_authority: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = people_in_role(
            local_authority.pk, [Role.CASEWORKER, Role.SEND_MANAGER]
        )


class DateOnlyForm(forms.Form):
    on = GovukDateField(label="Date", label_lower="the date", past_only=True)

    def __init__(self, *args, label: str = "Date", label_lower: str = "the date", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].label_lower = label_lower
        self.fields["on"].error_messages["required"] = f"Enter {label_lower}"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        widget=forms.RadioSelect, choices=YES_NO, error_messages={"required": "Select a decision"}
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea,
        required=False,
        help_text="Required when the answer is no: they go in the letter.",
    )
    decided_on = GovukDateField(
        label="Date of the decision", label_lower="the decision date", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date the decision letter was sent",
        label_lower="the date the letter was sent",
        past_only=True,
        help_text="Any appeal deadline runs from this date.",
    )

    def __init__(self, *args, question: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = question


#: The professions who give advice through the portal.
ADVISER_PROFESSIONS = (
    Role.EDUCATIONAL_PSYCHOLOGIST,
    Role.HEALTH_ADVISER,
    Role.SOCIAL_CARE_ADVISER,
    Role.SENCO,
)


class AdviserChoiceField(forms.ModelChoiceField):
    """An adviser shown with their profession and service, not by name alone: "Dr Ruth Adeyemi:
    Educational psychologist, Essex County Council"."""

    def label_from_instance(self, obj: User) -> str:
        roles = [
            f"{Role(a.role).label}, {a.organisation.name}"
            if a.organisation_id
            else Role(a.role).label
            for a in obj.role_assignments.all()
            if a.is_active and a.role in ADVISER_PROFESSIONS
        ]
        return f"{obj.get_full_name() or obj.email}: {'; '.join(roles)}" if roles else str(obj)


class ProposeDecisionForm(forms.Form):
    """A reserved decision prepared for a SEND manager: the manager dates it when approving."""

    decision = forms.ChoiceField(
        widget=forms.RadioSelect, choices=YES_NO, error_messages={"required": "Select a decision"}
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea,
        required=False,
        help_text="Required when the answer is no, or to stop a plan: they go in the letter.",
    )

    def __init__(self, *args, question: str, extra_fields: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = question
        for name, label in extra_fields:
            self.fields[name] = forms.CharField(label=label, widget=forms.Textarea, required=False)
            self.order_fields([name, *[n for n in self.fields if n != name]])


class AdviceRequestForm(forms.Form):
    advice_type = forms.ChoiceField(
        label="Type of advice",
        choices=AdviceRequest.AdviceType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of advice"},
    )
    adviser = AdviserChoiceField(
        label="Adviser with a portal account",
        required=False,
        queryset=User.objects.none(),
        empty_label="Not in the portal",
        error_messages={"invalid_choice": "Select an adviser from the list"},
    )
    adviser_name = forms.CharField(
        label="Or the adviser's name and service", required=False, max_length=200
    )
    requested_on = GovukDateField(
        label="Date advice was requested",
        label_lower="the date advice was requested",
        past_only=True,
        help_text=f"The adviser has {period('advice_due')} from this date (SEND Regulations 2014 "
        "reg 8(1)).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = (
            User.objects.filter(
                role_assignments__role__in=ADVISER_PROFESSIONS,
                role_assignments__is_active=True,
                is_active=True,
            )
            .distinct()
            .prefetch_related("role_assignments__organisation")
            .order_by("first_name", "last_name")
        )
        self.fields[
            "adviser"
        ].help_text = "Each adviser is shown with their profession and service."


class AdviceReuseForm(forms.Form):
    advice_type = forms.ChoiceField(
        label="Type of advice",
        choices=AdviceRequest.AdviceType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of advice"},
    )
    reused_from = forms.CharField(
        label="Which advice is being used, and its date",
        max_length=300,
        error_messages={"required": "Say which advice is being used"},
    )
    agreed_by_council = forms.BooleanField(label="The council agrees it is enough", required=False)
    agreed_by_adviser = forms.BooleanField(
        label="The person who gave it agrees it is enough", required=False
    )
    agreed_by_family = forms.BooleanField(
        label="The parent or young person agrees it is enough", required=False
    )
    on = GovukDateField(
        label="Date everyone agreed", label_lower="the date everyone agreed", past_only=True
    )


class AdviceReceivedForm(forms.Form):
    received_on = GovukDateField(
        label="Date the advice was received",
        label_lower="the date the advice was received",
        past_only=True,
    )
    summary = forms.CharField(label="Summary of the advice", widget=forms.Textarea, required=False)


class ReferToPanelForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label="Panel meeting",
        queryset=PanelMeeting.objects.none(),
        error_messages={
            "required": "Choose a panel meeting",
            "invalid_choice": "Choose a panel meeting of the child's council",
        },
    )
    summary = forms.CharField(
        label="Case summary for the panel",
        widget=forms.Textarea,
        error_messages={"required": "Enter the case summary"},
    )

    def __init__(self, *args, local_authority: Organisation, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        # Only panels still to meet: a case cannot join the agenda of a meeting already held.
        self.fields["meeting"].queryset = PanelMeeting.objects.filter(
            local_authority=local_authority, meets_on__gte=today
        ).order_by("meets_on")
        self.fields["meeting"].error_messages["invalid_choice"] = (
            "Choose a panel meeting of the child's council that has not met yet"
        )


class PanelMeetingForm(forms.Form):
    meets_on = GovukDateField(label="Date of the meeting", label_lower="the date of the meeting")
    title = forms.CharField(
        label="Name of the panel",
        max_length=200,
        initial="EHC multi-agency panel",
        error_messages={"required": "Enter the name of the panel"},
    )
    members = forms.ModelMultipleChoiceField(
        label="Members",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, local_authority: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people_in_role(local_authority.pk, [Role.PANEL_MEMBER])


class PanelRecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="The panel's recommendation",
        choices=(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a recommendation",
            "invalid_choice": "Select one of the recommendations listed",
        },
    )
    reasons = forms.CharField(
        label="The panel's reasons",
        widget=forms.Textarea,
        error_messages={"required": "Enter the panel's reasons"},
    )

    def __init__(self, *args, item: PanelAgendaItem, **kwargs):
        super().__init__(*args, **kwargs)
        # The question on the agenda decides the answers (whether to assess: assess or not;
        # whether to issue a plan: issue or not; a review: keep, amend or stop the plan).
        self.fields["recommendation"].choices = item.recommendation_choices
        self.fields[
            "recommendation"
        ].label = f"The panel's recommendation: {in_sentence(item.get_decision_point_display())}"


class RepresentationsForm(forms.Form):
    comments = forms.CharField(
        label="Views on the draft plan",
        widget=forms.Textarea,
        error_messages={"required": "Enter your views on the draft plan"},
    )
    meeting_requested = forms.BooleanField(
        label="I want a meeting with a council officer to discuss the draft", required=False
    )
    no_further_representations = forms.BooleanField(
        label="I have nothing more to say: the council can finalise the plan before the "
        f"{period('representations_close')} are up",
        required=False,
    )
    received_on = GovukDateField(
        label="Date the views were received",
        label_lower="the date the views were received",
        past_only=True,
    )


class FamilyRepresentationsForm(forms.Form):
    comments = forms.CharField(
        label="What do you think of the draft plan?",
        widget=forms.Textarea,
        help_text="For example, needs that are missing, or support that is not specific enough.",
        error_messages={"required": "Enter your views on the draft plan"},
    )
    meeting_requested = forms.BooleanField(
        label="I want a meeting with a council officer to discuss the draft", required=False
    )
    no_further_representations = forms.BooleanField(
        label="I have nothing more to say: the council can finalise the plan before the "
        f"{period('representations_close')} are up",
        required=False,
    )


class NotListedForm(forms.Form):
    """A school or college the family wants that cannot be found in the settings directory: the
    request is recorded by the name they give and the council finds it in the directory before
    consulting it (Children and Families Act 2014 s38(3): any institution the law allows)."""

    setting_name = forms.CharField(
        label="Name of the school or college",
        max_length=150,
        error_messages={"required": "Enter the name of the school or college"},
    )
    town = forms.CharField(
        label="Town or area",
        max_length=50,
        error_messages={"required": "Enter the town or area it is in"},
    )

    def name(self) -> str:
        data = self.cleaned_data
        return f"{data['setting_name'].strip()}, {data['town'].strip()}"


class ConsultationResponseForm(forms.Form):
    response = forms.ChoiceField(
        label="Can your setting meet the child's needs?",
        choices=SettingRequest.Response.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you can meet the child's needs"},
    )
    detail = forms.CharField(label="Your reasons", widget=forms.Textarea, required=False)
    responded_on = GovukDateField(
        label="Date of your reply", label_lower="the date of the reply", past_only=True
    )

    def __init__(self, *args, for_staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_staff:  # the caseworker records the setting's reply
            self.fields["response"].label = "Can the school or college meet the child's needs?"
            self.fields["response"].error_messages["required"] = (
                "Select whether the school or college can meet the child's needs"
            )
            self.fields["detail"].label = "Its reasons"
            self.fields["responded_on"].label = "Date of the reply"


class PlacementDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Will the council name this setting in section I?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    refusal_ground = forms.ChoiceField(
        label="If not, the legal ground (Children and Families Act 2014 s39(4))",
        choices=SettingRequest.RefusalGround.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea, required=False)
    decided_on = GovukDateField(
        label="Date of the decision", label_lower="the decision date", past_only=True
    )


class FinalPlanForm(forms.Form):
    setting_type = forms.ChoiceField(
        label="Type of school or college for section I",
        help_text="Only when no school or college has been chosen to be named: the plan then "
        f"names the type of school or institution ({section_i.BASIS}).",
        choices=[("", "Choose the type")] + section_i.CHOICES,
        required=False,
    )
    issued_on = GovukDateField(
        label="Date the final plan is issued", label_lower="the issue date", past_only=True
    )
    notice_sent_on = GovukDateField(
        label="Date the plan and letter were sent",
        label_lower="the date the plan was sent",
        past_only=True,
        help_text="The family's appeal deadline runs from this date.",
    )


def _exception_reason_choices() -> list[tuple[str, str]]:
    """Every reason the law in force allows for some time limit, each once, with the
    regulation it is written in (the service checks it fits the time limit chosen)."""
    seen: dict[str, str] = {}
    for applies_to in deadlines.EXCEPTION_TIME_LIMITS:
        for reason in deadlines.exceptions_for(applies_to):
            seen.setdefault(reason.value, f"{reason.description} ({reason.basis})")
    return list(seen.items())


class ExceptionForm(forms.Form):
    applies_to = forms.ChoiceField(
        label="Which time limit does it affect?",
        widget=forms.RadioSelect,
        choices=list(deadlines.EXCEPTION_TIME_LIMITS.items()),
        error_messages={"required": "Select the time limit"},
    )
    reason = forms.ChoiceField(
        label="Which exception applies?",
        widget=forms.RadioSelect,
        choices=_exception_reason_choices(),
        help_text=f"The {period('decision_to_assess', adjective=True)} decision, the "
        f"{period('no_plan_notice', adjective=True)} notice, the final plan and the plan after "
        "a re-assessment share the same four exceptions (regs 5(4), 10(4), 13(3), 27(3)); "
        "advice has its own (reg 8(2)), and so do Tribunal orders (reg 44(3)).",
        error_messages={"required": "Select the exception"},
    )
    advice_request = forms.ChoiceField(
        label="Which request for advice? (only for an exception to the "
        f"{period('advice_due')} for advice)",
        required=False,
        choices=[],
    )
    starts_on = GovukDateField(label="Date it started", label_lower="the start date")
    ends_on = GovukDateField(
        label="Date it ended, if it has", label_lower="the end date", required=False
    )
    evidence = forms.CharField(
        label="Evidence", widget=forms.Textarea, error_messages={"required": "Enter the evidence"}
    )

    def __init__(self, *args, advice_requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advice_request"].choices = [("", "Not about advice")] + [
            (
                str(a.pk),
                f"{a.get_advice_type_display()}: {a.adviser_display}, asked for on "
                f"{a.requested_on:%-d %B %Y}",
            )
            for a in advice_requests
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note", widget=forms.Textarea, error_messages={"required": "Enter the note"}
    )


class TaskForm(forms.Form):
    title = forms.CharField(
        label="What needs doing",
        max_length=200,
        error_messages={"required": "Enter what needs doing"},
    )
    due_on = GovukDateField(label="Due date", label_lower="the due date", required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why was the request withdrawn?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why the request was withdrawn"},
    )
    on = GovukDateField(
        label="Date it was withdrawn", label_lower="the date it was withdrawn", past_only=True
    )


class RequestDateCorrectionForm(forms.Form):
    received_on = GovukDateField(
        label="The correct date the request was received",
        label_lower="the correct date the request was received",
        past_only=True,
        help_text="Day 0 of the statutory clock: every legal date is worked out again from it.",
    )
    reason = forms.CharField(
        label="Why is the date being corrected?",
        widget=forms.Textarea,
        help_text="For example: the date the email arrived was entered as the date it was read. "
        "This goes on the case timeline and in the audit log.",
        error_messages={"required": "Enter why the date is being corrected"},
    )


class ContactForm(forms.Form):
    """A parent, carer or the young person, on one page (the caseworker adding or changing them
    on the case; the intake flow asks the same things a page at a time)."""

    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=FamilyContact.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they are related to the child"},
    )
    parental_responsibility = forms.ChoiceField(
        label="Do they have parental responsibility?",
        choices=FamilyContact.ParentalResponsibility.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Not needed for the young person themself.",
    )
    address_line_1 = forms.CharField(label="Address line 1", max_length=200, required=False)
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)", max_length=200, required=False
    )
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = forms.CharField(label="Phone number (optional)", max_length=40, required=False)
    preferred_contact = forms.ChoiceField(
        label="How do they want to hear from the council?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they want to hear from the council"},
    )
    language = forms.CharField(
        label="Language for letters and meetings",
        max_length=60,
        initial="English",
        error_messages={"required": "Enter the language they prefer"},
    )
    needs_interpreter = forms.BooleanField(
        label="They need an interpreter at meetings", required=False
    )
    accessibility_needs = forms.CharField(
        label="Anything they need to take part (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example large print, easy read, British Sign Language.",
    )


class InviteForm(forms.Form):
    """Confirming an invitation: nothing to fill in."""


class CreateAccountForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter your last name"}
    )
    new_password1 = forms.CharField(
        label="Create a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Use at least 12 characters. Avoid common passwords and ones like your name.",
        error_messages={"required": "Enter a password"},
    )
    new_password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("new_password1")
            and data.get("new_password2")
            and data["new_password1"] != data["new_password2"]
        ):
            self.add_error("new_password2", "The passwords do not match. Enter them again.")
        return data
