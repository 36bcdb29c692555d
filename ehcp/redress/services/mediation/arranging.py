"""The council arranges mediation: the mediator, the date (within 30 days), the integrated care
board when health care is in dispute, and when it cannot be arranged in time."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp.deadlines.wording import rule_period_words
from ehcp.errors import DomainError, InvalidTransition
from send_portal import permissions
from send_portal.models import Organisation, User

from ...models import MediationCase
from .._common import event, long_date, not_before, not_in_future, tell_family, tell_person, today
from ._steps import Status, _expect, _link, _lock, _mediator_check


def assign_mediator(
    *,
    actor: User,
    mediation_id: int,
    mediator: User | None,
    mediation_service: Organisation | None = None,
) -> MediationCase:
    """Name the mediation adviser or mediator for the family (they then see this case only)."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.manage", mediation)
        if mediation.status == Status.CERTIFICATE_ISSUED:
            raise InvalidTransition("The certificate has been issued: the mediation is finished.")
        _mediator_check(mediator, mediation_service)
        if mediation.mediator_id == mediator.pk:
            raise InvalidTransition(f"{mediator.display_name} is already the mediator.")
        mediation.mediator = mediator
        mediation.mediation_service = mediation_service
        mediation.save(update_fields=["mediator", "mediation_service", "updated_at"])
        on = today()
        event(
            mediation.case,
            "mediator_assigned",
            on=on,
            actor=actor,
            obj=mediation,
            title="Mediator named",
            detail=f"{mediator.display_name}"
            + (f", {mediation_service.name}" if mediation_service else "")
            + ".",
        )
        tell_person(
            mediator,
            case=mediation.case,
            key=f"mediation:{mediation.pk}:assigned:{mediator.pk}",
            subject=f"New mediation case: {mediation.case.child.full_name}",
            what_happened=f"{mediation.case.local_authority.name} named you as the mediator "
            f"for {mediation.case.child.full_name} ({mediation.reference}).",
            what_to_do="Open the case to see what the family wants to discuss and what is due.",
            link=_link(mediation),
        )
    return mediation


def arrange_mediation(
    *,
    actor: User,
    mediation_id: int,
    arranged_for: date,
    mediator: User | None,
    mediation_service: Organisation | None = None,
) -> MediationCase:
    """The council arranges the mediation, which must take place within 30 days of it being told
    the family wants it. The council cannot refuse mediation."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.manage", mediation)
        _expect(mediation, Status.ARRANGING, Status.ARRANGED, action="arrange the mediation")
        _mediator_check(mediator, mediation_service)
        held_by = mediation.held_by
        if held_by is None:
            raise InvalidTransition(
                "Record when the council told the integrated care board about the health care "
                "issues first: when only health care is in dispute, the "
                f"{rule_period_words('mediation_held_by')} "
                "run from then."
            )
        not_before(
            arranged_for,
            mediation.la_told_on,
            "The mediation date",
            "the day the council was told the family wants mediation",
            "arranged_for",
        )
        if arranged_for > held_by.due:
            raise DomainError(
                f"Mediation must take place by {long_date(held_by.due)} ({held_by.basis}). If it "
                "cannot, record that the council cannot arrange it in time: the adviser then "
                "issues a certificate.",
                field="arranged_for",
            )
        rearranged = mediation.status == Status.ARRANGED
        mediation.arranged_for = arranged_for
        mediation.mediator = mediator
        mediation.mediation_service = mediation_service
        mediation.status = Status.ARRANGED
        mediation.save()
        on = today()
        where = f" with {mediator.display_name}" + (
            f" ({mediation_service.name})" if mediation_service else ""
        )
        event(
            mediation.case,
            "arranged",
            on=on,
            actor=actor,
            obj=mediation,
            title="Mediation re-arranged" if rearranged else "Mediation arranged",
            detail=f"For {long_date(arranged_for)}{where}. It must take place by "
            f"{long_date(held_by.due)}.",
            basis=held_by.basis,
        )
        tell_family(
            mediation.case,
            on=on,
            key=f"mediation:{mediation.pk}:arranged:{arranged_for.isoformat()}",
            subject=f"Mediation arranged for {long_date(arranged_for)}",
            what_happened=f"The council has arranged your mediation for "
            f"{long_date(arranged_for)}{where}.",
            what_to_do="You can bring someone to support you, for example from SENDIASS. Tell "
            "the mediator if you need any adjustments.",
        )
        tell_person(
            mediator,
            case=mediation.case,
            key=f"mediation:{mediation.pk}:arranged:{arranged_for.isoformat()}",
            subject=f"Mediation for {mediation.case.child.full_name} on {long_date(arranged_for)}",
            what_happened=f"{mediation.case.local_authority.name} arranged the mediation for "
            f"{long_date(arranged_for)}.",
            what_to_do="Record the meeting, who took part and the outcome. The certificate is "
            "due soon after the mediation ends: the portal shows the date.",
            link=_link(mediation),
        )
    return mediation


def record_icb_notified(
    *, actor: User, mediation_id: int, icb: Organisation | None, notified_on: date
) -> MediationCase:
    """The council told the integrated care board about the health care issues (3 working
    days of being told the family wants mediation)."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.manage", mediation)
        if not (mediation.wishes_to_mediate and mediation.health_in_dispute):
            raise InvalidTransition("Health care is not part of this mediation.")
        if mediation.icb_notified_on is not None:
            raise InvalidTransition("The integrated care board has already been told.")
        if icb is None or icb.kind != Organisation.Kind.ICB:
            raise DomainError("Choose the integrated care board", field="icb")
        not_in_future(notified_on, "The date the board was told", "notified_on")
        not_before(
            notified_on,
            mediation.la_told_on,
            "The date the board was told",
            "the day the council was told the family wants mediation",
            "notified_on",
        )
        due = mediation.icb_due
        mediation.icb = icb
        mediation.icb_notified_on = notified_on
        mediation.save(update_fields=["icb", "icb_notified_on", "updated_at"])
        late = notified_on > due.due
        event(
            mediation.case,
            "icb_notified",
            on=notified_on,
            actor=actor,
            obj=mediation,
            title="Integrated care board told about the health care issues",
            detail=f"{icb.name} was told on {long_date(notified_on)}"
            + (f", after the time limit ({long_date(due.due)})." if late else ", in time."),
            basis=due.basis,
        )
    return mediation


def record_cannot_arrange(
    *, actor: User, mediation_id: int, told_adviser_on: date, reason: str
) -> MediationCase:
    """The council told the adviser it cannot arrange mediation in time: the adviser issues a
    certificate within 3 working days."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.manage", mediation)
        _expect(
            mediation,
            Status.ARRANGING,
            Status.ARRANGED,
            action="record that mediation cannot be arranged",
        )
        if not reason.strip():
            raise DomainError("Enter why mediation cannot be arranged in time", field="reason")
        not_in_future(told_adviser_on, "The date the adviser was told", "told_adviser_on")
        not_before(
            told_adviser_on,
            mediation.la_told_on,
            "The date the adviser was told",
            "the day the council was told the family wants mediation",
            "told_adviser_on",
        )
        mediation.status = Status.NOT_ARRANGED
        mediation.la_cannot_arrange_on = told_adviser_on
        mediation.cannot_arrange_reason = reason.strip()
        mediation.save()
        due = mediation.certificate_due
        event(
            mediation.case,
            "not_arranged",
            on=told_adviser_on,
            actor=actor,
            obj=mediation,
            title="Mediation could not be arranged in time",
            detail=f"Reason: {reason.strip()}. The adviser must issue the certificate by "
            f"{long_date(due.due)}.",
            basis=due.basis,
        )
        tell_family(
            mediation.case,
            on=told_adviser_on,
            key=f"mediation:{mediation.pk}:not_arranged",
            subject="Mediation could not be arranged in time",
            what_happened="The council could not arrange your mediation in time and has told "
            "the mediation adviser.",
            what_to_do="The adviser must send you a mediation certificate by the date below, so "
            "you can appeal if you want to.",
            due=due,
        )
        tell_person(
            mediation.mediator,
            case=mediation.case,
            key=f"mediation:{mediation.pk}:not_arranged",
            subject=f"Certificate due for {mediation.case.child.full_name}",
            what_happened="The council cannot arrange the mediation in time.",
            what_to_do="Issue the mediation certificate by the date below.",
            due=due,
            link=_link(mediation),
        )
    return mediation
