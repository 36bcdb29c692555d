"""Tailored lists of settings (SEND and AP Improvement Plan, chapter 2 paragraphs 63-69).

- ``SettingProfile``: what the settings directory knows about one education setting (the core
  ``Organisation(kind="setting")`` row holds its URN, UKPRN, name, type, phase and postcode).
- ``DirectoryImport``: one import of a GIAS-layout CSV (``manage.py import_settings_directory``).
- ``TailoredList`` and ``ListEntry``: one version of a child's list and the settings on it, each
  with the reasons it is there. Every version is kept; the family sees the versions sent to them.
- ``Preference``: the family's ranked preferences, from the list or any other setting. Sending them
  records each as a ``ehcp.SettingRequest`` (CFA 2014 s38(2)(b)), consulted and decided through
  the existing s39 workflow.

A tailored list is advice. It never limits what the family may ask for (see ``rights.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ehcp.models import Case, SettingRequest
from send_portal.models import GeneratedDocument, Organisation


class Category(models.TextChoices):
    MAINSTREAM = "mainstream", "Mainstream"
    SPECIAL = "special", "Special school"
    INDEPENDENT = "independent", "Independent"
    ALTERNATIVE_PROVISION = "ap", "Alternative provision"
    POST_16 = "post16", "Post-16 (college or sixth form)"


class Sen2SettingCode(models.TextChoices):
    """SEN2 SENsetting (items 4.7c/5.7c), for a placement without a URN or UKPRN."""

    OLA = "OLA", "Other arrangements made by the local authority (including EOTAS)"
    OPA = "OPA", "Other arrangements made by parents or others (not elective home education)"
    EHE = "EHE", "Elective home education"
    EYP = "EYP", "Early years provider without a URN"
    OTH = "OTH", "Other"


def needs_key_for(needs) -> str:
    return "," + ",".join(needs) + "," if needs else ""


class SettingProfile(models.Model):
    """Directory facts about one setting: type, ages, category, SEN provision, places, location."""

    setting = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="directory_profile",
        limit_choices_to={"kind": Organisation.Kind.SETTING},
    )
    gias_type_code = models.CharField("GIAS establishment type code", max_length=4, blank=True)
    type_group = models.CharField("GIAS establishment type group", max_length=60, blank=True)
    sen2_setting_code = models.CharField(
        "SEN2 SENsetting code",
        max_length=4,
        choices=Sen2SettingCode.choices,
        blank=True,
        help_text="Only for a setting without a URN or UKPRN (SEN2 items 4.7c and 5.7c).",
    )
    category = models.CharField(max_length=12, choices=Category.choices, db_index=True)
    is_specialist = models.BooleanField(
        default=False,
        help_text="A special school, or a specialist post-16 institution.",
    )
    low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    resourced_provision = models.BooleanField(default=False)
    sen_unit = models.BooleanField("SEN unit", default=False)
    needs = models.JSONField(
        default=list,
        blank=True,
        help_text="SEN2 need codes (e.g. ASD, SLCN) the setting is set up to meet.",
    )
    needs_key = models.CharField(
        max_length=120,
        blank=True,
        editable=False,
        help_text="The needs as ',ASD,SLCN,' so that lists can find settings by need in SQL; "
        "kept in step with ``needs`` by save() and needs_key_for().",
    )
    provision = models.JSONField(
        default=list,
        blank=True,
        help_text="Keys of specialist provision on site (see tailored_lists.matching.PROVISION).",
    )
    s41_approved = models.BooleanField(
        "On the section 41 list",
        default=False,
        help_text="An independent special school or specialist post-16 institution approved "
        "under CFA 2014 s41.",
    )
    places = models.PositiveIntegerField(null=True, blank=True)
    vacancies = models.PositiveIntegerField(null=True, blank=True)
    vacancies_on = models.DateField(null=True, blank=True)
    town = models.CharField(max_length=100, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_source = models.CharField(
        max_length=20,
        blank=True,
        help_text="'file' (from the import) or 'postcode_district' (district centroid).",
    )
    is_open = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["is_open", "latitude", "longitude"], name="tl_profile_location"),
            models.Index(fields=["low_age", "high_age"], name="tl_profile_ages"),
        ]

    def __str__(self) -> str:
        return f"Directory profile of {self.setting}"

    def save(self, *args, **kwargs):
        self.needs_key = needs_key_for(self.needs)
        if kwargs.get("update_fields") is not None and "needs" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "needs_key"}
        super().save(*args, **kwargs)

    @property
    def has_specialist_provision(self) -> bool:
        return self.is_specialist or self.resourced_provision or self.sen_unit


class DirectoryImport(models.Model):
    """One import of the settings directory from a CSV file."""

    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    created = models.PositiveIntegerField()
    updated = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows)"


class TailoredList(models.Model):
    """One version of a child's tailored list of settings."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tailored_lists")
    version = models.PositiveIntegerField()
    plan_version = models.PositiveIntegerField(
        help_text="The version of the EHC plan whose sections B and F the list was built from."
    )
    area_sign_off = models.TextField(
        help_text="Why the area may use tailored lists, as it stood when the list was built."
    )
    needs_summary = models.JSONField(default=dict)
    child_age = models.PositiveSmallIntegerField(
        help_text="The child's age at the start of the school year the list is for."
    )
    school_year_starts = models.DateField()
    home_district = models.CharField(max_length=8, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_on = models.DateField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    letter = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    preferences_sent_on = models.DateField(null=True, blank=True)
    decisions_letter = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="unique_tailored_list_version")
        ]

    def __str__(self) -> str:
        return f"Tailored list v{self.version} ({self.case.reference})"

    @property
    def is_sent(self) -> bool:
        return self.sent_on is not None

    @property
    def label(self) -> str:
        when = f"sent {self.sent_on:%-d %B %Y}" if self.sent_on else "not sent yet"
        return f"Version {self.version}, {when}"


class ListEntry(models.Model):
    """A setting on one version of a list, why it is there, and how far it is from home."""

    tailored_list = models.ForeignKey(
        TailoredList, on_delete=models.CASCADE, related_name="entries"
    )
    setting = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.SETTING},
    )
    position = models.PositiveIntegerField()
    category = models.CharField(max_length=12, choices=Category.choices)
    score = models.FloatField(default=0)
    distance_km = models.FloatField(null=True, blank=True)
    reasons = models.JSONField(default=list)
    added_by_caseworker = models.BooleanField(default=False)

    class Meta:
        ordering = ["tailored_list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["tailored_list", "setting"], name="unique_setting_per_list"
            )
        ]

    def __str__(self) -> str:
        return f"{self.setting} on {self.tailored_list}"


class Preference(models.Model):
    """One of the family's ranked preferences for a list, on the list or not."""

    tailored_list = models.ForeignKey(
        TailoredList, on_delete=models.CASCADE, related_name="preferences"
    )
    rank = models.PositiveSmallIntegerField()
    setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Organisation.Kind.SETTING},
    )
    setting_name = models.CharField(
        max_length=200, blank=True, help_text="For a school or college not in the directory."
    )
    on_list = models.BooleanField()
    setting_request = models.OneToOneField(
        SettingRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tailored_list_preference",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["tailored_list", "rank"]

    def __str__(self) -> str:
        return f"{self.rank}. {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.setting.name if self.setting_id else self.setting_name
