"""The co-production log: how children, young people and families shaped the partnership's
work ("you said, we did")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models import Organisation

from .plans import InclusionPlan


class CoproductionEvent(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", "Workshop or meeting"
        SURVEY = "survey", "Survey"
        FORUM = "forum", "Parent carer forum session"
        YOUTH_VOICE = "youth_voice", "Children and young people's session"
        CONSULTATION = "consultation", "Public consultation"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coproduction_events"
    )
    plan = models.ForeignKey(
        InclusionPlan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coproduction_events",
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    held_on = models.DateField()
    who_took_part = models.TextField()
    participants = models.PositiveIntegerField(null=True, blank=True)
    children_and_young_people = models.BooleanField(default=False)
    parents_and_carers = models.BooleanField(default=False)
    you_said = models.TextField()
    we_did = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%-d %B %Y})"
