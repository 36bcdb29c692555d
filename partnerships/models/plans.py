"""Local inclusion plans (LIPs): a plan, its versions, their sections and commitments, comments
and the timeline of each version.

A version is edited only while it is a draft. From the moment it goes to the board it is frozen:
the board approves exactly what it read, the Regions Group decides on exactly what the board
approved, and families read exactly what was signed off. The services refuse changes to a
version that is not a draft, and database triggers (migration 0002) refuse them too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import GeneratedDocument, Organisation


class InclusionPlan(models.Model):
    """A partnership's local inclusion plan for a period, e.g. "2025 to 2028"."""

    partnership = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="inclusion_plans"
    )
    title = models.CharField(max_length=200)
    period_start = models.PositiveSmallIntegerField()
    period_end = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="plan_period_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_BOARD = "awaiting_board", "Awaiting board approval"
        BOARD_APPROVED = "board_approved", "Approved by the board"
        SUBMITTED = "submitted", "Submitted to the DfE Regions Group"
        AGREED = "agreed", "Agreed by the DfE Regions Group"
        SIGNED_OFF = "signed_off", "Signed off by the DfE Regions Group"
        RETURNED = "returned", "Returned with required changes"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a newer version"

    #: A plan has at most one version in these statuses at a time.
    OPEN = frozenset(
        {
            Status.DRAFT,
            Status.AWAITING_BOARD,
            Status.BOARD_APPROVED,
            Status.SUBMITTED,
            Status.AGREED,
            Status.SIGNED_OFF,
        }
    )
    #: Statuses in which the DfE Regions Group sees the version.
    SEEN_BY_REGIONS_GROUP = frozenset(
        {
            Status.SUBMITTED,
            Status.AGREED,
            Status.SIGNED_OFF,
            Status.RETURNED,
            Status.PUBLISHED,
            Status.SUPERSEDED,
        }
    )

    plan = models.ForeignKey(InclusionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    board_round = models.PositiveSmallIntegerField(
        default=0, help_text="How many times the version has been sent to the board."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(
        GeneratedDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The PDF of this version: made on submission, and again on publication.",
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number"),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(
                    status__in=[
                        "draft",
                        "awaiting_board",
                        "board_approved",
                        "submitted",
                        "agreed",
                        "signed_off",
                    ]
                ),
                name="one_open_version_per_plan",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=models.Q(status="published"),
                name="one_published_version_per_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title}, version {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def status_tag_class(self) -> str:
        return PLAN_STATUS_TAG_CLASSES[self.status]


PLAN_STATUS_TAG_CLASSES = {
    PlanVersion.Status.DRAFT: "govuk-tag--grey",
    PlanVersion.Status.AWAITING_BOARD: "govuk-tag--yellow",
    PlanVersion.Status.BOARD_APPROVED: "govuk-tag--turquoise",
    PlanVersion.Status.SUBMITTED: "govuk-tag--blue",
    PlanVersion.Status.AGREED: "govuk-tag--light-blue",
    PlanVersion.Status.SIGNED_OFF: "govuk-tag--purple",
    PlanVersion.Status.RETURNED: "govuk-tag--red",
    PlanVersion.Status.PUBLISHED: "govuk-tag--green",
    PlanVersion.Status.SUPERSEDED: "govuk-tag--grey",
}


class PlanSection(models.Model):
    class Kind(models.TextChoices):
        NEEDS_ASSESSMENT = "needs_assessment", "Joint needs assessment"
        PROVISION = "provision", "Provision and services to commission"
        SEN_SUPPORT = "sen_support", "Graduated SEN Support offer"
        LOCAL_OFFER = "local_offer", "Local Offer"
        SUFFICIENCY = "sufficiency", "Specialist and alternative provision sufficiency"
        WORKFORCE = "workforce", "Workforce"
        COPRODUCTION = "coproduction", "Co-production evidence"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    body = models.TextField(blank=True)
    links = models.JSONField(
        default=list, blank=True, help_text='Web links: a list of {"title": ..., "url": ...}.'
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="one_section_of_each_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.version})"

    @property
    def order(self) -> int:
        return list(self.Kind).index(self.kind)

    @property
    def guidance(self) -> str:
        return SECTION_GUIDANCE[self.kind]


#: What each section should contain (SEND and AP Improvement Plan, chapter 2 paragraphs 30 to 33,
#: 68; chapter 4 paragraph 45).
SECTION_GUIDANCE = {
    PlanSection.Kind.NEEDS_ASSESSMENT: "The evidence of local needs now and in future: "
    "prevalence of need, places, the inclusion dashboard and school capacity forecasts.",
    PlanSection.Kind.PROVISION: "The provision and services the partnership will commission in "
    "line with the National Standards. Map each commitment to a standard below.",
    PlanSection.Kind.SEN_SUPPORT: "What every setting in the area offers at SEN Support, and how "
    "families can find it.",
    PlanSection.Kind.LOCAL_OFFER: "How the plan informs the statutory Local Offer, with links to "
    "it.",
    PlanSection.Kind.SUFFICIENCY: "Specialist and alternative provision places the area will "
    "need, and how it will make sure there are enough close to home.",
    PlanSection.Kind.WORKFORCE: "How the area will make sure it has the education workforce to "
    "deliver these services.",
    PlanSection.Kind.COPRODUCTION: "How children, young people and families shaped the plan. "
    "Engagement events are listed from the co-production log.",
}


class Commitment(models.Model):
    """Provision or a service the plan commits to commission, mapped to a National Standard in a
    specific, published version of the catalogue."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="commitments")
    standard_version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.PROTECT, related_name="plan_commitments"
    )
    description = models.TextField()
    commissioner = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["standard_version__standard__code", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.standard_version.standard.code}: {self.description[:60]}"


class PlanComment(models.Model):
    """A comment by a partnership member on a version, on the whole plan or one section."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=20, choices=PlanSection.Kind.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.version}"


class PlanEvent(models.Model):
    """One entry in a version's timeline: the approval history shown to everyone who can see the
    version, with who acted, when, and what they said."""

    class Kind(models.TextChoices):
        STARTED = "started", "Version started"
        SENT_TO_BOARD = "sent_to_board", "Sent to the board for approval"
        BOARD_APPROVED = "board_approved", "Approved by a board approver"
        BOARD_REJECTED = "board_rejected", "Not approved by a board approver"
        QUORUM_REACHED = "quorum_reached", "Approved by the board"
        SUBMITTED = "submitted", "Submitted to the DfE Regions Group"
        AGREED = "agreed", "Agreed by the DfE Regions Group"
        RETURNED = "returned", "Returned with required changes"
        SIGNED_OFF = "signed_off", "Quality assured and signed off by the DfE Regions Group"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a newer version"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.get_kind_display()}"

    @classmethod
    def record(cls, version: PlanVersion, *, kind: str, actor=None, note: str = "") -> PlanEvent:
        return cls.objects.create(version=version, kind=kind, actor=actor, note=note)
