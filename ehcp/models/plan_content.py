"""The content of an EHC plan version, section by section (SEND Regulations 2014 reg 12(1):
"each section must be separately identified"; statutory.md section B).

Every row belongs to one ``Plan`` version. A new version copies every row (with a fresh primary
key and the same ``key``), so each version stays readable as it was and two versions can be
compared item by item.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from .advice import AdviceItem, AdviceRequest
from .codes import AreaOfNeed
from .plan import Plan


class Section(models.TextChoices):
    """The sections of the standard EHC plan. A to J are reg 12(1); K is the SEND Code of
    Practice 9.62 (advice gathered, as appendices)."""

    A = "A", "Section A: Views, interests and aspirations"
    B = "B", "Section B: Special educational needs"
    C = "C", "Section C: Health needs related to special educational needs"
    D = "D", "Section D: Social care needs related to special educational needs or a disability"
    E = "E", "Section E: Outcomes"
    F = "F", "Section F: Special educational provision"
    G = "G", "Section G: Health provision"
    H1 = (
        "H1",
        (
            "Section H1: Social care provision under section 2 of the Chronically Sick and "
            "Disabled Persons Act 1970"
        ),
    )
    H2 = "H2", "Section H2: Other social care provision"
    I = "I", "Section I: School, college or other institution"  # noqa: E741 - the law's letter
    J = "J", "Section J: Personal budget and direct payments"
    K = "K", "Section K: Advice and information gathered"


#: The law behind each section.
SECTION_BASIS = {
    Section.A: "SEND Regulations 2014 reg 12(1)(a)",
    Section.B: "SEND Regulations 2014 reg 12(1)(b)",
    Section.C: "SEND Regulations 2014 reg 12(1)(c)",
    Section.D: "SEND Regulations 2014 reg 12(1)(d)",
    Section.E: "SEND Regulations 2014 reg 12(1)(e)",
    Section.F: "SEND Regulations 2014 reg 12(1)(f)",
    Section.G: "SEND Regulations 2014 reg 12(1)(g) and 12(2)",
    Section.H1: "SEND Regulations 2014 reg 12(1)(h)(i)",
    Section.H2: "SEND Regulations 2014 reg 12(1)(h)(ii)",
    Section.I: "SEND Regulations 2014 reg 12(1)(i); Children and Families Act 2014 s38(5)",
    Section.J: "SEND Regulations 2014 reg 12(1)(j)",
    Section.K: "SEND Code of Practice 0 to 25 (2015) paragraph 9.62",
}

NEED_SECTIONS = (Section.B, Section.C, Section.D)
PROVISION_SECTIONS = (Section.F, Section.G, Section.H1, Section.H2)


class PreparationForAdulthood(models.TextChoices):
    """The four preparing-for-adulthood areas (SEND Code of Practice 8.6), for outcomes from
    Year 9 (reg 12(3))."""

    EMPLOYMENT = "employment", "Employment and higher education"
    INDEPENDENT_LIVING = "independent_living", "Independent living"
    COMMUNITY = "community", "Friends, relationships and community"
    HEALTH = "health", "Good health"


class SectionAFields(models.Model):
    """Section A: the child's or young person's own voice, kept apart from the parents'."""

    child_strengths = models.TextField("What people like and admire about me", blank=True)
    child_interests = models.TextField("My interests and what I enjoy", blank=True)
    child_friends = models.TextField("My friends and the people who matter to me", blank=True)
    child_important = models.TextField("What is important to me", blank=True)
    child_communication = models.TextField("How to communicate with me and help me", blank=True)
    child_aspirations = models.TextField("My hopes for the future", blank=True)
    child_how_captured = models.CharField(
        "How these views were gathered", max_length=300, blank=True
    )
    easy_read = models.BooleanField(
        "The child's views were given using the easy read questions", default=False
    )
    parent_views = models.TextField("Parents' or carers' views", blank=True)
    parent_aspirations = models.TextField("Parents' or carers' hopes for the future", blank=True)

    CHILD_FIELDS = (
        "child_strengths",
        "child_interests",
        "child_friends",
        "child_important",
        "child_communication",
        "child_aspirations",
    )
    PARENT_FIELDS = ("parent_views", "parent_aspirations")
    FIELDS = (*CHILD_FIELDS, "child_how_captured", "easy_read", *PARENT_FIELDS)

    class Meta:
        abstract = True

    @property
    def has_child_voice(self) -> bool:
        return any(getattr(self, name).strip() for name in self.CHILD_FIELDS)

    @property
    def has_parent_voice(self) -> bool:
        return any(getattr(self, name).strip() for name in self.PARENT_FIELDS)


class PlanViews(SectionAFields):
    """Section A of one version."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="views")
    source_contribution = models.ForeignKey(
        "ehcp.ViewsContribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The family's contribution these views were taken from.",
    )

    def __str__(self) -> str:
        return f"Section A of {self.plan}"


class PlanItem(models.Model):
    """What every item of a section has: its version, a stable key shared by the same item in
    every version (for comparing versions), its order, and where it came from."""

    key = models.UUIDField(default=uuid.uuid4, editable=False)
    position = models.PositiveIntegerField(default=0)
    source_advice = models.ForeignKey(
        AdviceRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_item = models.ForeignKey(
        AdviceItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class PlanNeed(PlanItem):
    """One need in section B (special educational), C (health) or D (social care), with its
    evidence. Needs in B are grouped by the four broad areas of need."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="needs")
    section = models.CharField(
        max_length=2,
        choices=[(s.value, s.label) for s in NEED_SECTIONS],
        default=Section.B,
    )
    area = models.CharField("Area of need", max_length=20, choices=AreaOfNeed.choices, blank=True)
    description = models.TextField("The need")
    evidence = models.TextField("Evidence", blank=True)

    class Meta:
        ordering = ["section", "area", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_need_key_per_version"),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlanOutcome(PlanItem):
    """One outcome in section E: the difference the provision should make, by when, linked to
    the needs it answers."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    description = models.TextField("The outcome")
    by_when = models.CharField("By when", max_length=200, blank=True)
    preparation_for_adulthood = models.CharField(
        "Preparing for adulthood area",
        max_length=20,
        choices=PreparationForAdulthood.choices,
        blank=True,
    )
    needs = models.ManyToManyField(PlanNeed, blank=True, related_name="outcomes")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_outcome_key_per_version"),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlanProvision(PlanItem):
    """One item of provision in section F (special educational), G (health), H1 or H2 (social
    care), quantified: what, who, their expertise, group size, how often, for how long, when it
    starts and is reviewed (SEND Code of Practice 9.69)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="provisions")
    section = models.CharField(
        max_length=2,
        choices=[(s.value, s.label) for s in PROVISION_SECTIONS],
        default=Section.F,
    )
    description = models.TextField("What the provision is")
    delivered_by = models.CharField("Who delivers it", max_length=200, blank=True)
    expertise = models.CharField("Their qualifications or expertise", max_length=200, blank=True)
    group_size = models.CharField("Group size or staff ratio", max_length=100, blank=True)
    frequency = models.CharField("How often", max_length=100, blank=True)
    duration = models.CharField("How long each time", max_length=100, blank=True)
    starts_on = models.DateField("Start date", null=True, blank=True)
    review_on = models.DateField("Review date", null=True, blank=True)
    personal_budget = models.BooleanField("Secured through a personal budget", default=False)
    needs = models.ManyToManyField(PlanNeed, blank=True, related_name="provisions")
    outcomes = models.ManyToManyField(PlanOutcome, blank=True, related_name="provisions")

    class Meta:
        ordering = ["section", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "key"], name="unique_provision_key_per_version"
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlanPersonalBudget(PlanItem):
    """Section J: a personal budget, what it pays for, and for a direct payment the needs and
    outcomes it is to meet (reg 12(1)(j); SEN (Personal Budgets) Regulations 2014)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="personal_budgets")
    description = models.TextField("What the personal budget pays for")
    annual_amount = models.DecimalField(
        "Amount a year (pounds)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    direct_payment = models.BooleanField("Paid as a direct payment", default=False)
    arrangements = models.TextField("How it is managed", blank=True)
    needs = models.ManyToManyField(PlanNeed, blank=True, related_name="personal_budgets")
    outcomes = models.ManyToManyField(PlanOutcome, blank=True, related_name="personal_budgets")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_budget_key_per_version"),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class PlanComment(models.Model):
    """A parent's or young person's comment on one section of a draft (or of proposed
    amendments), made within the representations window (reg 13(1)(a), reg 22(2)(c))."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=2, choices=Section.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Comment on {self.get_section_display()} of {self.plan}"
