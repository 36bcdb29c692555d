"""Advice and information for an EHC needs assessment (SEND Regulations 2014 regs 6-8)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation

from .. import deadlines
from .case import Case


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
    def is_outstanding(self) -> bool:
        return self.status == self.Status.REQUESTED

    @property
    def deadline(self) -> deadlines.Deadline:
        return deadlines.advice_due(requested=self.requested_on)
