"""Forms for writing the plan, for the family's contributions and for structured advice. Shape
only: the rules are in the services, whose DomainErrors the views put back on these forms."""

from __future__ import annotations

from django import forms

from send_portal.forms import GovukDateField
from send_portal.models import Organisation

from .models import (
    NEED_SECTIONS,
    PROVISION_SECTIONS,
    AdviceItem,
    AdviceRequest,
    AreaOfNeed,
    Plan,
    PlanViews,
    PreparationForAdulthood,
)
from .plan_document import References


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class LockedForm(forms.Form):
    """A form that edits a plan version: carries the version's lock so that a second person
    editing from an out-of-date page is told (``services.plans.StaleEdit``)."""

    version_lock = forms.IntegerField(widget=forms.HiddenInput, required=False)


class _LinkedForm(LockedForm):
    """Offers the plan's needs (and outcomes) as checkboxes, labelled with their references."""

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        refs = References.of(plan)
        if "needs" in self.fields:
            needs = sorted(plan.needs.all(), key=lambda n: refs.by_pk[("need", n.pk)][1])
            self.fields["needs"].choices = [
                (n.pk, f"{refs('need', n)}: {_short(n.description)}") for n in needs
            ]
        if "outcomes" in self.fields:
            self.fields["outcomes"].choices = [
                (o.pk, f"{refs('outcome', o)}: {_short(o.description)}")
                for o in plan.outcomes.all()
            ]


class NeedForm(LockedForm):
    section = forms.ChoiceField(
        label="Which section is this need in?",
        choices=[(s.value, s.label) for s in NEED_SECTIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select section B, C or D"},
    )
    area = forms.ChoiceField(
        label="Area of need",
        choices=AreaOfNeed.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="Needs in section B are grouped by the four broad areas of need.",
    )
    description = forms.CharField(
        label="The need",
        widget=forms.Textarea,
        help_text="One need, described specifically: what the child finds hard and why.",
        error_messages={"required": "Describe the need"},
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea,
        required=False,
        help_text="Where this need comes from, for example the educational psychologist's "
        "report of 3 May 2026.",
    )

    def __init__(self, *args, section: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if section in {s.value for s in NEED_SECTIONS} and section != "B":
            # A health (C) or social care (D) need is not a special educational need: it has
            # none of the four broad areas, so the page for those sections does not ask for one.
            del self.fields["area"]


class OutcomeForm(_LinkedForm):
    description = forms.CharField(
        label="The outcome",
        widget=forms.Textarea,
        help_text="The difference the support should make for the child: specific, measurable "
        "and achievable.",
        error_messages={"required": "Describe the outcome"},
    )
    by_when = forms.CharField(
        label="By when",
        max_length=200,
        required=False,
        help_text="For example, by the end of Year 6 (July 2028).",
    )
    preparation_for_adulthood = forms.ChoiceField(
        label="Is this a preparing for adulthood outcome?",
        choices=[("", "No"), *PreparationForAdulthood.choices],
        widget=forms.RadioSelect,
        required=False,
        help_text="From Year 9 the plan must include preparing for adulthood (SEND Regulations "
        "2014 reg 12(3)).",
    )
    needs = forms.TypedMultipleChoiceField(
        label="Which needs does it answer?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class ProvisionForm(_LinkedForm):
    section = forms.ChoiceField(
        label="Which section is this provision in?",
        choices=[(s.value, s.label) for s in PROVISION_SECTIONS],
        widget=forms.RadioSelect,
        error_messages={"required": "Select section F, G, H1 or H2"},
    )
    description = forms.CharField(
        label="What the provision is",
        widget=forms.Textarea,
        help_text='Be specific. Avoid "access to", "up to", "as required", "regular" and '
        '"opportunities for": say exactly what, how much and how often.',
        error_messages={"required": "Describe the provision"},
    )
    delivered_by = forms.CharField(label="Who delivers it", max_length=200, required=False)
    expertise = forms.CharField(
        label="Their qualifications or expertise", max_length=200, required=False
    )
    group_size = forms.CharField(
        label="Group size or staff ratio",
        max_length=100,
        required=False,
        help_text="For example, 1:1, or a group of up to 4 pupils.",
    )
    frequency = forms.CharField(
        label="How often",
        max_length=100,
        required=False,
        help_text="For example, 3 times a week, 39 weeks a year.",
    )
    duration = forms.CharField(
        label="How long each time",
        max_length=100,
        required=False,
        help_text="For example, 30 minutes.",
    )
    starts_on = GovukDateField(label="Start date", label_lower="the start date", required=False)
    review_on = GovukDateField(label="Review date", label_lower="the review date", required=False)
    personal_budget = forms.BooleanField(
        label="This provision is secured through a personal budget", required=False
    )
    needs = forms.TypedMultipleChoiceField(
        label="Which needs does it meet?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    outcomes = forms.TypedMultipleChoiceField(
        label="Which outcomes does it work towards?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class BudgetForm(_LinkedForm):
    description = forms.CharField(
        label="What the personal budget pays for",
        widget=forms.Textarea,
        error_messages={"required": "Say what the personal budget pays for"},
    )
    annual_amount = forms.CharField(
        label="Amount a year, in pounds",
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
    )
    direct_payment = forms.BooleanField(label="It is paid as a direct payment", required=False)
    arrangements = forms.CharField(label="How it is managed", widget=forms.Textarea, required=False)
    needs = forms.TypedMultipleChoiceField(
        label="Which needs is it to meet?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For a direct payment, the plan must say which needs and outcomes it is to "
        "meet (SEND Regulations 2014 reg 12(1)(j)).",
    )
    outcomes = forms.TypedMultipleChoiceField(
        label="Which outcomes is it to meet?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def _views_field(name: str, label: str | None = None, help_text: str = "") -> forms.Field:
    model_field = PlanViews._meta.get_field(name)
    if name == "easy_read":
        return forms.BooleanField(label=label or model_field.verbose_name, required=False)
    if name == "child_how_captured":
        return forms.CharField(
            label=label or model_field.verbose_name,
            max_length=300,
            required=False,
            help_text=help_text,
        )
    return forms.CharField(
        label=label or model_field.verbose_name,
        widget=forms.Textarea,
        required=False,
        help_text=help_text,
    )


class ViewsForm(LockedForm):
    """Section A as the caseworker writes it: the child's words and the parents' views apart."""

    child_strengths = _views_field("child_strengths")
    child_interests = _views_field("child_interests")
    child_friends = _views_field("child_friends")
    child_important = _views_field("child_important")
    child_communication = _views_field("child_communication")
    child_aspirations = _views_field("child_aspirations")
    child_how_captured = _views_field(
        "child_how_captured",
        help_text="For example, talked with Ruby at school with her teaching assistant, using "
        "picture cards.",
    )
    easy_read = _views_field("easy_read")
    parent_views = _views_field("parent_views")
    parent_aspirations = _views_field("parent_aspirations")

    CHILD = (*PlanViews.CHILD_FIELDS, "child_how_captured", "easy_read")
    PARENT = PlanViews.PARENT_FIELDS


#: The questions for the child or young person: standard wording and easy read.
CHILD_QUESTIONS = {
    "child_strengths": (
        "What do people like and admire about you? What are you good at?",
        "What are you good at?",
    ),
    "child_interests": ("What are your interests? What do you enjoy doing?", "What do you like?"),
    "child_friends": (
        "Who are your friends and the people who matter to you?",
        "Who are your friends?",
    ),
    "child_important": ("What is important to you?", "What is important to you?"),
    "child_communication": (
        "How should people talk with you and help you?",
        "How can people help you?",
    ),
    "child_aspirations": (
        "What are your hopes for the future?",
        "What do you want to do when you are older?",
    ),
}


class SectionAContributionForm(forms.Form):
    """The family's views for section A. The child's own answers first, in their words."""

    def __init__(self, *args, easy_read: bool = False, young_person: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (standard, easy) in CHILD_QUESTIONS.items():
            self.fields[name] = forms.CharField(
                label=easy if easy_read else standard,
                widget=forms.Textarea,
                required=False,
            )
        self.fields["child_how_captured"] = forms.CharField(
            label="How did you gather these answers?"
            if not young_person
            else "Who helped you answer, if anyone?",
            max_length=300,
            required=False,
            help_text="For example, my son told me while we looked at photos, or I wrote them "
            "myself.",
        )
        if not young_person:
            self.fields["parent_views"] = forms.CharField(
                label="Your views as a parent or carer",
                widget=forms.Textarea,
                required=False,
                help_text="Your child's story so far, what works and what does not.",
            )
            self.fields["parent_aspirations"] = forms.CharField(
                label="Your hopes for your child's future", widget=forms.Textarea, required=False
            )
        self.easy_read = easy_read


class HealthAgreementForm(LockedForm):
    agreed_by = forms.CharField(
        label="Name of the person who agreed it",
        max_length=200,
        help_text="For example, the designated clinical officer.",
        error_messages={"required": "Enter the name of the person who agreed it"},
    )
    icb = forms.ModelChoiceField(
        label="Integrated care board",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.ICB).order_by("name"),
        required=False,
        empty_label="Choose the integrated care board",
    )
    agreed_on = GovukDateField(
        label="Date it was agreed", label_lower="the date it was agreed", past_only=True
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment",
        widget=forms.Textarea,
        help_text="For example, something that is missing, or support that is not specific enough.",
        error_messages={"required": "Enter your comment"},
    )


class MeetingForm(forms.Form):
    about = forms.CharField(
        label="What do you want to talk about?",
        widget=forms.Textarea,
        error_messages={"required": "Tell us what you want to talk about"},
    )


class PersonalBudgetRequestForm(forms.Form):
    detail = forms.CharField(
        label="What would you like a personal budget for? (optional)",
        widget=forms.Textarea,
        required=False,
        help_text="For example, to arrange your child's speech and language therapy yourself.",
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label="Your message",
        widget=forms.Textarea,
        max_length=5000,
        error_messages={"required": "Enter your message"},
    )


#: The kind of need an adviser most often describes: health advice gives health needs
#: (section C), social care advice social care needs (section D); the adviser can change it.
NEED_SECTION_FOR_ADVICE = {
    AdviceRequest.AdviceType.HEALTH: AdviceItem.NeedSection.HEALTH,
    AdviceRequest.AdviceType.SOCIAL_CARE: AdviceItem.NeedSection.SOCIAL_CARE,
}


class AdviceItemForm(forms.Form):
    """One item of structured advice: the fields depend on its kind."""

    def __init__(self, *args, kind: str, advice_type: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == AdviceItem.Kind.NEED:
            self.fields["section"] = forms.ChoiceField(
                label="What kind of need is it?",
                choices=AdviceItem.NeedSection.choices,
                widget=forms.RadioSelect,
                initial=NEED_SECTION_FOR_ADVICE.get(
                    advice_type, AdviceItem.NeedSection.SPECIAL_EDUCATIONAL
                ),
                required=False,  # not given: a special educational need (section B)
            )
            self.fields["area"] = forms.ChoiceField(
                label="Area of need (special educational needs only)",
                choices=AreaOfNeed.choices,
                widget=forms.RadioSelect,
                required=False,
                help_text="Leave this for a health or social care need.",
            )
            self.fields["description"] = forms.CharField(
                label="The need",
                widget=forms.Textarea,
                error_messages={"required": "Describe the need"},
            )
            self.fields["evidence"] = forms.CharField(
                label="Evidence",
                widget=forms.Textarea,
                required=False,
                help_text="For example, the assessments you carried out and their results.",
            )
        elif kind == AdviceItem.Kind.OUTCOME:
            self.fields["description"] = forms.CharField(
                label="The outcome",
                widget=forms.Textarea,
                error_messages={"required": "Describe the outcome"},
            )
            self.fields["by_when"] = forms.CharField(
                label="By when", max_length=200, required=False
            )
        else:
            self.fields["description"] = forms.CharField(
                label="The provision you recommend",
                widget=forms.Textarea,
                help_text="Say exactly what, how much and how often.",
                error_messages={"required": "Describe the provision you recommend"},
            )
            self.fields["delivered_by"] = forms.CharField(
                label="Who should deliver it", max_length=200, required=False
            )
            self.fields["expertise"] = forms.CharField(
                label="Their qualifications or expertise", max_length=200, required=False
            )
            self.fields["group_size"] = forms.CharField(
                label="Group size or staff ratio", max_length=100, required=False
            )
            self.fields["frequency"] = forms.CharField(
                label="How often", max_length=100, required=False
            )
            self.fields["duration"] = forms.CharField(
                label="How long each time", max_length=100, required=False
            )

    def clean(self):
        data = super().clean()
        if self.kind == AdviceItem.Kind.NEED:
            section = data.get("section") or AdviceItem.NeedSection.SPECIAL_EDUCATIONAL
            data["section"] = section
            if section == AdviceItem.NeedSection.SPECIAL_EDUCATIONAL and not data.get("area"):
                self.add_error("area", "Select the area of need")
        return data


class CompareForm(forms.Form):
    older = forms.TypedChoiceField(label="Compare version", coerce=int)
    newer = forms.TypedChoiceField(label="with version", coerce=int)

    def __init__(self, *args, versions: list[Plan], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(p.version, p.label) for p in versions]
        self.fields["older"].choices = choices
        self.fields["newer"].choices = choices
