"""Forms for partnerships and local inclusion plans, with GOV.UK error messages."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from send_portal.forms import EvidenceField, GovukDateField
from send_portal.text import in_sentence

from .models import CoproductionEvent, PartnershipRole, PlanSection, SignOffCheck


class PlanStartForm(forms.Form):
    title = forms.CharField(
        label="Title of the plan",
        max_length=200,
        help_text="For example, Essex local inclusion plan 2025 to 2028.",
        error_messages={"required": "Enter a title for the plan"},
    )
    period_start = forms.IntegerField(
        label="First year of the plan",
        min_value=2023,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the first year of the plan",
            "invalid": "Enter the first year as 4 digits, like 2025",
            "min_value": "The first year must be 2023 or later",
            "max_value": "Enter the first year as 4 digits, like 2025",
        },
    )
    period_end = forms.IntegerField(
        label="Last year of the plan",
        min_value=2023,
        max_value=2100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the last year of the plan",
            "invalid": "Enter the last year as 4 digits, like 2028",
            "min_value": "The last year must be 2023 or later",
            "max_value": "Enter the last year as 4 digits, like 2028",
        },
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The last year must be the same as or after the first")
        return data


class SectionForm(forms.Form):
    body = forms.CharField(label="", widget=forms.Textarea, required=False)
    links = EvidenceField(
        label="Links to the Local Offer",
        help_text="One link per line: a title, a vertical bar (|) and the web address.",
        required=False,
    )

    def __init__(self, *args, section: PlanSection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = section.get_kind_display()
        self.fields["body"].help_text = section.guidance
        if section.kind != PlanSection.Kind.LOCAL_OFFER:
            del self.fields["links"]


class CommitmentForm(forms.Form):
    standard_version = forms.TypedChoiceField(
        label="National Standard",
        coerce=int,
        help_text="Only standards in published versions can be cited.",
        error_messages={"required": "Select the National Standard this commitment meets"},
    )
    description = forms.CharField(
        label="What will be commissioned",
        widget=forms.Textarea,
        error_messages={"required": "Enter what will be commissioned"},
    )
    commissioner = forms.CharField(
        label="Who commissions it",
        max_length=200,
        help_text="For example, Essex County Council with the ICB.",
        error_messages={"required": "Enter who commissions it"},
    )

    def __init__(self, *args, standards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard_version"].choices = [("", "Select a standard")] + [
            (
                s.pk,
                f"{s.standard.code} {s.title} (version {s.catalogue_version.number})",
            )
            for s in standards
        ]


class CommentForm(forms.Form):
    section = forms.ChoiceField(
        label="Which part of the plan is it about?",
        choices=[("", "The whole plan"), *PlanSection.Kind.choices],
        required=False,
    )
    body = forms.CharField(
        label="Your comment",
        widget=forms.Textarea,
        error_messages={"required": "Enter your comment"},
    )


class BoardDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you approve this version of the plan?",
        choices=[("approve", "Yes, I approve it"), ("reject", "No, it needs changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you approve the plan"},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="If you do not approve it, say what needs to change.",
        widget=forms.Textarea,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment", "").strip():
            self.add_error("comment", "Enter what needs to change before you can approve the plan")
        return data


class ApprovalPolicyForm(forms.Form):
    approvers = forms.TypedMultipleChoiceField(
        label="Who approves the plan for the board?",
        help_text="Select all board members who approve the plan.",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one board approver"},
    )
    quorum = forms.IntegerField(
        label="How many of them must approve it?",
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter how many approvers must approve the plan",
            "invalid": "Enter the quorum as a number, like 2",
            "min_value": "The quorum must be at least 1",
        },
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approvers"].choices = [(p.pk, p.display_name) for p in people]


class PartnershipRoleForm(forms.Form):
    kind = forms.ChoiceField(
        label="Role",
        choices=[("", "Select a role"), *PartnershipRole.Kind.choices],
        error_messages={"required": "Select the role"},
    )
    holder_name = forms.CharField(
        label="Name of the person who holds it",
        max_length=200,
        error_messages={"required": "Enter the name of the person who holds the role"},
    )
    organisation = forms.TypedChoiceField(
        label="Organisation they represent (optional)",
        coerce=int,
        empty_value=None,
        required=False,
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", "Not given")] + [
            (o.pk, o.name) for o in organisations
        ]


class EndRoleForm(forms.Form):
    ended_on = GovukDateField(
        label="When did they leave the role?",
        label_lower="the date they left the role",
        help_text="For example, 31 3 2026",
        past_only=True,
    )


class CoproductionForm(forms.Form):
    title = forms.CharField(
        label="Name of the event",
        max_length=200,
        error_messages={"required": "Enter the name of the event"},
    )
    kind = forms.ChoiceField(
        label="What kind of engagement was it?",
        choices=CoproductionEvent.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of engagement it was"},
    )
    held_on = GovukDateField(
        label="When did it take place?",
        label_lower="the date of the event",
        help_text="For example, 14 5 2025",
        past_only=True,
    )
    who_took_part = forms.CharField(
        label="Who took part",
        help_text="For example, 24 parents from the parent carer forum and 9 young people.",
        widget=forms.Textarea,
        error_messages={"required": "Enter who took part"},
    )
    participants = forms.IntegerField(
        label="Number of people who took part (optional)",
        min_value=1,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Enter the number of people as a number, like 30",
            "min_value": "Enter the number of people as a number, like 30",
        },
    )
    children_and_young_people = forms.BooleanField(
        label="Children or young people took part", required=False
    )
    parents_and_carers = forms.BooleanField(label="Parents or carers took part", required=False)
    you_said = forms.CharField(
        label="You said",
        help_text="What people told the partnership.",
        widget=forms.Textarea,
        error_messages={"required": "Enter what people said"},
    )
    we_did = forms.CharField(
        label="We did (optional)",
        help_text="What the partnership changed as a result. You can add this later.",
        widget=forms.Textarea,
        required=False,
    )

    def clean_held_on(self):
        value = self.cleaned_data["held_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the event must be today or in the past")
        return value


class ReasonsForm(forms.Form):
    """The reasons for a Regions Group decision (agree, or the changes required to return)."""

    reasons = forms.CharField(widget=forms.Textarea)

    def __init__(self, *args, label: str, hint: str, required_message: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].label = label
        self.fields["reasons"].help_text = hint
        self.fields["reasons"].error_messages["required"] = required_message


class StandardsVersionForm(forms.Form):
    standards_version = forms.TypedChoiceField(
        label="Which version of the National Standards are you checking the plan against?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the version of the National Standards"},
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standards_version"].choices = [
            (v.pk, f"Version {v.number} ({in_sentence(v.get_status_display())})") for v in versions
        ]


class SignOffChecklistForm(forms.Form):
    """An outcome and a note for each standard of the chosen version, and the overall reasons."""

    reasons = forms.CharField(
        label="Reasons for signing off the plan",
        help_text="These are published with the plan.",
        widget=forms.Textarea,
        error_messages={"required": "Enter the reasons for signing off the plan"},
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = list(entries)
        for entry in self.entries:
            self.fields[f"outcome_{entry.pk}"] = forms.ChoiceField(
                label=f"{entry.code} {entry.title}",
                choices=SignOffCheck.Outcome.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select an outcome for {entry.code}"},
            )
            self.fields[f"note_{entry.pk}"] = forms.CharField(
                label=f"Reason for {entry.code} (needed unless it is in accordance)",
                required=False,
                widget=forms.TextInput,
            )
        self.order_fields([name for name in self.fields if name != "reasons"] + ["reasons"])

    def clean(self):
        data = super().clean()
        for entry in self.entries:
            outcome = data.get(f"outcome_{entry.pk}")
            if (
                outcome
                and outcome != SignOffCheck.Outcome.IN_ACCORDANCE
                and not data.get(f"note_{entry.pk}", "").strip()
            ):
                self.add_error(
                    f"note_{entry.pk}", f"Give the reason for the outcome of {entry.code}"
                )
        return data

    def rows(self):
        """(entry, outcome field, note field) for each standard, for the template."""
        return [(e, self[f"outcome_{e.pk}"], self[f"note_{e.pk}"]) for e in self.entries]

    def checks(self) -> dict[int, tuple[str, str]]:
        return {
            e.pk: (self.cleaned_data[f"outcome_{e.pk}"], self.cleaned_data[f"note_{e.pk}"])
            for e in self.entries
        }
