"""Reminders to the council about compliance steps (Tribunal orders, unopposed appeals and
mediation agreements) until each is done.

Thresholds: due soon (within ``deadlines.DUE_SOON_WORKING_DAYS`` working days), due today, and
overdue, repeated for each further week overdue. Each person hears about each step once per
threshold (``notify``'s dedupe key), so running the task twice a day, or again after a failure,
sends nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from ehcp import deadlines
from send_portal.notifications import notify

from .models import ComplianceStep
from .services._common import council_contacts, long_date


@dataclass(frozen=True)
class Reminder:
    step: ComplianceStep
    threshold: str  # due_soon, due_today, overdue-0, overdue-1, ... (weeks overdue)
    status: str


def due_compliance_reminders(today: date) -> list[Reminder]:
    """Every outstanding step that is due soon, due today or overdue on ``today``."""
    horizon = deadlines.add_working_days(today, deadlines.DUE_SOON_WORKING_DAYS)
    steps = (
        ComplianceStep.objects.filter(completed_on=None, not_required=False, due_on__lte=horizon)
        .select_related(
            "case__child",
            "case__local_authority",
            "case__caseworker",
            "order",
            "appeal",
            "agreement_action",
        )
        .order_by("due_on", "id")
    )
    reminders = []
    for step in steps:
        status = deadlines.overdue_status(due=step.due_on, today=today).value
        threshold = status
        if status == deadlines.DeadlineStatus.OVERDUE:
            threshold = f"overdue-{(today - step.due_on).days // 7}"
        reminders.append(Reminder(step=step, threshold=threshold, status=status))
    return reminders


def _link(step: ComplianceStep) -> str:
    if step.appeal_id:
        return reverse("redress-appeal", args=[step.case.reference, step.appeal_id])
    return reverse(
        "redress-mediation", args=[step.case.reference, step.agreement_action.mediation_id]
    )


def send_compliance_reminders(today: date) -> int:
    """Notify the case's caseworker (or the council's SEND managers); returns how many new
    notifications were written."""
    sent = 0
    for reminder in due_compliance_reminders(today):
        step = reminder.step
        case = step.case
        if reminder.status == deadlines.DeadlineStatus.OVERDUE:
            days = (today - step.due_on).days
            subject = f"Overdue by {days} day{'s' if days != 1 else ''}: {step.label}"
        elif reminder.status == deadlines.DeadlineStatus.DUE_TODAY:
            subject = f"Due today: {step.label}"
        else:
            subject = f"Due {long_date(step.due_on)}: {step.label}"
        for person in council_contacts(case):
            key = f"redress:step:{step.pk}:{reminder.threshold}:user:{person.pk}"
            before = person.notifications.filter(dedupe_key=key).exists()
            notify(
                recipient=person,
                subject=f"{subject} ({case.child.full_name})"[:200],
                what_happened=f"{step.source_label} for {case.child.full_name} "
                f"({case.reference}): {step.label}.",
                what_to_do="Do it by the date below and record it as done on the portal.",
                due_date=step.due_on,
                legal_basis=step.basis,
                link=_link(step),
                dedupe_key=key,
            )
            sent += 0 if before else 1
    return sent
