"""Organisations: regions, councils, ICBs, settings, partnerships and the bodies that staff them."""

from __future__ import annotations

from django.db import models


class Region(models.Model):
    """One of the nine DfE regions (the Regions Group's areas), e.g. "South East"."""

    code = models.CharField(max_length=12, unique=True, help_text="ONS region code, e.g. E12000008")
    name = models.CharField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """Any body people work for or that the portal names.

    One table with a ``kind`` keeps role assignments uniform: a caseworker belongs to a local
    authority, a SENCo to an education setting, a board member to a partnership, a Regions Group
    officer to the DfE Regions Group team for one region.
    """

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        ICB = "icb", "Integrated Care Board"
        SETTING = "setting", "Education setting"
        PARTNERSHIP = "partnership", "Local SEND and AP partnership"
        REGIONAL_EXPERT_PARTNERSHIP = "rep", "Regional Expert Partnership"
        REGIONS_GROUP = "regions_group", "DfE Regions Group"
        DFE = "dfe", "Department for Education"
        MEDIATION_SERVICE = "mediation", "Mediation service"
        SENDIASS = "sendiass", "SEND information, advice and support service"
        OTHER = "other", "Other organisation"

    class Phase(models.TextChoices):
        EARLY_YEARS = "early_years", "Early years"
        PRIMARY = "primary", "Primary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        POST_16 = "post16", "16 plus"
        NOT_APPLICABLE = "na", "Not applicable"

    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(max_length=200)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    # Local authorities: DfE 3-digit LA number (e.g. 886 Kent) and ONS code (E10000016).
    la_code = models.CharField(max_length=3, blank=True, db_index=True)
    ons_code = models.CharField(max_length=9, blank=True)
    # Education settings: URN / UKPRN, type and phase (GIAS terms).
    urn = models.CharField("URN", max_length=10, blank=True, db_index=True)
    ukprn = models.CharField("UKPRN", max_length=10, blank=True)
    setting_type = models.CharField(max_length=120, blank=True)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    # ICBs: NHS ODS code.
    ods_code = models.CharField("ODS code", max_length=10, blank=True)
    # The council a setting, ICB or service sits in (settings are maintained by / located in it).
    local_authority = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_organisations",
        limit_choices_to={"kind": "la"},
    )
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    website = models.URLField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_code"],
                condition=models.Q(kind="la") & ~models.Q(la_code=""),
                name="unique_la_code_per_local_authority",
            ),
            models.UniqueConstraint(
                fields=["urn"],
                condition=models.Q(kind="setting") & ~models.Q(urn=""),
                name="unique_urn_per_setting",
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        if self.kind == self.Kind.LOCAL_AUTHORITY and self.la_code:
            return f"{self.name} ({self.la_code})"
        return self.name


class OrganisationMembership(models.Model):
    """An organisation belonging to a grouping one: a council in a partnership or a Regional
    Expert Partnership (one of which is the lead), a setting or ICB in a partnership, with the
    sector it represents."""

    class Sector(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority (education and social care)"
        HEALTH = "health", "Health (ICB)"
        EDUCATION = "education", "Education settings"
        PARENT_CARER_FORUM = "pcf", "Parent carer forum"
        SENDIASS = "sendiass", "SENDIASS"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        OTHER = "other", "Other"

    group = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="member_of")
    sector = models.CharField(max_length=20, choices=Sector.choices, default=Sector.OTHER)
    is_lead = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="unique_group_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member} in {self.group}"
