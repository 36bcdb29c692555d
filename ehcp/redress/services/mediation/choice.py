"""The family and the mediation adviser: contact about an appealable decision (reg 33), and the
family's choice whether to mediate (reg 34 when they do not)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from send_portal import permissions
from send_portal.models import User

from ...models import (
    MATTERS_BY_DECISION,
    Matter,
    MediationCase,
    in_sentence,
    lower_first,
    matter_labels,
)
from .._common import (
    event,
    lock_case_of,
    long_date,
    not_before,
    not_in_future,
    tell_council,
    tell_family,
    tell_person,
)
from ._steps import Status, _expect, _link, _lock


def open_mediation_case(*, actor: User, decision_id: int, contacted_on: date) -> MediationCase:
    """The family contacted the mediation adviser about an appealable decision, which they must
    do within 2 months of the decision notice if they want to appeal (reg 33)."""
    with transaction.atomic():
        decision, case = lock_case_of(decision_id)
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
        permissions.require(actor, "redress.family_step", mediation.case)
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
            _not_mediating(mediation, actor=actor, told_on=told_on)
        else:
            chosen = _issues_to_mediate(mediation, issues)
            _mediating(mediation, actor=actor, told_on=told_on, chosen=chosen)
    return mediation


def _not_mediating(mediation: MediationCase, *, actor: User, told_on: date) -> None:
    """No mediation: the certificate falls due, and the family and the mediator hear."""
    case = mediation.case
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


def _issues_to_mediate(mediation: MediationCase, issues: list[str] | tuple[str, ...]) -> list[str]:
    """The issues chosen, once each in the order given: at least one, and only matters that can
    be mediated about this kind of decision."""
    allowed = MATTERS_BY_DECISION.get(mediation.decision.kind, frozenset(Matter.values))
    chosen = [value for value in dict.fromkeys(issues) if value]
    if not chosen:
        raise DomainError("Select what you want to mediate about", field="issues")
    if not set(chosen) <= allowed:
        wrong = ", ".join(matter_labels(sorted(set(chosen) - allowed)))
        raise DomainError(f"These cannot be mediated about this decision: {wrong}", field="issues")
    return chosen


def _mediating(mediation: MediationCase, *, actor: User, told_on: date, chosen: list[str]) -> None:
    """Mediation wanted: the council must arrange it (and tell the integrated care board when
    health care is in dispute); the family and the council hear."""
    case = mediation.case
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
