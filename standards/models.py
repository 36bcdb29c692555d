"""The National Standards catalogue: versions of the catalogue, standards, and each standard's
text as it stands in one version.

A :class:`CatalogueVersion` is one release of the National Standards ("version 2"). It moves
through a lifecycle (in development, testing with partnerships, published, statutory). Each
:class:`StandardVersion` is one standard's content in one catalogue version. Once a catalogue
version is published, it and its standards are immutable: the services refuse changes and a
database trigger (migration 0002) refuses them too. A change is made in a new version, and the
differences between versions are shown to everyone who can see both.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AreaOfNeed(models.TextChoices):
    """The four broad areas of need of the SEND Code of Practice 2015 (paragraphs 6.28 to 6.35)."""

    COMMUNICATION_AND_INTERACTION = "communication_interaction", "Communication and interaction"
    COGNITION_AND_LEARNING = "cognition_learning", "Cognition and learning"
    SOCIAL_EMOTIONAL_MENTAL_HEALTH = "semh", "Social, emotional and mental health"
    SENSORY_AND_PHYSICAL = "sensory_physical", "Sensory and/or physical needs"


#: Plain-language descriptions of each area of need, for families.
AREA_OF_NEED_FOR_FAMILIES = {
    AreaOfNeed.COMMUNICATION_AND_INTERACTION: (
        "Speaking, understanding what others say, and social communication, including autism"
    ),
    AreaOfNeed.COGNITION_AND_LEARNING: (
        "Learning more slowly than others, or specific difficulties such as dyslexia"
    ),
    AreaOfNeed.SOCIAL_EMOTIONAL_MENTAL_HEALTH: (
        "Feelings, behaviour and mental health, such as anxiety or attention difficulties"
    ),
    AreaOfNeed.SENSORY_AND_PHYSICAL: (
        "Hearing, vision, physical disability or a medical condition that affects learning"
    ),
}


class Setting(models.TextChoices):
    """Phases and setting types a standard applies to."""

    EARLY_YEARS = "early_years", "Early years"
    SCHOOL = "school", "School"
    POST_16 = "post16", "Post-16 (college or sixth form)"
    ALTERNATIVE_PROVISION = "ap", "Alternative provision"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"


#: The boolean field on :class:`StandardVersion` that records each setting.
SETTING_FIELDS: dict[str, str] = {
    Setting.EARLY_YEARS: "for_early_years",
    Setting.SCHOOL: "for_school",
    Setting.POST_16: "for_post16",
    Setting.ALTERNATIVE_PROVISION: "for_alternative_provision",
    Setting.HEALTH: "for_health",
    Setting.SOCIAL_CARE: "for_social_care",
}


class Tier(models.TextChoices):
    UNIVERSAL = "universal", "Universal (ordinarily available)"
    SEN_SUPPORT = "sen_support", "SEN Support"
    SPECIALIST = "specialist", "Specialist (EHC plan)"


#: Tier names for families.
TIER_FOR_FAMILIES = {
    Tier.UNIVERSAL: "For every child (ordinarily available)",
    Tier.SEN_SUPPORT: "SEN Support: extra help in the setting",
    Tier.SPECIALIST: "Specialist: with an EHC plan",
}


class Budget(models.TextChoices):
    SETTING_CORE = "setting_core", "The setting's core budget, including its notional SEN budget"
    EARLY_YEARS = "early_years", "Early years funding, including the SEN inclusion fund"
    HIGH_NEEDS = "high_needs", "The council's high needs budget (top-up funding)"
    POST_16 = "post16", "16 to 19 funding, with high needs funding above it"
    HEALTH = "health", "The NHS, through the Integrated Care Board"
    SOCIAL_CARE = "social_care", "The council's social care budget"


class CatalogueVersion(models.Model):
    """One release of the National Standards, with its lifecycle status."""

    class Status(models.TextChoices):
        IN_DEVELOPMENT = "in_development", "In development"
        TESTING = "testing", "Testing with partnerships"
        PUBLISHED = "published", "Published"
        STATUTORY = "statutory", "Statutory"

    #: Statuses in which the version and its standards can no longer change.
    FROZEN = frozenset({Status.PUBLISHED, Status.STATUTORY})

    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_DEVELOPMENT, db_index=True
    )
    is_illustrative = models.BooleanField(
        default=True,
        help_text="Content written for this portal, not published by DfE.",
    )
    summary_of_changes = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    statutory_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"National Standards version {self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    @property
    def status_tag_class(self) -> str:
        return STATUS_TAG_CLASSES[self.status]


STATUS_TAG_CLASSES = {
    CatalogueVersion.Status.IN_DEVELOPMENT: "govuk-tag--grey",
    CatalogueVersion.Status.TESTING: "govuk-tag--yellow",
    CatalogueVersion.Status.PUBLISHED: "govuk-tag--green",
    CatalogueVersion.Status.STATUTORY: "govuk-tag--blue",
}


class Standard(models.Model):
    """A standard's stable identity across versions, e.g. "CI-1"."""

    code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class StandardVersion(models.Model):
    """A standard's content as it stands in one catalogue version."""

    catalogue_version = models.ForeignKey(
        CatalogueVersion, on_delete=models.CASCADE, related_name="entries"
    )
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="In plain language, for families.")
    area_of_need = models.CharField(max_length=30, choices=AreaOfNeed.choices, db_index=True)
    tier = models.CharField(max_length=20, choices=Tier.choices)
    for_early_years = models.BooleanField(default=False)
    for_school = models.BooleanField(default=False)
    for_post16 = models.BooleanField(default=False)
    for_alternative_provision = models.BooleanField(default=False)
    for_health = models.BooleanField(default=False)
    for_social_care = models.BooleanField(default=False)
    responsible = models.TextField("Who is responsible")
    ordinarily_available = models.TextField("What should be ordinarily available")
    identification = models.TextField("How needs are identified")
    budget_source = models.CharField("Which budget pays", max_length=20, choices=Budget.choices)
    budget_detail = models.TextField(blank=True)
    evidence = models.JSONField(
        default=list, blank=True, help_text='A list of {"title": ..., "url": ...} links.'
    )
    practice_guide = models.CharField(max_length=200, blank=True)
    code_of_practice = models.CharField("SEND Code of Practice reference", max_length=200)

    class Meta:
        ordering = ["standard__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue_version", "standard"], name="one_text_per_standard_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.title} (version {self.catalogue_version.number})"

    @property
    def code(self) -> str:
        return self.standard.code

    @property
    def settings(self) -> list[str]:
        return [setting for setting, field in SETTING_FIELDS.items() if getattr(self, field)]

    @property
    def setting_labels(self) -> list[str]:
        return [Setting(setting).label for setting in self.settings]

    @property
    def tier_for_families(self) -> str:
        return TIER_FOR_FAMILIES[self.tier]

    @property
    def area_for_families(self) -> str:
        return AREA_OF_NEED_FOR_FAMILIES[self.area_of_need]


#: The content fields compared between versions, in reading order, with their labels.
CONTENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("title", "Title"),
    ("summary", "Summary for families"),
    ("area_of_need", "Area of need"),
    ("tier", "Tier"),
    ("settings", "Phases and settings"),
    ("responsible", "Who is responsible"),
    ("ordinarily_available", "What should be ordinarily available"),
    ("identification", "How needs are identified"),
    ("budget_source", "Which budget pays"),
    ("budget_detail", "About the funding"),
    ("evidence", "Evidence"),
    ("practice_guide", "Practice guide"),
    ("code_of_practice", "SEND Code of Practice reference"),
)
