"""How far ahead each council wants to be reminded of deadlines."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .organisations import Organisation


def _default_leads() -> list[int]:
    return [10, 3]


class ReminderPolicy(models.Model):
    """Lead times for deadline reminders, per council (a row with no council is the default)."""

    local_authority = models.OneToOneField(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reminder_policy",
        limit_choices_to={"kind": "la"},
    )
    lead_working_days = models.JSONField(
        default=_default_leads,
        help_text="Working days before a deadline to remind, e.g. [10, 3].",
    )
    remind_on_the_day = models.BooleanField(default=True)
    remind_when_overdue = models.BooleanField(default=True)
    daily_digest = models.BooleanField(
        default=False, help_text="Caseworkers and managers also get one summary each morning."
    )

    class Meta:
        verbose_name_plural = "reminder policies"

    def __str__(self) -> str:
        return f"Reminders for {self.local_authority or 'every council'}"

    def clean(self) -> None:
        leads = self.lead_working_days
        if not isinstance(leads, list) or not all(
            isinstance(n, int) and 0 < n <= 60 for n in leads
        ):
            raise ValidationError(
                {"lead_working_days": "Enter whole numbers of working days between 1 and 60"}
            )

    @property
    def max_lead(self) -> int:
        return max(self.lead_working_days or [0])

    @classmethod
    def default(cls) -> ReminderPolicy:
        return cls(lead_working_days=_default_leads())


class ReminderSweepRun(models.Model):
    """One run of the deadline reminder sweep (``send_portal.tasks.run_reminder_sweep``), for
    operations: when it last ran, how much was due and what it sent."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running (or stopped before finishing)"
        DONE = "done", "Finished"
        SKIPPED = "skipped", "Skipped: another sweep was running"

    day = models.DateField(help_text="The day whose deadlines were swept.")
    started_at = models.DateTimeField(auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.RUNNING)
    due_items = models.PositiveIntegerField(default=0)
    reminders_sent = models.PositiveIntegerField(default=0)
    digests_sent = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Reminder sweep for {self.day:%-d %B %Y}: {self.get_outcome_display()}"
