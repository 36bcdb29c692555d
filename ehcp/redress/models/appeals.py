"""Appeals to the First-tier Tribunal (SEND), its orders, and the council's compliance steps
(SEND Regulations 2014 regs 44 and 45; mediation agreements under reg 42)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ehcp import deadlines

from .choices import (
    NO_CERTIFICATE_MATTERS,
    ORDER_TYPE_CHOICES,
    UNOPPOSED_KIND_CHOICES,
    lower_first,
    matter_labels,
)
from .mediation import MediationAgreementAction, MediationCase


class TribunalAppeal(models.Model):
    """An appeal registered by the Tribunal against one appealable decision of the council."""

    class Outcome(models.TextChoices):
        ALLOWED = "allowed", "Appeal allowed: decided in the family's favour"
        PARTLY_ALLOWED = "partly_allowed", "Appeal partly allowed"
        DISMISSED = "dismissed", "Appeal dismissed: the council's decision stands"
        WITHDRAWN = "withdrawn", "Appeal withdrawn"
        CONCEDED = "conceded", "Council did not oppose the appeal"

    #: Outcomes after which the Tribunal orders the council to act.
    ORDER_OUTCOMES = frozenset({Outcome.ALLOWED, Outcome.PARTLY_ALLOWED})

    case = models.ForeignKey("ehcp.Case", on_delete=models.PROTECT, related_name="tribunal_appeals")
    decision = models.ForeignKey(
        "ehcp.Decision", on_delete=models.PROTECT, related_name="tribunal_appeals"
    )
    mediation = models.ForeignKey(
        MediationCase,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
        help_text="The mediation case whose certificate the appeal relies on.",
    )
    tribunal_reference = models.CharField(max_length=40, blank=True)
    registered_on = models.DateField()
    matters = models.JSONField(default=list)
    without_certificate_permission = models.BooleanField(
        default=False,
        help_text="The Tribunal allowed the appeal to go ahead without a mediation certificate.",
    )
    hearing_on = models.DateField(null=True, blank=True)
    unopposed_kind = models.CharField(max_length=20, choices=UNOPPOSED_KIND_CHOICES, blank=True)
    notified_tribunal_on = models.DateField(
        null=True, blank=True, help_text="The day the council told the Tribunal it will not oppose."
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome_summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["decision"], name="one_appeal_per_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.case.reference})"

    @property
    def reference(self) -> str:
        return self.tribunal_reference or f"APL-{self.pk}"

    @property
    def matter_labels(self) -> list[str]:
        return matter_labels(self.matters)

    @property
    def certificate_needed(self) -> bool:
        return not set(self.matters) <= NO_CERTIFICATE_MATTERS

    @property
    def registered_late(self) -> bool:
        deadline = self.decision.appeal_deadline
        return bool(deadline and self.registered_on > deadline)

    @property
    def is_open(self) -> bool:
        return not self.outcome

    def _steps(self) -> list[ComplianceStep]:
        return list(self.steps.all())

    @property
    def compliance_complete(self) -> bool:
        steps = self._steps()
        return bool(steps) and all(step.is_finished for step in steps)

    @property
    def status_label(self) -> str:
        if self.outcome == self.Outcome.WITHDRAWN:
            return "Withdrawn"
        if self.outcome:
            steps = self._steps()
            if not steps:
                return "Decided"
            return "Council has complied" if self.compliance_complete else "Council must comply"
        if self.hearing_on:
            return "Hearing listed"
        return "Registered"

    @property
    def status_colour(self) -> str:
        return {
            "Withdrawn": "grey",
            "Decided": "green",
            "Council has complied": "green",
            "Council must comply": "orange",
            "Hearing listed": "blue",
            "Registered": "light-blue",
        }[self.status_label]


class TribunalOrder(models.Model):
    """What the Tribunal ordered the council to do; its deadlines are ``ComplianceStep`` rows."""

    appeal = models.ForeignKey(TribunalAppeal, on_delete=models.CASCADE, related_name="orders")
    order_type = models.CharField(max_length=20, choices=ORDER_TYPE_CHOICES)
    made_on = models.DateField()
    detail = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal", "order_type"], name="one_order_of_each_type_per_appeal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_order_type_display()} ({self.made_on:%-d %B %Y})"


class ComplianceStep(models.Model):
    """One thing the council must do by a date: a step of a Tribunal order (reg 44), of an
    unopposed appeal (reg 45) or of a mediation agreement (reg 42). Reminders are sent until it
    is done (``ehcp.redress.reminders``)."""

    class Source(models.TextChoices):
        ORDER = "order", "Tribunal order"
        UNOPPOSED = "unopposed", "Appeal not opposed"
        AGREEMENT = "agreement", "Mediation agreement"

    case = models.ForeignKey("ehcp.Case", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    appeal = models.ForeignKey(
        TribunalAppeal, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.ForeignKey(
        TribunalOrder, null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    agreement_action = models.ForeignKey(
        MediationAgreementAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="steps",
    )
    key = models.CharField(max_length=60)
    label = models.CharField(max_length=300)
    basis = models.TextField()
    starts_on = models.DateField(help_text="The order, notice or agreement the period runs from.")
    due_on = models.DateField(db_index=True)
    completed_on = models.DateField(null=True, blank=True)
    not_required = models.BooleanField(
        default=False, help_text="Not needed because the alternative step was done."
    )
    note = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        source="order",
                        appeal__isnull=False,
                        order__isnull=False,
                        agreement_action__isnull=True,
                    )
                    | models.Q(
                        source="unopposed",
                        appeal__isnull=False,
                        order__isnull=True,
                        agreement_action__isnull=True,
                    )
                    | models.Q(
                        source="agreement",
                        appeal__isnull=True,
                        order__isnull=True,
                        agreement_action__isnull=False,
                    )
                ),
                name="compliance_step_has_one_source",
            ),
        ]
        indexes = [models.Index(fields=["completed_on", "due_on"])]

    def __str__(self) -> str:
        return f"{self.label} by {self.due_on:%-d %B %Y}"

    @property
    def is_finished(self) -> bool:
        return self.completed_on is not None or self.not_required

    def status_on(self, today) -> str:
        """done, done_late, not_required, or the deadline status (overdue, due_today...)."""
        if self.not_required:
            return "not_required"
        if self.completed_on is not None:
            return "done" if self.completed_on <= self.due_on else "done_late"
        return deadlines.overdue_status(due=self.due_on, today=today).value

    @property
    def source_label(self) -> str:
        if self.source == self.Source.ORDER and self.order_id:
            return f"Tribunal order: {lower_first(self.order.get_order_type_display())}"
        if self.source == self.Source.AGREEMENT and self.agreement_action_id:
            return "Mediation agreement"
        return self.get_source_display()
