"""The mediation itself: its meetings, who took part, its outcome and what was agreed
(reg 42)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from send_portal import permissions
from send_portal.models import Organisation, User

from ...models import (
    ORDER_TYPE_MATTERS,
    ComplianceStep,
    MediationAgreementAction,
    MediationCase,
    MediationParticipant,
    MediationSession,
    in_sentence,
    lower_first,
    matter_labels,
)
from .._common import (
    add_compliance_steps,
    event,
    long_date,
    not_before,
    not_in_future,
    tell_council,
    tell_family,
    today,
)
from ._steps import Status, _expect, _link, _lock


def record_session(
    *,
    actor: User,
    mediation_id: int,
    held_on: date,
    format: str,
    duration_minutes: int | None = None,
    notes: str = "",
) -> MediationSession:
    """A mediation meeting took place."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.mediate", mediation)
        if mediation.status == Status.ARRANGING:
            raise InvalidTransition("Record when and with whom the mediation is arranged first.")
        _expect(mediation, Status.ARRANGED, Status.IN_MEDIATION, action="record a meeting")
        if format not in MediationSession.Format.values:
            raise DomainError("Select how the meeting took place", field="format")
        not_in_future(held_on, "The meeting date", "held_on")
        not_before(
            held_on,
            mediation.la_told_on,
            "The meeting date",
            "the day the council was told the family wants mediation",
            "held_on",
        )
        session = MediationSession.objects.create(
            mediation=mediation,
            held_on=held_on,
            format=format,
            duration_minutes=duration_minutes,
            notes=notes.strip(),
            recorded_by=actor,
        )
        first = mediation.held_on is None
        if first or held_on < mediation.held_on:
            mediation.held_on = held_on
        mediation.status = Status.IN_MEDIATION
        mediation.save(update_fields=["held_on", "status", "updated_at"])
        held_by = mediation.held_by
        late = first and held_by is not None and held_on > held_by.due
        event(
            mediation.case,
            "session",
            on=held_on,
            actor=actor,
            obj=mediation,
            title="Mediation meeting held",
            detail=f"{session.get_format_display()}."
            + (
                f" After the date it had to take place by ({long_date(held_by.due)})."
                if late
                else ""
            ),
            basis=held_by.basis if (first and held_by) else "",
        )
    return session


def add_participant(
    *,
    actor: User,
    mediation_id: int,
    name: str,
    kind: str,
    organisation: Organisation | None = None,
    has_authority: bool = False,
) -> MediationParticipant:
    """Someone who took part in the mediation."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.mediate", mediation)
        _expect(
            mediation,
            Status.ARRANGED,
            Status.IN_MEDIATION,
            Status.CONCLUDED,
            action="add who took part",
        )
        if not name.strip():
            raise DomainError("Enter the person's name", field="name")
        if kind not in MediationParticipant.Kind.values:
            raise DomainError("Select who they represent", field="kind")
        participant = MediationParticipant.objects.create(
            mediation=mediation,
            name=name.strip(),
            kind=kind,
            organisation=organisation,
            has_authority=has_authority,
        )
    return participant


def conclude_mediation(
    *, actor: User, mediation_id: int, concluded_on: date, outcome: str, summary: str = ""
) -> MediationCase:
    """The mediation ended: the certificate is due within 3 working days."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.mediate", mediation)
        if mediation.status == Status.ARRANGED:
            raise InvalidTransition("Record the mediation meeting first.")
        _expect(mediation, Status.IN_MEDIATION, action="record the outcome")
        if outcome not in MediationCase.Outcome.values:
            raise DomainError("Select the outcome", field="outcome")
        not_in_future(concluded_on, "The date the mediation ended", "concluded_on")
        last = mediation.sessions.order_by("-held_on").values_list("held_on", flat=True).first()
        not_before(
            concluded_on,
            last,
            "The date the mediation ended",
            "the last meeting",
            "concluded_on",
        )
        mediation.status = Status.CONCLUDED
        mediation.concluded_on = concluded_on
        mediation.outcome = outcome
        mediation.outcome_summary = summary.strip()
        mediation.save()
        due = mediation.certificate_due
        outcome_label = mediation.get_outcome_display()
        event(
            mediation.case,
            "concluded",
            on=concluded_on,
            actor=actor,
            obj=mediation,
            title=f"Mediation ended: {lower_first(outcome_label)}",
            detail=f"The mediation certificate must be issued by {long_date(due.due)}.",
            basis=due.basis,
        )
        tell_family(
            mediation.case,
            on=concluded_on,
            key=f"mediation:{mediation.pk}:concluded",
            subject=f"Mediation ended: {lower_first(outcome_label)}",
            what_happened=f"Your mediation ended on {long_date(concluded_on)}: "
            f"{lower_first(outcome_label)}.",
            what_to_do="The mediator must send you a mediation certificate by the date below. "
            "You can still appeal about anything not resolved.",
            due=due,
        )
    return mediation


def add_agreement_action(
    *,
    actor: User,
    mediation_id: int,
    description: str,
    order_type: str = "",
    responsible: str = MediationAgreementAction.Responsible.COUNCIL,
) -> MediationAgreementAction:
    """Something agreed at mediation, with its deadlines from the date of the agreement: the
    Tribunal-order periods for matters the Tribunal could have ordered (reg 42(2)), otherwise
    2 weeks (reg 42(3))."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.mediate", mediation)
        _expect(
            mediation,
            Status.CONCLUDED,
            Status.CERTIFICATE_ISSUED,
            action="record what was agreed",
        )
        _check_agreement(
            mediation, description=description, order_type=order_type, responsible=responsible
        )
        agreed_on = mediation.concluded_on
        due = deadlines.mediation_agreement_action_due(
            agreed_on=agreed_on, order_type=order_type or None
        )
        action = MediationAgreementAction.objects.create(
            mediation=mediation,
            description=description.strip(),
            responsible=responsible,
            order_type=order_type,
            agreed_on=agreed_on,
            due_on=max(d.due for d in due),
            recorded_by=actor,
        )
        add_compliance_steps(
            mediation.case,
            due,
            source=ComplianceStep.Source.AGREEMENT,
            starts_on=agreed_on,
            agreement_action=action,
        )
        _announce_agreement(action, due, actor=actor)
    return action


def _check_agreement(
    mediation: MediationCase, *, description: str, order_type: str, responsible: str
) -> None:
    """Something was agreed, it is described, someone must do it, and its kind (if any) is about
    an issue that was mediated."""
    if not mediation.reached_agreement:
        raise InvalidTransition("Nothing was agreed at this mediation.")
    if not description.strip():
        raise DomainError("Enter what was agreed", field="description")
    if responsible not in MediationAgreementAction.Responsible.values:
        raise DomainError("Select who must do it", field="responsible")
    if order_type:
        matters = ORDER_TYPE_MATTERS.get(order_type)
        if matters is None:
            raise DomainError("Select what kind of agreement it is", field="order_type")
        if not matters & set(mediation.issues):
            raise DomainError(
                "That kind of agreement is not about the issues mediated: "
                f"{in_sentence(matter_labels(mediation.issues))}",
                field="order_type",
            )


def _announce_agreement(
    action: MediationAgreementAction, due: list[deadlines.Deadline], *, actor: User
) -> None:
    """The timeline entry, and the family and the council told the first date it is due."""
    mediation = action.mediation
    first = min(due, key=lambda d: d.due)
    event(
        mediation.case,
        "agreement_action",
        on=action.agreed_on,
        actor=actor,
        obj=mediation,
        title="Agreed at mediation",
        detail=f"{action.description} "
        + "; ".join(f"{d.label}: by {long_date(d.due)}" for d in due)
        + ".",
        basis=first.basis,
    )
    tell_family(
        mediation.case,
        on=today(),
        key=f"agreement:{action.pk}",
        subject="What was agreed at mediation",
        what_happened=f"Agreed at your mediation: {action.description}",
        what_to_do="The law sets when this must be done. We will show you on the portal "
        "when it has been done.",
        due=first,
    )
    tell_council(
        mediation.case,
        key=f"agreement:{action.pk}",
        subject=f"Mediation agreement to carry out for {mediation.case.child.full_name}",
        what_happened=f"Agreed at mediation: {action.description}",
        what_to_do="Do it by the date below and record it as done.",
        due=first,
        link=_link(mediation),
        exclude=actor,
    )
