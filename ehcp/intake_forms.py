"""The questions of the intake flow (``ehcp.views.intake`` for the council, ``ehcp.views.
self_referral`` for a family asking online): one thing per page, GOV.UK error messages.

Forms check the shape of an answer; the rules (who holds rights, how a contact is reached, whether
the child is already known) are in ``ehcp.services.contacts`` and ``ehcp.services.intake``."""

from __future__ import annotations

import re

from django import forms

from send_portal.forms import GovukDateField

from . import section_i
from .models import ContactMethod, Ethnicity, FamilyContact, NeedType, Sex
from .services.contacts import POSTCODE, normalise_postcode

#: A unique pupil number: a check letter, 11 digits, then a digit (or a letter for a temporary
#: UPN). DfE "Unique pupil numbers (UPNs): guidance for schools and local authorities".
UPN = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def _text(label: str, required_message: str = "", *, max_length: int = 100, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        error_messages={
            "required": required_message,
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


def _postcode(value: str) -> str:
    value = normalise_postcode(value)
    if value and not POSTCODE.match(value):
        raise forms.ValidationError("Enter a real postcode, like CO3 3AA")
    return value


class ChildNameForm(forms.Form):
    first_name = _text("First name", "Enter the child or young person's first name")
    last_name = _text("Last name", "Enter the child or young person's last name")
    preferred_name = _text(
        "Name they prefer to be called (optional)",
        help_text="If it is not their first name.",
    )


class ChildDateOfBirthForm(forms.Form):
    date_of_birth = GovukDateField(
        label="What is their date of birth?",
        label_lower="the date of birth",
        past_only=True,
        help_text="For example, 27 3 2015",
    )

    def clean_date_of_birth(self):
        value = self.cleaned_data["date_of_birth"]
        if value is not None and value.year < 1990:
            raise forms.ValidationError("The date of birth must be a real date after 1990")
        return value


class ChildUpnForm(forms.Form):
    upn = _text(
        "Unique pupil number (UPN), if you know it",
        max_length=13,
        help_text="13 characters, on school reports and letters from the school. For example, "
        "A12345678901B. Leave it empty if you do not know it.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    def clean_upn(self):
        value = "".join(self.cleaned_data["upn"].upper().split())
        if value and not UPN.match(value):
            raise forms.ValidationError(
                "Enter a unique pupil number of 13 characters, like A12345678901B, or leave it "
                "empty"
            )
        return value


class ChildSexForm(forms.Form):
    sex = forms.ChoiceField(
        label="What is their sex?",
        choices=Sex.choices,
        widget=forms.RadioSelect,
        help_text="As recorded by their school. The council reports it to the Department for "
        "Education without their name.",
        error_messages={"required": "Select their sex, or not known"},
    )


class AddressForm(forms.Form):
    address_line_1 = _text("Address line 1", "Enter the first line of the address", max_length=200)
    address_line_2 = _text("Address line 2 (optional)", max_length=200)
    town = _text("Town or city", "Enter the town or city")
    postcode = _text("Postcode", "Enter the postcode", max_length=10)

    def clean_postcode(self):
        return _postcode(self.cleaned_data["postcode"])


class ChildEthnicityForm(forms.Form):
    ethnicity = forms.ChoiceField(
        label="What is their ethnicity?",
        choices=Ethnicity.choices,
        initial=Ethnicity.NOBT,
        help_text="The school census code. Choose 'Information not yet obtained' if you do not "
        "know it yet.",
        error_messages={"required": "Select their ethnicity"},
    )


class ChildNeedForm(forms.Form):
    primary_need = forms.ChoiceField(
        label="What is their main type of need, if known?",
        choices=[("", "Not yet known"), *NeedType.choices],
        required=False,
    )


class DuplicateForm(forms.Form):
    choice = forms.ChoiceField(
        label="Is this the same child?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the child the council already knows, or that this is a "
            "different child"
        },
    )

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = list(matches)
        self.fields["choice"].choices = [
            (
                str(child.pk),
                f"Yes, it is {child.full_name}, born {child.date_of_birth:%-d %B %Y}"
                + (f", UPN {child.upn}" if child.upn else ""),
            )
            for child in self.matches
        ] + [("new", "No, this is a different child: make a new record")]


STAFF_SOURCES = [
    ("parent", "A parent or carer"),
    ("young_person", "The young person (over compulsory school age)"),
    ("setting", "A school, college or early years setting"),
    ("health", "A health professional"),
    ("social_care", "A social care professional"),
    ("other", "Someone else"),
    ("s24", "Nobody: the council became responsible for the child (for example, they moved in)"),
]


class RequestSourceForm(forms.Form):
    source = forms.ChoiceField(
        label="Who made the request?",
        choices=STAFF_SOURCES,
        widget=forms.RadioSelect,
        help_text="Recorded for the SEN2 return (RequestSource).",
        error_messages={"required": "Select who made the request"},
    )


class RequestedByForm(forms.Form):
    requested_by_name = _text(
        "Name of the person or organisation",
        max_length=200,
        help_text="For example, Mrs A Patel, SENCo, Lexden Springs School. Leave it empty if it "
        "was a parent or carer you record next.",
    )


class RequestReasonsForm(forms.Form):
    reasons = forms.CharField(
        label="Why was the request made?",
        widget=forms.Textarea,
        max_length=5000,
        help_text="What the child or young person finds hard, the support they have now and "
        "what has been tried, in the words of whoever asked.",
        error_messages={"required": "Enter why the request was made"},
    )


class ReceivedForm(forms.Form):
    received_on = GovukDateField(
        label="When did the council receive the request?",
        label_lower="the date the request was received",
        past_only=True,
        help_text="This is day 0 of the statutory time limits. For example, 3 11 2026",
    )
    allocate_to_me = forms.BooleanField(
        label="Allocate this case to me", required=False, initial=True
    )


class ContactNameForm(forms.Form):
    first_name = _text("First name", "Enter their first name")
    last_name = _text("Last name", "Enter their last name")
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=[c for c in FamilyContact.Relationship.choices if c[0] != "young_person"],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how they are related to the child"},
    )
    parental_responsibility = forms.ChoiceField(
        label="Do they have parental responsibility?",
        choices=FamilyContact.ParentalResponsibility.choices,
        widget=forms.RadioSelect,
        help_text="Birth mothers always have it; fathers usually do; a foster carer usually does "
        "not. Anyone who cares for the child is told about the case either way.",
        error_messages={"required": "Select whether they have parental responsibility"},
    )


class ContactAddressForm(AddressForm):
    same_address = forms.ChoiceField(
        label="Do they live at the child's address?",
        choices=[("yes", "Yes"), ("no", "No, they live somewhere else")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether they live at the child's address"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("address_line_1", "town", "postcode"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if data.get("same_address") == "no":
            for name, message in (
                ("address_line_1", "Enter the first line of their address"),
                ("town", "Enter the town or city"),
                ("postcode", "Enter the postcode"),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class ContactMethodForm(forms.Form):
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="With an e-mail address they can be invited to follow the case online.",
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    phone = _text(
        "Phone number (optional)",
        max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    preferred_contact = forms.ChoiceField(
        label="How do they want to hear from the council?",
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        help_text="Letters always go by post to someone who has no e-mail.",
        error_messages={"required": "Select how they want to hear from the council"},
    )

    def clean(self):
        data = super().clean()
        method = data.get("preferred_contact")
        if method == ContactMethod.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email", "Enter an email address, or choose post or phone if they do not use e-mail"
            )
        if method == ContactMethod.PHONE and not data.get("phone"):
            self.add_error("phone", "Enter a phone number, or choose post or e-mail")
        return data


class ContactNeedsForm(forms.Form):
    language = _text(
        "Which language do they want letters and meetings in?",
        "Enter the language they prefer",
        max_length=60,
        initial="English",
    )
    needs_interpreter = forms.BooleanField(
        label="They need an interpreter at meetings", required=False
    )
    accessibility_needs = forms.CharField(
        label="Do they need anything to take part? (optional)",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        help_text="For example large print, easy read, British Sign Language, a phone call "
        "instead of letters, or meetings at home.",
    )


class YoungPersonContactForm(ContactMethodForm, ContactNeedsForm):
    """The young person's own contact details (over compulsory school age: the rights are
    theirs, Children and Families Act 2014 s80)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "preferred_contact"
        ].label = "How does the young person want to hear from the council?"


class AddAnotherForm(forms.Form):
    add_another = forms.ChoiceField(
        label="Do you need to add another parent or carer?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you need to add another parent or carer"},
    )


# ---- the public flow --------------------------------------------------------------------------


class CouncilForm(forms.Form):
    council = forms.ChoiceField(
        label="Which council is responsible for the child or young person?",
        help_text="Usually the council for the area where they live.",
        error_messages={
            "required": "Select the council",
            "invalid_choice": "Select the council from the list",
        },
    )

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Choose a council")] + [
            (str(c.pk), c.name) for c in councils
        ]


class MadeByForm(forms.Form):
    source = forms.ChoiceField(
        label="Who are you?",
        choices=[
            ("parent", "I am the child's parent or carer"),
            ("young_person", "I am the young person (aged 16 to 25)"),
        ],
        widget=forms.RadioSelect,
        help_text="Schools, colleges and other professionals ask the council's SEND team directly.",
        error_messages={
            "required": "Select whether you are the parent or carer, or the young person"
        },
    )


class FamilyReasonsForm(forms.Form):
    reasons = forms.CharField(
        label="Why are you asking for an assessment?",
        widget=forms.Textarea,
        max_length=5000,
        help_text="Tell us what the child or young person finds hard, what help they get now "
        "and what has been tried. You can send reports later.",
        error_messages={
            "required": "Tell us why you are asking for an assessment",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )


class DeclarationForm(forms.Form):
    """The last page of the public flow. ``website`` is a honeypot: hidden from people (and
    from assistive technology), left empty by them, filled in by bots."""

    confirm = forms.BooleanField(
        label="The information I have given is correct to the best of my knowledge",
        error_messages={"required": "Confirm that the information is correct"},
    )
    website = forms.CharField(required=False, label="Leave this empty")


# ---- Section I ------------------------------------------------------------------------------


class SectionITypeForm(forms.Form):
    setting_type = forms.ChoiceField(
        label="Type of school or college for section I",
        choices=[("", "Choose the type")] + section_i.CHOICES,
        required=False,
        help_text="Only when no school or college is named: the plan then names the type "
        f"({section_i.BASIS}).",
    )
