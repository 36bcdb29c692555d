"""Versions of an EHC plan (draft, final, proposed amendments, amended final), and naming a
school or college in section I (CFA 2014 ss38-40). The content of each version, section by
section, is in ``plan_content``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import GeneratedDocument, Organisation

from .case import Case
from .codes import Residential, SenSetting


class Plan(models.Model):
    """One version of a child's EHC plan. Every version is kept and stays readable; a change to
    a version that has been sent makes a new version (``ehcp.services.plans.new_version_from``).

    Section I (the placement) is blank in any draft (CFA 2014 s38(5)). A version can be edited
    only until it is sent (``is_editable``); ``version_lock`` is raised by every edit so that of
    two people editing at once the second is told, not silently overwritten.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"
        PROPOSED = "proposed", "Proposed amendments"
        AMENDED = "amended", "Amended final"
        NOT_MADE = "not_made", "Proposed amendments not made"

    ISSUED = frozenset({Status.FINAL, Status.AMENDED})

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_versions"
    )
    served_on = models.DateField(
        null=True,
        blank=True,
        help_text="The date this version was sent to the family (a draft, or the notice of "
        "proposed amendments). Empty while it is being written.",
    )
    issued_on = models.DateField(null=True, blank=True)
    section_i_setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "setting"},
    )
    section_i_type = models.CharField(
        max_length=200,
        blank=True,
        help_text="The type of school or other institution (section I), with or without a name.",
    )
    # SEN2 PlanDetail: what section I names, as the return codes it.
    section_i_sen_setting = models.CharField(
        max_length=4,
        choices=SenSetting.choices,
        blank=True,
        help_text="SEN2 SENSetting when section I names no school or college with a URN or UKPRN.",
    )
    section_i_urn = models.CharField(
        "Section I URN",
        max_length=8,
        blank=True,
        help_text="The URN of a school named in section I that is not in the settings directory.",
    )
    section_i_ukprn = models.CharField("Section I UKPRN", max_length=8, blank=True)
    section_i_sen_unit = models.BooleanField(
        default=False, help_text="SEN2 SENUnitIndicator: a SEN unit of the school named."
    )
    section_i_resourced_provision = models.BooleanField(
        default=False,
        help_text="SEN2 ResourcedProvisionIndicator: resourced provision of the school named.",
    )
    # Section G must be agreed by the responsible commissioning body (SEND Regulations 2014
    # reg 12(2)). Editing section G clears the agreement: the ICB agreed to other words.
    section_g_agreed_by = models.CharField(max_length=200, blank=True)
    section_g_agreed_icb = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "icb"},
    )
    section_g_agreed_on = models.DateField(null=True, blank=True)
    document = models.ForeignKey(
        GeneratedDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The PDF of this version, made when it was sent or issued.",
    )
    version_lock = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="unique_plan_version"),
            models.CheckConstraint(
                condition=~models.Q(status="draft")
                | (models.Q(section_i_setting=None) & models.Q(section_i_type="")),
                name="draft_plan_section_i_blank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} plan v{self.version} ({self.case.reference})"

    @property
    def is_issued(self) -> bool:
        return self.status in self.ISSUED

    @property
    def is_sent(self) -> bool:
        """Sent to the family: a served draft, sent proposed amendments, or an issued plan."""
        return self.is_issued or self.served_on is not None

    @property
    def is_editable(self) -> bool:
        """Only a draft or a proposal still being written can change."""
        return self.status in (self.Status.DRAFT, self.Status.PROPOSED) and self.served_on is None

    @property
    def section_g_agreed(self) -> bool:
        return bool(
            self.section_g_agreed_on and (self.section_g_agreed_icb_id or self.section_g_agreed_by)
        )

    @property
    def placement(self) -> str:
        """Section I as text."""
        if self.section_i_setting_id:
            name = self.section_i_setting.name
            return f"{name} ({self.section_i_type})" if self.section_i_type else name
        return self.section_i_type

    @property
    def label(self) -> str:
        """``Version 2: final plan, issued 15 June 2026``."""
        what = {
            self.Status.DRAFT: "draft plan",
            self.Status.FINAL: "final plan",
            self.Status.PROPOSED: "proposed amendments",
            self.Status.AMENDED: "amended final plan",
            self.Status.NOT_MADE: "proposed amendments not made",
        }[self.status]
        if self.issued_on:
            when = f", issued {self.issued_on:%-d %B %Y}"
        elif self.served_on:
            when = f", sent {self.served_on:%-d %B %Y}"
        else:
            when = ", not sent yet"
        return f"Version {self.version}: {what}{when}"


class SettingRequest(models.Model):
    """A school or college the family asked to be named (CFA 2014 s38(2)(b)) or the council
    proposes, its consultation (s39(2)) and the naming decision with any s39(4) ground."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        CONSULTED = "consulted", "Consulted"
        RESPONDED = "responded", "Replied"
        NAMED = "named", "Named in the plan"
        REFUSED = "refused", "Not named"

    class Response(models.TextChoices):
        CAN_MEET = "can_meet", "Can meet the child's needs"
        CANNOT_MEET = "cannot_meet", "Cannot meet the child's needs"

    class RefusalGround(models.TextChoices):
        UNSUITABLE = (
            "s39_4_a",
            (
                "Unsuitable for the age, ability, aptitude or special educational needs of the "
                "child or young person (CFA 2014 s39(4)(a))"
            ),
        )
        OTHERS_EDUCATION = (
            "s39_4_b_i",
            (
                "Incompatible with the provision of efficient education for others "
                "(CFA 2014 s39(4)(b))"
            ),
        )
        RESOURCES = (
            "s39_4_b_ii",
            ("Incompatible with the efficient use of resources (CFA 2014 s39(4)(b))"),
        )

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="setting_requests")
    setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "setting"},
    )
    setting_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="For an institution not in the settings directory.",
    )
    requested_by_family = models.BooleanField(default=True)
    preference_rank = models.PositiveSmallIntegerField(default=1)
    requested_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    consulted_on = models.DateField(null=True, blank=True)
    response_due_on = models.DateField(null=True, blank=True)
    response = models.CharField(max_length=12, choices=Response.choices, blank=True)
    response_detail = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    refusal_ground = models.CharField(max_length=12, choices=RefusalGround.choices, blank=True)
    refusal_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["preference_rank", "id"]

    def __str__(self) -> str:
        return f"{self.display_name} for {self.case.reference}"

    @property
    def display_name(self) -> str:
        return self.setting.name if self.setting_id else self.setting_name

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.NAMED, self.Status.REFUSED)


class Representation(models.Model):
    """Views on a draft plan from the parent or young person (SEND Regulations 2014 reg 13(1))."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="representations")
    received_on = models.DateField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comments = models.TextField()
    meeting_requested = models.BooleanField(default=False)
    no_further_representations = models.BooleanField(
        default=False,
        help_text="The family confirmed they have nothing more to say, so the plan may be "
        "finalised before the 15 days are up.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"Views on the draft for {self.case.reference}, {self.received_on}"


class Placement(models.Model):
    """Where the child or young person is actually educated while the plan is maintained: SEN2
    module 5 ``PlacementDetail`` (which may differ from the school or college named in section
    I). Rank 1 is the main placement; a dual registration adds rank 2."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements")
    setting = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "setting"},
        help_text="The school or college (its URN or UKPRN goes in the return).",
    )
    urn = models.CharField(
        "URN", max_length=8, blank=True, help_text="When the setting is not in the directory."
    )
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    sen_setting = models.CharField(
        max_length=4,
        choices=SenSetting.choices,
        blank=True,
        help_text="SEN2 SENSetting, for a placement with no URN or UKPRN.",
    )
    sen_setting_other = models.CharField(
        max_length=200, blank=True, help_text="SEN2 SENSettingOther: what the placement is."
    )
    rank = models.PositiveSmallIntegerField(default=1, help_text="SEN2 PlacementRank")
    entry_on = models.DateField(help_text="SEN2 EntryDate")
    leaving_on = models.DateField(null=True, blank=True, help_text="SEN2 LeavingDate")
    sen_unit = models.BooleanField(default=False, help_text="SEN2 SENUnitIndicator")
    resourced_provision = models.BooleanField(
        default=False, help_text="SEN2 ResourcedProvisionIndicator"
    )
    residential = models.CharField(
        max_length=1, choices=Residential.choices, blank=True, help_text="SEN2 RES"
    )
    work_based = models.BooleanField(default=False, help_text="SEN2 WBP")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "rank", "entry_on", "id"]

    def __str__(self) -> str:
        return f"{self.display_name} from {self.entry_on} ({self.case.reference})"

    @property
    def display_name(self) -> str:
        if self.setting_id:
            return self.setting.name
        if self.sen_setting:
            return self.get_sen_setting_display()
        return self.sen_setting_other or self.urn or self.ukprn

    @property
    def code_urn(self) -> str:
        return (self.setting.urn if self.setting_id else "") or self.urn

    @property
    def code_ukprn(self) -> str:
        return (self.setting.ukprn if self.setting_id else "") or self.ukprn
