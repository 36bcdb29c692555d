"""Mediation before an appeal (Children and Families Act 2014 ss52-57; SEND Regulations 2014
Part 2, regs 32-42): the family's contact with the mediation adviser, whether they mediate, the
mediation itself, what was agreed and the mediation certificate.

Mediation is optional for families: only contacting the mediation adviser is needed before most
appeals. Every date shown is computed by ``ehcp.deadlines``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ehcp import deadlines
from send_portal.models import GeneratedDocument, Organisation

from .choices import ORDER_TYPE_CHOICES, Matter, matter_labels


class MediationCase(models.Model):
    """One family's mediation route about one appealable decision."""

    class Status(models.TextChoices):
        ADVISER_CONTACTED = "adviser_contacted", "Adviser contacted: deciding whether to mediate"
        NOT_MEDIATING = "not_mediating", "Not mediating: certificate due"
        ARRANGING = "arranging", "Mediation to be arranged"
        ARRANGED = "arranged", "Mediation arranged"
        IN_MEDIATION = "in_mediation", "Mediation under way"
        NOT_ARRANGED = "not_arranged", "Could not be arranged in time: certificate due"
        CONCLUDED = "concluded", "Mediation ended: certificate due"
        CERTIFICATE_ISSUED = "certificate_issued", "Certificate issued"

    class CertificateKind(models.TextChoices):
        NOT_MEDIATING = "not_mediating", "The family did not want mediation"
        AFTER_MEDIATION = "after_mediation", "Mediation took place"
        NOT_ARRANGED = "not_arranged", "Mediation could not be arranged in time"

    class Outcome(models.TextChoices):
        AGREED = "agreed", "Agreement reached on all the issues"
        PARTLY_AGREED = "partly_agreed", "Agreement reached on some of the issues"
        NOT_AGREED = "not_agreed", "No agreement"
        ENDED_EARLY = "ended_early", "Ended before the issues were discussed"

    #: Statuses in which a mediation certificate is due, with the kind it will be.
    CERTIFICATE_DUE = {
        Status.NOT_MEDIATING: CertificateKind.NOT_MEDIATING,
        Status.NOT_ARRANGED: CertificateKind.NOT_ARRANGED,
        Status.CONCLUDED: CertificateKind.AFTER_MEDIATION,
    }
    AGREEMENT_OUTCOMES = frozenset({Outcome.AGREED, Outcome.PARTLY_AGREED})

    case = models.ForeignKey("ehcp.Case", on_delete=models.PROTECT, related_name="mediation_cases")
    decision = models.ForeignKey(
        "ehcp.Decision", on_delete=models.PROTECT, related_name="mediation_cases"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.ADVISER_CONTACTED, db_index=True
    )
    adviser_contacted_on = models.DateField(
        help_text="The day the parent or young person contacted the mediation adviser."
    )
    wishes_to_mediate = models.BooleanField(null=True, blank=True)
    choice_made_on = models.DateField(
        null=True, blank=True, help_text="The day the family said whether they want mediation."
    )
    la_told_on = models.DateField(
        null=True, blank=True, help_text="The day the council was told the family wants mediation."
    )
    issues = models.JSONField(default=list, blank=True)
    health_in_dispute = models.BooleanField(default=False)
    icb = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "icb"},
    )
    icb_notified_on = models.DateField(null=True, blank=True)
    mediation_service = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "mediation"},
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mediation_cases",
        help_text="The mediation adviser or mediator for this family.",
    )
    arranged_for = models.DateField(null=True, blank=True)
    la_cannot_arrange_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the council told the adviser it could not arrange mediation in time.",
    )
    cannot_arrange_reason = models.TextField(blank=True)
    held_on = models.DateField(null=True, blank=True, help_text="The first mediation meeting.")
    concluded_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_summary = models.TextField(blank=True)
    certificate_issued_on = models.DateField(null=True, blank=True)
    certificate_kind = models.CharField(max_length=20, choices=CertificateKind.choices, blank=True)
    certificate = models.ForeignKey(
        GeneratedDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-adviser_contacted_on", "-id"]
        constraints = [
            # The family contacts the mediation adviser once about each decision.
            models.UniqueConstraint(fields=["decision"], name="one_mediation_case_per_decision"),
        ]
        indexes = [models.Index(fields=["mediator", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} ({self.case.reference})"

    @property
    def reference(self) -> str:
        return f"MED-{self.pk}"

    @property
    def issue_labels(self) -> list[str]:
        return matter_labels(self.issues)

    @property
    def health_only(self) -> bool:
        """Only health care is in dispute: the ICB arranges the mediation (statutory.md A.9)."""
        return bool(self.issues) and set(self.issues) == {Matter.HEALTH}

    @property
    def contact_by(self) -> deadlines.Deadline:
        return deadlines.mediation_adviser_contact_by(decision_sent=self.decision.notice_sent_on)

    @property
    def held_by(self) -> deadlines.Deadline | None:
        """When the family wants mediation: it must take place within 30 days of the council being
        told (of the ICB being told, when only health care is in dispute)."""
        if not self.wishes_to_mediate:
            return None
        start = self.icb_notified_on if self.health_only else self.la_told_on
        if start is None:
            return None
        return deadlines.mediation_held_by(told_on=start)

    @property
    def icb_due(self) -> deadlines.Deadline | None:
        if not (self.wishes_to_mediate and self.health_in_dispute and self.la_told_on):
            return None
        return deadlines.icb_notified_by(told_on=self.la_told_on)

    @property
    def certificate_due(self) -> deadlines.Deadline | None:
        """The mediation certificate's date for the route the family is on (None before it runs)."""
        kind = self.certificate_kind or self.CERTIFICATE_DUE.get(self.status)
        if kind == self.CertificateKind.NOT_MEDIATING and self.choice_made_on:
            return deadlines.mediation_certificate_due(told_on=self.choice_made_on)
        if kind == self.CertificateKind.NOT_ARRANGED and self.la_cannot_arrange_on:
            return deadlines.mediation_certificate_not_arranged(
                adviser_told_on=self.la_cannot_arrange_on
            )
        if kind == self.CertificateKind.AFTER_MEDIATION and self.concluded_on:
            return deadlines.mediation_certificate_after_mediation(concluded_on=self.concluded_on)
        return None

    @property
    def certificate_is_late(self) -> bool:
        due = self.certificate_due
        return bool(due and self.certificate_issued_on and self.certificate_issued_on > due.due)

    @property
    def reached_agreement(self) -> bool:
        return self.outcome in self.AGREEMENT_OUTCOMES

    @property
    def council_took_part(self) -> bool:
        """Whether anyone from the council took part (DfE monitors local participation)."""
        return any(p.kind == MediationParticipant.Kind.COUNCIL for p in self.participants.all())

    @property
    def status_colour(self) -> str:
        return {
            self.Status.ADVISER_CONTACTED: "grey",
            self.Status.NOT_MEDIATING: "yellow",
            self.Status.ARRANGING: "light-blue",
            self.Status.ARRANGED: "blue",
            self.Status.IN_MEDIATION: "blue",
            self.Status.NOT_ARRANGED: "orange",
            self.Status.CONCLUDED: "yellow",
            self.Status.CERTIFICATE_ISSUED: "green",
        }[self.status]


class MediationSession(models.Model):
    """A mediation meeting. What is said in mediation is confidential: only practical notes."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIDEO = "video", "Video call"
        TELEPHONE = "telephone", "Telephone"

    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    format = models.CharField(max_length=12, choices=Format.choices)
    duration_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} meeting on {self.held_on:%-d %B %Y}"


class MediationParticipant(models.Model):
    """Someone who took part: the family, the council (with authority to resolve the issues),
    health, social care, the school or college, and supporters such as SENDIASS."""

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        YOUNG_PERSON = "young_person", "Child or young person"
        COUNCIL = "council", "Council (education)"
        HEALTH = "health", "Health (integrated care board)"
        SOCIAL_CARE = "social_care", "Social care"
        SETTING = "setting", "School or college"
        SUPPORTER = "supporter", "Supporter or adviser (for example SENDIASS)"
        OTHER = "other", "Other"

    #: Participants who must be able to resolve the issues for their body (statutory.md A.9).
    DECISION_MAKERS = frozenset({Kind.COUNCIL, Kind.HEALTH, Kind.SOCIAL_CARE})

    mediation = models.ForeignKey(
        MediationCase, on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    has_authority = models.BooleanField(
        default=False, help_text="Had authority to resolve the issues for their organisation."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def lacked_authority(self) -> bool:
        return self.kind in self.DECISION_MAKERS and not self.has_authority


class MediationAgreementAction(models.Model):
    """Something agreed at mediation, with its deadlines (SEND Regulations 2014 reg 42): the
    Tribunal-order periods when it is something the Tribunal could have ordered, otherwise 2
    weeks. Each deadline is a ``ComplianceStep``."""

    class Responsible(models.TextChoices):
        COUNCIL = "council", "The council"
        ICB = "icb", "The integrated care board"

    mediation = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    responsible = models.CharField(
        max_length=10, choices=Responsible.choices, default=Responsible.COUNCIL
    )
    order_type = models.CharField(
        max_length=20,
        choices=ORDER_TYPE_CHOICES,
        blank=True,
        help_text="Blank when the Tribunal could not have ordered it (2 weeks).",
    )
    agreed_on = models.DateField()
    due_on = models.DateField(help_text="The last of its deadlines.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "id"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_appealable_matter(self) -> bool:
        return bool(self.order_type)
