"""Decisions on a local inclusion plan version: the board's approvals, and the DfE Regions
Group's decisions (agree; return with required changes; quality assure and sign off as being in
accordance with the National Standards, against a named published version, standard by
standard)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import GeneratedDocument, Organisation

from .plans import PlanVersion


class BoardDecision(models.Model):
    class Decision(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Not approved"

    version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="board_decisions"
    )
    round = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    comment = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "round", "approver"], name="one_board_decision_per_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approver}: {self.get_decision_display()} ({self.version})"


class RegionsGroupDecision(models.Model):
    class Kind(models.TextChoices):
        AGREE = "agree", "Agreed"
        RETURN = "return", "Returned with required changes"
        SIGN_OFF = "sign_off", "Quality assured and signed off"

    version = models.ForeignKey(
        PlanVersion, on_delete=models.PROTECT, related_name="regions_decisions"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    regions_group = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    reasons = models.TextField(help_text="Reasons for the decision, or the changes required.")
    standards_version = models.ForeignKey(
        "standards.CatalogueVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_sign_offs",
        help_text="The published National Standards version the plan was checked against.",
    )
    document = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="sign_off") | models.Q(standards_version__isnull=False),
                name="sign_off_names_a_standards_version",
            ),
            models.UniqueConstraint(
                fields=["version"],
                condition=models.Q(kind="sign_off"),
                name="one_sign_off_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.version}"


class SignOffCheck(models.Model):
    """The Regions Group's check of the plan against one standard, with its reason."""

    class Outcome(models.TextChoices):
        IN_ACCORDANCE = "in_accordance", "In accordance"
        NOT_APPLICABLE = "not_applicable", "Not relevant to this plan"
        NOT_IN_ACCORDANCE = "not_in_accordance", "Not in accordance"

    decision = models.ForeignKey(
        RegionsGroupDecision, on_delete=models.CASCADE, related_name="checks"
    )
    standard_version = models.ForeignKey(
        "standards.StandardVersion", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["standard_version__standard__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "standard_version"], name="one_check_per_standard"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_version.standard.code}: {self.get_outcome_display()}"
