"""The dates of a mediation or an appeal, each from ``ehcp.deadlines`` with its legal basis, and
what happened against it (shown with ``templates/ehcp/includes_deadlines.html``)."""

from __future__ import annotations

from datetime import date

from ehcp import deadlines
from ehcp.models import Decision
from ehcp.timeline import DeadlineRow

from .models import ComplianceStep, MediationCase


def _row(deadline: deadlines.Deadline, met_on: date | None, today: date, *, applies=True):
    if not applies:
        return DeadlineRow(deadline, None, "not_applicable")
    if met_on is not None:
        return DeadlineRow(deadline, met_on, "met" if met_on <= deadline.due else "met_late")
    return DeadlineRow(
        deadline, None, deadlines.overdue_status(due=deadline.due, today=today).value
    )


def _family_row(deadline: deadlines.Deadline, met_on: date | None, today: date) -> DeadlineRow:
    """A date that is the family's own choice: once passed it no longer applies (never
    'overdue')."""
    if met_on is None and today > deadline.due:
        return DeadlineRow(deadline, None, "not_applicable")
    return _row(deadline, met_on, today)


def appeal_deadline_for(decision: Decision, mediation: MediationCase | None = None):
    """The family's appeal deadline: 2 months after the notice, or 1 month after the
    certificate if later (with the August and Christmas rules)."""
    issued = mediation.certificate_issued_on if mediation is not None else None
    return deadlines.appeal_deadline(
        decision_sent=decision.notice_sent_on, certificate_issued=issued
    )


def decision_rows(
    decision: Decision,
    *,
    today: date,
    mediation: MediationCase | None = None,
    appealed_on: date | None = None,
) -> list[DeadlineRow]:
    """The family's own dates from one decision notice."""
    contact_by = deadlines.mediation_adviser_contact_by(decision_sent=decision.notice_sent_on)
    rows = [
        _family_row(contact_by, mediation.adviser_contacted_on if mediation else None, today),
        _family_row(appeal_deadline_for(decision, mediation), appealed_on, today),
    ]
    return rows


def mediation_rows(mediation: MediationCase, *, today: date) -> list[DeadlineRow]:
    """Every date of a mediation case, in date order. The dates counted from the decision letter
    are left out when its date is not recorded (a decision imported without it)."""
    sent = mediation.decision.notice_sent_on is not None
    rows = [_row(mediation.contact_by, mediation.adviser_contacted_on, today)] if sent else []
    if mediation.wishes_to_mediate:
        icb_due = mediation.icb_due
        if icb_due is not None:
            rows.append(_row(icb_due, mediation.icb_notified_on, today))
        held_by = mediation.held_by
        if held_by is not None:
            rows.append(
                _row(
                    held_by,
                    mediation.held_on,
                    today,
                    applies=mediation.la_cannot_arrange_on is None,
                )
            )
    certificate = mediation.certificate_due
    if certificate is not None:
        rows.append(_row(certificate, mediation.certificate_issued_on, today))
    if sent:
        appeal = appeal_deadline_for(mediation.decision, mediation)
        rows.append(
            DeadlineRow(appeal, None, "on_track" if today <= appeal.due else "not_applicable")
        )
    rows.sort(key=lambda r: r.deadline.due)
    return rows


def step_rows(steps: list[ComplianceStep], *, today: date) -> list[dict]:
    """Compliance steps with their status for a table."""
    return [{"step": step, "status": step.status_on(today)} for step in steps]
