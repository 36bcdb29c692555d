"""Mediation before an appeal, one function per step (SEND Regulations 2014 regs 32-42).

Each step checks permission, locks the mediation case, checks the status it expects, records the
timeline event and audit entry in the same transaction, and notifies the family and council (the
notification rows are written in the transaction; their e-mails go after commit). Dates come
from ``ehcp.deadlines`` only. Mediation is optional for families: the certificate is what an
appeal needs, and the family gets one whether or not they mediate.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, Decision
from ehcp.services.family import letter_heading
from send_portal import permissions
from send_portal.models import Organisation, Role, User
from send_portal.pdf import request_document

from ..models import (
    MATTERS_BY_DECISION,
    ORDER_TYPE_MATTERS,
    ComplianceStep,
    Matter,
    MediationAgreementAction,
    MediationCase,
    MediationParticipant,
    MediationSession,
    in_sentence,
    lower_first,
    matter_labels,
)
from ._common import (
    event,
    long_date,
    not_before,
    not_in_future,
    tell_council,
    tell_family,
    tell_person,
    today,
)

Status = MediationCase.Status


def _lock(mediation_id: int) -> MediationCase:
    return (
        MediationCase.objects.select_for_update(of=("self",))
        .select_related("case__child", "case__local_authority", "decision")
        .get(pk=mediation_id)
    )


def _expect(mediation: MediationCase, *statuses: str, action: str) -> None:
    if mediation.status not in statuses:
        raise InvalidTransition(
            f"You cannot {action} now: the mediation is at '{Status(mediation.status).label}'."
        )


def _link(mediation: MediationCase) -> str:
    return reverse("redress-mediation", args=[mediation.case.reference, mediation.pk])


def _mediator_check(mediator: User | None, service: Organisation | None) -> None:
    if mediator is None:
        raise DomainError("Choose the mediator", field="mediator")
    if not mediator.is_active or not mediator.has_role(Role.MEDIATOR):
        raise DomainError("Choose someone who is a mediator in the portal", field="mediator")
    if service is not None:
        if service.kind != Organisation.Kind.MEDIATION_SERVICE:
            raise DomainError("Choose a mediation service", field="mediation_service")
        if service.pk not in mediator.organisations_for(Role.MEDIATOR):
            raise DomainError(
                f"{mediator.display_name} is not a mediator with {service.name}",
                field="mediator",
            )


# ---- the family and the mediation adviser ----------------------------------------------------


def open_mediation_case(*, actor: User, decision_id: int, contacted_on: date) -> MediationCase:
    """The family contacted the mediation adviser about an appealable decision, which they must
    do within 2 months of the decision notice if they want to appeal (reg 33)."""
    with transaction.atomic():
        decision = Decision.objects.select_related("case").get(pk=decision_id)
        case = (
            Case.objects.select_for_update()
            .select_related("child", "local_authority")
            .get(pk=decision.case_id)
        )
        permissions.require(actor, "redress.family_step", case)
        if not decision.is_appealable or decision.notice_sent_on is None:
            raise InvalidTransition(
                "This decision cannot be appealed, so there is no mediation adviser to contact "
                "about it."
            )
        not_in_future(contacted_on, "The date you contacted the adviser", "contacted_on")
        not_before(
            contacted_on,
            decision.notice_sent_on,
            "The date you contacted the adviser",
            "the date the decision letter was sent",
            "contacted_on",
        )
        contact_by = deadlines.mediation_adviser_contact_by(decision_sent=decision.notice_sent_on)
        if contacted_on > contact_by.due:
            raise DomainError(
                f"The last day to contact the mediation adviser about this decision was "
                f"{long_date(contact_by.due)} ({contact_by.basis}). You can still ask the "
                "Tribunal for permission to appeal late: SENDIASS can advise you.",
                field="contacted_on",
            )
        try:
            with transaction.atomic():
                mediation = MediationCase.objects.create(
                    case=case,
                    decision=decision,
                    adviser_contacted_on=contacted_on,
                    opened_by=actor,
                )
        except IntegrityError as exc:
            raise InvalidTransition(
                "Contact with the mediation adviser about this decision is already recorded."
            ) from exc
        what = lower_first(decision.get_kind_display())
        event(
            case,
            "adviser_contacted",
            on=contacted_on,
            actor=actor,
            obj=mediation,
            title="Family contacted the mediation adviser",
            detail=f"About the decision: {what}. In time: the last day was "
            f"{long_date(contact_by.due)}.",
            basis=contact_by.basis,
        )
        tell_family(
            case,
            on=contacted_on,
            key=f"mediation:{mediation.pk}:contacted",
            subject="You contacted the mediation adviser",
            what_happened=f"We have recorded that you contacted the mediation adviser on "
            f"{long_date(contacted_on)} about the decision: {what}.",
            what_to_do="Tell the adviser and us whether you want to try mediation. Mediation is "
            "optional: if you do not want it, the adviser gives you a certificate so you can "
            "appeal.",
        )
    return mediation


def record_mediation_choice(
    *,
    actor: User,
    mediation_id: int,
    wishes_to_mediate: bool,
    told_on: date,
    issues: list[str] | tuple[str, ...] = (),
) -> MediationCase:
    """The family says whether they want mediation. Not mediating: the adviser issues a
    certificate within 3 working days (reg 34). Mediating: the council must arrange it within
    30 days, and tell each ICB within 3 working days when health care is in dispute."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        case = mediation.case
        permissions.require(actor, "redress.family_step", case)
        _expect(mediation, Status.ADVISER_CONTACTED, action="say whether you want mediation")
        not_in_future(told_on, "The date", "told_on")
        not_before(
            told_on,
            mediation.adviser_contacted_on,
            "The date",
            "the date the adviser was contacted",
            "told_on",
        )
        mediation.wishes_to_mediate = wishes_to_mediate
        mediation.choice_made_on = told_on
        if not wishes_to_mediate:
            mediation.status = Status.NOT_MEDIATING
            mediation.issues = []
            mediation.save()
            due = deadlines.mediation_certificate_due(told_on=told_on)
            event(
                case,
                "not_mediating",
                on=told_on,
                actor=actor,
                obj=mediation,
                title="Family does not want mediation: certificate due",
                detail=f"The mediation adviser must issue the certificate by {long_date(due.due)}.",
                basis=due.basis,
            )
            tell_family(
                case,
                on=told_on,
                key=f"mediation:{mediation.pk}:not_mediating",
                subject="Your mediation certificate is on its way",
                what_happened="You told us you do not want mediation. That is your choice: "
                "mediation is optional.",
                what_to_do="The mediation adviser must send you a mediation certificate by the "
                "date below. You need it to appeal (unless your appeal is only about section I).",
                due=due,
            )
            tell_person(
                mediation.mediator,
                case=case,
                key=f"mediation:{mediation.pk}:not_mediating",
                subject=f"Certificate due for {case.child.full_name}",
                what_happened="The family does not want mediation.",
                what_to_do="Issue the mediation certificate by the date below.",
                due=due,
                link=_link(mediation),
            )
            return mediation
        allowed = MATTERS_BY_DECISION.get(mediation.decision.kind, frozenset(Matter.values))
        chosen = [value for value in dict.fromkeys(issues) if value]
        if not chosen:
            raise DomainError("Select what you want to mediate about", field="issues")
        if not set(chosen) <= allowed:
            wrong = ", ".join(matter_labels(sorted(set(chosen) - allowed)))
            raise DomainError(
                f"These cannot be mediated about this decision: {wrong}", field="issues"
            )
        mediation.status = Status.ARRANGING
        mediation.issues = chosen
        mediation.health_in_dispute = Matter.HEALTH in chosen
        mediation.la_told_on = told_on
        mediation.save()
        held_by = mediation.held_by
        detail = f"Issues: {', '.join(matter_labels(chosen))}."
        if held_by is not None:
            detail += f" Mediation must take place by {long_date(held_by.due)}."
        if mediation.health_in_dispute:
            icb_due = mediation.icb_due
            detail += (
                f" Health care is in dispute: the council must tell the integrated care board "
                f"by {long_date(icb_due.due)}."
            )
        event(
            case,
            "mediating",
            on=told_on,
            actor=actor,
            obj=mediation,
            title="Family wants mediation",
            detail=detail,
            basis=held_by.basis if held_by else "",
        )
        tell_family(
            case,
            on=told_on,
            key=f"mediation:{mediation.pk}:mediating",
            subject="The council will arrange mediation",
            what_happened=f"You told us you want mediation about: "
            f"{in_sentence(matter_labels(chosen))}.",
            what_to_do="The council arranges the mediation, free of charge, with an "
            "independent mediator. It must take place by the date below.",
            due=held_by,
        )
        tell_council(
            case,
            key=f"mediation:{mediation.pk}:mediating",
            subject=f"Arrange mediation for {case.child.full_name}",
            what_happened=f"The family wants mediation ({case.reference}).",
            what_to_do="Arrange the mediation with an independent mediator"
            + (
                " and tell the integrated care board about the health care issues"
                if mediation.health_in_dispute
                else ""
            )
            + ". If it cannot take place in time, tell the mediation adviser.",
            due=held_by,
            link=_link(mediation),
            exclude=actor,
        )
    return mediation


# ---- the council arranges mediation -------------------------------------------------------------


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
                "issues first: when only health care is in dispute, the 30 days run from then."
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


# ---- the mediation itself ---------------------------------------------------------------------


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
        ComplianceStep.objects.bulk_create(
            [
                ComplianceStep(
                    case=mediation.case,
                    source=ComplianceStep.Source.AGREEMENT,
                    agreement_action=action,
                    key=d.key,
                    label=d.label,
                    basis=d.basis,
                    starts_on=agreed_on,
                    due_on=d.due,
                )
                for d in due
            ]
        )
        first = min(due, key=lambda d: d.due)
        event(
            mediation.case,
            "agreement_action",
            on=agreed_on,
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
    return action


# ---- the certificate --------------------------------------------------------------------------


def issue_certificate(*, actor: User, mediation_id: int, issued_on: date) -> MediationCase:
    """The mediation certificate: issued by the mediation adviser or mediator (or recorded by the
    council when an adviser outside the portal issued it). The family's appeal deadline becomes
    the later of 2 months after the decision notice and 1 month after the certificate
    (Tribunal rules r20(1)(c))."""
    with transaction.atomic():
        mediation = _lock(mediation_id)
        permissions.require(actor, "redress.mediate", mediation)
        if mediation.status == Status.CERTIFICATE_ISSUED:
            raise InvalidTransition("The mediation certificate has already been issued.")
        kind = MediationCase.CERTIFICATE_DUE.get(mediation.status)
        if kind is None:
            raise InvalidTransition(
                "A certificate can be issued once the family says they do not want mediation, "
                "the mediation has ended, or the council says it cannot arrange it in time. "
                f"The mediation is at '{Status(mediation.status).label}'."
            )
        start = {
            MediationCase.CertificateKind.NOT_MEDIATING: (
                mediation.choice_made_on,
                "the day the family said they do not want mediation",
            ),
            MediationCase.CertificateKind.NOT_ARRANGED: (
                mediation.la_cannot_arrange_on,
                "the day the council said it cannot arrange mediation in time",
            ),
            MediationCase.CertificateKind.AFTER_MEDIATION: (
                mediation.concluded_on,
                "the day the mediation ended",
            ),
        }[kind]
        not_in_future(issued_on, "The certificate date", "issued_on")
        not_before(issued_on, start[0], "The certificate date", start[1], "issued_on")
        due = mediation.certificate_due
        mediation.status = Status.CERTIFICATE_ISSUED
        mediation.certificate_kind = kind
        mediation.certificate_issued_on = issued_on

        decision = Decision.objects.select_for_update().get(pk=mediation.decision_id)
        before = decision.appeal_deadline
        appeal = deadlines.appeal_deadline(
            decision_sent=decision.notice_sent_on, certificate_issued=issued_on
        )
        decision.appeal_deadline = appeal.due
        decision.appeal_deadline_basis = appeal.basis
        decision.save(update_fields=["appeal_deadline", "appeal_deadline_basis"])
        mediation.decision = decision

        case = mediation.case
        by_mediator = mediation.mediator_id == actor.pk
        if by_mediator:
            mediation.certificate = request_document(
                title=f"Mediation certificate - {case.child.full_name}"[:200],
                template_name="pdf/letter.html",
                context=_certificate_context(mediation, decision, appeal, actor),
                owner=case,
                actor=actor,
            )
        mediation.save()
        late = issued_on > due.due
        moved = before != appeal.due
        event(
            case,
            "certificate",
            on=issued_on,
            actor=actor,
            obj=mediation,
            title="Mediation certificate issued",
            detail=f"{MediationCase.CertificateKind(kind).label}. "
            + (f"Issued after the time limit ({long_date(due.due)}). " if late else "")
            + (
                f"The appeal deadline is now {long_date(appeal.due)}"
                + (f" (it was {long_date(before)})." if before and moved else ".")
            ),
            basis=appeal.basis,
        )
        tell_family(
            case,
            on=issued_on,
            key=f"mediation:{mediation.pk}:certificate",
            subject="Your mediation certificate has been issued",
            what_happened=f"Your mediation certificate was issued on {long_date(issued_on)}. "
            f"You can now appeal to the SEND Tribunal about the decision: "
            f"{lower_first(decision.get_kind_display())}.",
            what_to_do="If you want to appeal, send your appeal to the Tribunal by the date "
            "below, with a copy of the certificate. SENDIASS can help you.",
            due=appeal,
        )
    return mediation


def _certificate_context(mediation, decision, appeal, actor) -> dict:
    case = mediation.case
    kind = MediationCase.CertificateKind(mediation.certificate_kind)
    if kind == MediationCase.CertificateKind.NOT_MEDIATING:
        what = (
            "The parent or young person contacted the mediation adviser and told the adviser "
            "that they do not wish to pursue mediation."
        )
    elif kind == MediationCase.CertificateKind.NOT_ARRANGED:
        what = (
            "The parent or young person wished to pursue mediation, but the local authority told "
            "the mediation adviser that mediation could not take place within the time allowed."
        )
    else:
        what = f"Mediation took place and ended on {long_date(mediation.concluded_on)}."
    return {
        "council_name": case.local_authority.name,
        **letter_heading(case, mediation.certificate_issued_on),
        "letter_date": long_date(mediation.certificate_issued_on),
        "paragraphs": [
            "This certificate is issued under section 55 of the Children and Families Act 2014 "
            f"about the decision of {case.local_authority.name}: "
            f"{lower_first(decision.get_kind_display())} (letter sent "
            f"{long_date(decision.notice_sent_on)}).",
            what,
            f"The mediation adviser was contacted on {long_date(mediation.adviser_contacted_on)}.",
        ],
        "rights": [
            "You can appeal to the First-tier Tribunal (Special Educational Needs and "
            "Disability). Send a copy of this certificate with your appeal.",
        ],
        "deadlines": [
            {"label": appeal.label, "due": f"{appeal.due:%A %-d %B %Y}", "basis": appeal.basis}
        ],
        "signature": f"{actor.display_name}"
        + (f", {mediation.mediation_service.name}" if mediation.mediation_service else "")
        + " (mediation adviser)",
    }
