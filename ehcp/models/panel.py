"""Multi-agency panels: meetings, agendas, and recommendations kept apart from decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation

from .case import Case


class PanelMeeting(models.Model):
    local_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="panel_meetings",
        limit_choices_to={"kind": "la"},
    )
    meets_on = models.DateField()
    title = models.CharField(max_length=200, default="EHC multi-agency panel")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="panels", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meets_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}, {self.meets_on:%-d %B %Y}"

    def is_held_by(self, day) -> bool:
        """The meeting has taken place by ``day``: its recommendations can be recorded from its
        date, and no more cases can join its agenda after it."""
        return self.meets_on <= day


class PanelAgendaItem(models.Model):
    """A case on a panel's agenda at one decision point, and the panel's recommendation.

    The recommendation is advice to the council; the council's decision is a separate
    :class:`~ehcp.models.case.Decision` recorded by an officer.
    """

    class DecisionPoint(models.TextChoices):
        REQUEST = "request", "Whether to assess (request)"
        PLANNING = "planning", "Whether to issue a plan (planning)"
        REVIEW = "review", "Review of a plan"

    class Recommendation(models.TextChoices):
        ASSESS = "assess", "Assess"
        NOT_ASSESS = "not_assess", "Do not assess"
        ISSUE = "issue", "Issue a plan"
        NOT_ISSUE = "not_issue", "Do not issue a plan; support through SEN Support"
        MAINTAIN = "maintain", "Keep the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Stop the plan (cease to maintain it)"
        MORE_INFORMATION = "more_information", "More information needed"

    #: The answers open to the panel at each decision point: the question decides the choices
    #: (a panel asked whether to issue a plan cannot recommend an assessment).
    CHOICES_BY_POINT = {
        DecisionPoint.REQUEST: (
            Recommendation.ASSESS,
            Recommendation.NOT_ASSESS,
            Recommendation.MORE_INFORMATION,
        ),
        DecisionPoint.PLANNING: (
            Recommendation.ISSUE,
            Recommendation.NOT_ISSUE,
            Recommendation.MORE_INFORMATION,
        ),
        DecisionPoint.REVIEW: (
            Recommendation.MAINTAIN,
            Recommendation.AMEND,
            Recommendation.CEASE,
            Recommendation.MORE_INFORMATION,
        ),
    }

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="panel_items")
    decision_point = models.CharField(max_length=10, choices=DecisionPoint.choices)
    summary = models.TextField(help_text="The case summary panel members see.")
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    recommendation_reasons = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case", "decision_point"], name="one_agenda_item_per_case_point"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} at {self.meeting}"

    @property
    def recommendation_choices(self) -> list[tuple[str, str]]:
        """(value, label) of the recommendations open at this item's decision point."""
        return [
            (choice.value, choice.label)
            for choice in self.CHOICES_BY_POINT[self.DecisionPoint(self.decision_point)]
        ]
