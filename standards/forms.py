"""Forms of the National Standards catalogue, with GOV.UK error messages."""

from __future__ import annotations

from django import forms

from send_portal.forms import EvidenceField

from .models import AreaOfNeed, Budget, CatalogueVersion, Setting, Tier


class BrowseForm(forms.Form):
    """The families' filter: what kind of need, and where the child learns."""

    area = forms.ChoiceField(
        label="What kind of need does your child have?",
        choices=[("", "Any kind of need"), *AreaOfNeed.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    setting = forms.ChoiceField(
        label="Where does your child learn or get support?",
        choices=[("", "Anywhere"), *Setting.choices],
        required=False,
        widget=forms.RadioSelect,
    )


class StandardForm(forms.Form):
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    summary = forms.CharField(
        label="Summary for families",
        help_text="In plain language: what a parent can expect.",
        widget=forms.Textarea,
        error_messages={"required": "Enter a summary for families"},
    )
    area_of_need = forms.ChoiceField(
        label="Area of need",
        choices=AreaOfNeed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the area of need"},
    )
    tier = forms.ChoiceField(
        label="Tier",
        choices=Tier.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the tier"},
    )
    settings = forms.MultipleChoiceField(
        label="Phases and settings",
        help_text="Select all that apply.",
        choices=Setting.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one phase or setting"},
    )
    responsible = forms.CharField(
        label="Who is responsible",
        widget=forms.Textarea,
        error_messages={"required": "Enter who is responsible"},
    )
    ordinarily_available = forms.CharField(
        label="What should be ordinarily available",
        widget=forms.Textarea,
        error_messages={"required": "Enter what should be ordinarily available"},
    )
    identification = forms.CharField(
        label="How needs are identified",
        widget=forms.Textarea,
        error_messages={"required": "Enter how needs are identified"},
    )
    budget_source = forms.ChoiceField(
        label="Which budget pays",
        choices=Budget.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which budget pays"},
    )
    budget_detail = forms.CharField(
        label="About the funding (optional)", widget=forms.Textarea, required=False
    )
    evidence = EvidenceField(
        label="Evidence (optional)",
        help_text="One link per line: a title, a vertical bar (|) and the web address.",
        required=False,
    )
    practice_guide = forms.CharField(label="Practice guide (optional)", required=False)
    code_of_practice = forms.CharField(
        label="SEND Code of Practice reference",
        max_length=200,
        help_text="For example, paragraphs 6.44 to 6.56.",
        error_messages={"required": "Enter the SEND Code of Practice reference"},
    )

    @classmethod
    def initial_from(cls, entry) -> dict:
        return {
            name: (entry.settings if name == "settings" else getattr(entry, name))
            for name in cls.base_fields
        }


class NewStandardForm(StandardForm):
    code = forms.CharField(
        label="Code",
        max_length=8,
        help_text="1 to 4 capital letters, a hyphen and a number, like SE-5.",
        error_messages={"required": "Enter a code for the standard"},
    )
    field_order = ["code"]


class SummaryOfChangesForm(forms.Form):
    summary_of_changes = forms.CharField(
        label="What has changed in this version?",
        help_text="Families and partnerships read this when a new version is published.",
        widget=forms.Textarea,
        required=False,
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="What stage is this version at now?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the new stage"},
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, CatalogueVersion.Status(status).label) for status in allowed
        ]
