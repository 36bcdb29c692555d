"""Concerns and complaints: who is responsible for resolving each, the escalation stages through to
the ombudsmen, outcomes and the time taken.

Response periods are the council's complaints policy (``ehcp.redress.policy``), not law.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation


class Stage(models.TextChoices):
    SETTING = "setting", "School or college complaints procedure"
    LA_STAGE_1 = "la_stage_1", "Council: stage 1"
    LA_STAGE_2 = "la_stage_2", "Council: stage 2"
    ICB = "icb", "NHS integrated care board"
    LGSCO = "lgsco", "Local Government and Social Care Ombudsman"
    PHSO = "phso", "Parliamentary and Health Service Ombudsman"


class Complaint(models.Model):
    class Responsible(models.TextChoices):
        SETTING = "setting", "The school or college"
        COUNCIL = "council", "The council"
        ICB = "icb", "The NHS integrated care board"

    class Category(models.TextChoices):
        DELAY = "delay", "Delay or a missed deadline"
        COMMUNICATION = "communication", "Communication"
        PROVISION = "provision", "Provision in the plan not delivered"
        PROCESS = "process", "How the assessment or decision was handled"
        SETTING_SUPPORT = "setting_support", "Support at school or college"
        HEALTH = "health", "Health services"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"
        RESOLVED = "resolved", "Resolved informally"
        WITHDRAWN = "withdrawn", "Withdrawn"

    #: Where a complaint starts, by who is responsible for resolving it.
    FIRST_STAGE = {
        Responsible.SETTING: Stage.SETTING,
        Responsible.COUNCIL: Stage.LA_STAGE_1,
        Responsible.ICB: Stage.ICB,
    }
    #: Where it can go next if the family is still unhappy.
    ESCALATIONS = {
        Stage.SETTING: (Stage.LA_STAGE_1,),
        Stage.LA_STAGE_1: (Stage.LA_STAGE_2, Stage.LGSCO),
        Stage.LA_STAGE_2: (Stage.LGSCO,),
        Stage.ICB: (Stage.PHSO, Stage.LGSCO),
        Stage.LGSCO: (),
        Stage.PHSO: (),
    }

    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="send_complaints",
        limit_choices_to={"kind": "la"},
    )
    case = models.ForeignKey(
        "ehcp.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )
    complainant_name = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    summary = models.TextField()
    responsible = models.CharField(max_length=10, choices=Responsible.choices)
    responsible_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_on = models.DateField()
    stage = models.CharField(max_length=12, choices=Stage.choices, db_index=True)
    sendiass_involved = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["local_authority", "received_on"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.get_category_display()}"

    @property
    def reference(self) -> str:
        return f"CMP-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def days_taken(self) -> int | None:
        """Calendar days from receipt to closing."""
        if self.closed_on is None:
            return None
        return (self.closed_on - self.received_on).days

    @property
    def current_stage(self) -> ComplaintStage | None:
        stages = list(self.stages.all())
        return stages[-1] if stages else None

    @property
    def next_stages(self) -> tuple[str, ...]:
        return self.ESCALATIONS[self.stage] if self.is_open else ()


class ComplaintStage(models.Model):
    """One stage of a complaint: when it started, when the response is due under the council's
    policy, and the response."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(max_length=12, choices=Stage.choices)
    started_on = models.DateField()
    response_due_on = models.DateField(null=True, blank=True)
    response_due_basis = models.CharField(max_length=300, blank=True)
    responded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Complaint.Outcome.choices, blank=True)
    response_summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "stage"], name="each_stage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} from {self.started_on:%-d %B %Y}"

    def status_on(self, today) -> str:
        """responded, responded_late, overdue, due_today, due_soon, on_track, or no_deadline."""
        from ehcp import deadlines

        if self.responded_on is not None:
            late = self.response_due_on and self.responded_on > self.response_due_on
            return "responded_late" if late else "responded"
        if self.response_due_on is None:
            return "no_deadline"
        return deadlines.overdue_status(due=self.response_due_on, today=today).value
