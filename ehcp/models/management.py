"""The SEND manager's part: the decisions a council reserves to its managers, and the approval
queue of decisions a caseworker has prepared for a manager to approve (shared/domain/ROLES.md:
"approve decisions the council reserves to managers; allocate caseload")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation

from .case import Case, Decision


class ReservedKind(models.TextChoices):
    """The decisions a council can reserve to a SEND manager."""

    ASSESS = "assess", "Whether to carry out an EHC needs assessment"
    ISSUE = "issue", "Whether to issue an EHC plan"
    CEASE = "cease", "Whether to stop (cease to maintain) an EHC plan"


class ReservedDecision(models.Model):
    """One kind of decision this council reserves to its SEND managers: a caseworker prepares
    it and a manager approves it before the letter goes."""

    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reserved_decisions",
        limit_choices_to={"kind": "la"},
    )
    kind = models.CharField(max_length=10, choices=ReservedKind.choices)
    reserved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["local_authority", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "kind"], name="one_reservation_per_council_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.local_authority}: {self.get_kind_display()}"


class DecisionApproval(models.Model):
    """A decision a caseworker has prepared, waiting for a SEND manager: approved (the manager
    makes the decision and the letter goes) or returned to the caseworker with a note."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a manager"
        APPROVED = "approved", "Approved"
        RETURNED = "returned", "Returned to the caseworker"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="approvals")
    kind = models.CharField(max_length=10, choices=ReservedKind.choices)
    #: For a proposal to stop a plan: the cessation (``ehcp.reviews``) it decides.
    cessation_id = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.BooleanField(help_text="Yes: assess, issue or stop the plan.")
    reasons = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    manager_note = models.TextField(blank=True)
    #: The decision made on approval (to assess or to issue; a cessation keeps its own).
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["proposed_at", "id"]
        indexes = [models.Index(fields=["status", "proposed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=models.Q(status="pending"),
                name="one_pending_approval_per_case_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.case.reference}"

    @property
    def outcome_label(self) -> str:
        return {
            (ReservedKind.ASSESS, True): "Carry out an EHC needs assessment",
            (ReservedKind.ASSESS, False): "Do not carry out an EHC needs assessment",
            (ReservedKind.ISSUE, True): "Issue an EHC plan",
            (ReservedKind.ISSUE, False): "Do not issue an EHC plan",
            (ReservedKind.CEASE, True): "Stop (cease to maintain) the EHC plan",
            (ReservedKind.CEASE, False): "Keep the EHC plan",
        }[(ReservedKind(self.kind), bool(self.outcome))]
