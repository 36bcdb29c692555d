"""Advice and information for an EHC needs assessment (SEND Regulations 2014 regs 6-8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation

from .. import deadlines
from .case import Case
from .codes import AreaOfNeed


class AdviceRequest(models.Model):
    """A request to one adviser for advice (reg 6(1)), due within 6 weeks (reg 8(1))."""

    class AdviceType(models.TextChoices):
        PARENT = "parent", "Advice and information from the parent or young person (reg 6(1)(a))"
        EDUCATIONAL = "educational", "Educational advice (reg 6(1)(b))"
        HEALTH = "health", "Medical advice and information (reg 6(1)(c))"
        EDUCATIONAL_PSYCHOLOGIST = "ep", "Psychological advice (reg 6(1)(d))"
        SOCIAL_CARE = "social_care", "Social care advice (reg 6(1)(e))"
        PREPARATION_FOR_ADULTHOOD = "pfa", "Preparing for adulthood advice (reg 6(1)(f))"
        SENSORY = "sensory", "Advice from a qualified teacher of the deaf or blind (reg 6(1)(g))"
        OTHER = "other", "Other advice the council considers appropriate (reg 6(1)(h))"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RECEIVED = "received", "Received"
        REUSED = "reused", "Existing advice used (reg 6(4))"
        CANCELLED = "cancelled", "Cancelled"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="advice_requests")
    advice_type = models.CharField(max_length=20, choices=AdviceType.choices)
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_requests",
    )
    adviser_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    adviser_name = models.CharField(max_length=200, blank=True)
    requested_on = models.DateField()
    due_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    # reg 6(4): existing advice may be used only if the council, the adviser and the parent or
    # young person all agree it is sufficient.
    reused_from = models.CharField(max_length=300, blank=True)
    reuse_agreed_by_council = models.BooleanField(default=False)
    reuse_agreed_by_adviser = models.BooleanField(default=False)
    reuse_agreed_by_family = models.BooleanField(default=False)
    # The receipt of advice sent through the portal: when, by whom, and a fingerprint
    # (SHA-256) of exactly what was sent, so adviser and council can show they hold the same.
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt_digest = models.CharField(max_length=64, blank=True)
    exception_reason = models.CharField(
        max_length=8,
        blank=True,
        choices=[(r.value, r.description) for r in deadlines.exceptions_for("advice_due")],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["adviser", "status", "due_on"])]

    def __str__(self) -> str:
        return f"{self.get_advice_type_display()} for {self.case.reference}"

    @property
    def adviser_display(self) -> str:
        if self.adviser_id:
            return str(self.adviser)
        if self.adviser_name:
            return self.adviser_name
        return str(self.adviser_organisation or "Not yet chosen")

    @property
    def receipt_number(self) -> str:
        """``ADV-000123-1A2B3C4D``: the request and the start of the fingerprint."""
        return f"ADV-{self.pk:06d}-{self.receipt_digest[:8].upper()}" if self.receipt_digest else ""

    @property
    def is_outstanding(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def deadline(self) -> deadlines.Deadline:
        return deadlines.advice_due(requested=self.requested_on)

    @property
    def is_in(self) -> bool:
        """Received, or existing advice used: it belongs in section K."""
        return self.status in (self.Status.RECEIVED, self.Status.REUSED)

    @property
    def days_late(self) -> int:
        """How many days after the due date the advice arrived (0 if on time)."""
        if self.status != self.Status.RECEIVED or self.received_on is None:
            return 0
        return max((self.received_on - self.due_on).days, 0)


class AdviceItem(models.Model):
    """One structured item of advice: a need, an outcome, or a recommended provision with its
    quantities. The caseworker can pull it into the draft plan (sections B, E or F)."""

    class Kind(models.TextChoices):
        NEED = "need", "Need"
        OUTCOME = "outcome", "Outcome"
        PROVISION = "provision", "Provision"

    advice = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="items")

    class NeedSection(models.TextChoices):
        """Where a need goes in the plan: only special educational needs (section B) have one of
        the four broad areas; a health or social care need does not."""

        SPECIAL_EDUCATIONAL = "B", "A special educational need (section B)"
        HEALTH = "C", "A health need (section C)"
        SOCIAL_CARE = "D", "A social care need (section D)"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    section = models.CharField(
        "Kind of need", max_length=1, choices=NeedSection.choices, blank=True
    )
    area = models.CharField("Area of need", max_length=20, choices=AreaOfNeed.choices, blank=True)
    description = models.TextField()
    evidence = models.TextField("Evidence", blank=True)
    by_when = models.CharField("By when", max_length=200, blank=True)
    delivered_by = models.CharField("Who should deliver it", max_length=200, blank=True)
    expertise = models.CharField("Their qualifications or expertise", max_length=200, blank=True)
    group_size = models.CharField("Group size or staff ratio", max_length=100, blank=True)
    frequency = models.CharField("How often", max_length=100, blank=True)
    duration = models.CharField("How long each time", max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["advice", "kind", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @property
    def need_section(self) -> str:
        """The section of the plan a need belongs in (B when not said: older advice)."""
        return self.section or self.NeedSection.SPECIAL_EDUCATIONAL
