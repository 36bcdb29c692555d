"""Reminder sources of the redress app, part of the one deadline sweep
(``send_portal.reminders``, run by ``send_portal.tasks.run_reminder_sweep``).

``redress.compliance_steps``: compliance steps (Tribunal orders, unopposed appeals and mediation
agreements) until each is done. Their schedule is their own, not the council's lead times: due
soon (within ``deadlines.DUE_SOON_WORKING_DAYS`` working days), due today, and overdue, repeated
for each further week overdue. Each person hears about each step once per threshold (the key
``redress:step:<step>:<threshold>:user:<person>``), so running the sweep twice a day, or again
after a failure, sends nothing twice.

``redress.mediation_dates``: while a mediation is open, the council's dates (mediation held
within 30 days of being told; the ICB told within 3 working days when health care is in dispute)
and the mediation adviser's (the certificate), at the council's lead times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from ehcp import deadlines
from send_portal.reminders import Audience, DueItem, register_source, run_sweep

from .models import ComplianceStep, MediationCase
from .services import council_contacts, long_date

COMPLIANCE_SOURCE = "redress.compliance_steps"
MEDIATION_SOURCE = "redress.mediation_dates"


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


@register_source(COMPLIANCE_SOURCE)
def compliance_steps(today: date, until: date):
    """Each outstanding compliance step with its own threshold; the case's caseworker (or the
    council's SEND managers) is reminded."""
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
        yield DueItem(
            key=str(step.pk),
            due=step.due_on,
            label=step.label,
            basis=step.basis,
            subject_name=f"{case.child.full_name} ({case.reference})",
            recipients=tuple(council_contacts(case)),
            local_authority_id=case.local_authority_id,
            link=_link(step),
            what_to_do="Do it by the date below and record it as done on the portal.",
            threshold=reminder.threshold,
            subject=f"{subject} ({case.child.full_name})",
            what_happened=f"{step.source_label} for {case.child.full_name} "
            f"({case.reference}): {step.label}.",
            key_template="redress:step:{key}:{threshold}:user:{recipient}",
        )


@register_source(MEDIATION_SOURCE)
def mediation_dates(today: date, until: date):
    """Dates of open mediations: mediation to be held and the ICB to be told (the council), the
    mediation certificate (the mediation adviser)."""
    open_cases = (
        MediationCase.objects.exclude(status=MediationCase.Status.CERTIFICATE_ISSUED)
        .select_related("case__child", "case__caseworker", "decision", "mediator")
        .order_by()
    )
    for mediation in open_cases.iterator(chunk_size=500):
        case = mediation.case
        name = f"{case.child.full_name} ({case.reference}, {mediation.reference})"
        link = reverse("redress-mediation", args=[case.reference, mediation.pk])
        council_dates = []
        if mediation.held_on is None and mediation.status in (
            MediationCase.Status.ARRANGING,
            MediationCase.Status.ARRANGED,
        ):
            council_dates.append(mediation.held_by)
        if mediation.icb_notified_on is None:
            council_dates.append(mediation.icb_due)
        for deadline in council_dates:
            if deadline is None or deadline.due > until:
                continue
            yield DueItem(
                key=f"redress.mediation:{mediation.pk}:{deadline.key}",
                due=deadline.due,
                label=deadline.label,
                basis=deadline.basis,
                subject_name=name,
                recipients=tuple(council_contacts(case)),
                local_authority_id=case.local_authority_id,
                link=link,
                what_to_do="Record it on the mediation case when it is done.",
            )
        certificate = mediation.certificate_due
        if (
            certificate is not None
            and mediation.certificate_issued_on is None
            and mediation.mediator_id
            and certificate.due <= until
        ):
            yield DueItem(
                key=f"redress.mediation:{mediation.pk}:{certificate.key}",
                due=certificate.due,
                label=certificate.label,
                basis=certificate.basis,
                subject_name=name,
                recipients=(mediation.mediator,),
                local_authority_id=case.local_authority_id,
                link=link,
                what_to_do="Issue the mediation certificate on the portal.",
                audience=Audience.MEDIATOR,
            )


def send_compliance_reminders(today: date) -> int:
    """Run the shared sweep for compliance steps only (the beat schedule runs all sources at
    once); returns how many new notifications were written."""
    return run_sweep(today, digest=False, only=[COMPLIANCE_SOURCE]).reminders
