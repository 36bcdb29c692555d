"""Helpers shared by the redress services: date checks, timeline events, audit, notifications."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from ehcp import deadlines, selectors
from ehcp.errors import DomainError
from ehcp.models import Case, CaseEvent
from ehcp.services.family import family_members
from send_portal import audit
from send_portal.models import AuditEvent, User
from send_portal.notifications import notify
from send_portal.selectors import council_managers

#: Timeline event kinds recorded by this app on the ehcp case timeline.
EVENT_KINDS = {
    "adviser_contacted": "mediation_adviser_contacted",
    "not_mediating": "mediation_not_wanted",
    "mediating": "mediation_wanted",
    "mediator_assigned": "mediator_assigned",
    "arranged": "mediation_arranged",
    "icb_notified": "mediation_icb_notified",
    "not_arranged": "mediation_not_arranged",
    "session": "mediation_session",
    "concluded": "mediation_concluded",
    "agreement_action": "mediation_agreement_action",
    "certificate": "mediation_certificate",
    "appeal_registered": "appeal_registered",
    "hearing": "appeal_hearing_listed",
    "unopposed": "appeal_unopposed",
    "appeal_decided": "appeal_decided",
    "order": "tribunal_order",
    "step_done": "compliance_step_done",
}


def today() -> date:
    return selectors.today()


def long_date(d: date) -> str:
    return f"{d:%-d %B %Y}"


def not_in_future(on: date, what: str, field: str) -> None:
    if on > today():
        raise DomainError(f"{what} must be today or in the past", field=field)


def not_before(on: date, earlier: date | None, what: str, earlier_what: str, field: str) -> None:
    if earlier is not None and on < earlier:
        raise DomainError(
            f"{what} must be on or after {earlier_what} ({long_date(earlier)})", field=field
        )


def event(
    case: Case,
    kind: str,
    *,
    on: date,
    actor,
    title: str,
    obj=None,
    detail: str = "",
    basis: str = "",
    family: bool = True,
) -> CaseEvent:
    """A timeline entry on the case and its audit record, in the caller's transaction."""
    entry = CaseEvent.objects.create(
        case=case,
        kind=EVENT_KINDS[kind],
        occurred_on=on,
        actor=actor,
        title=title,
        detail=detail,
        legal_basis=basis,
        visible_to_family=family,
    )
    audit.record(
        actor=actor,
        action=AuditEvent.Action.TRANSITION,
        summary=f"{case.reference}: {title}",
        obj=obj if obj is not None else case,
        child_id=case.child_id,
        detail={"event": EVENT_KINDS[kind], "on": on.isoformat()},
    )
    return entry


def tell_family(
    case: Case,
    *,
    on: date,
    subject: str,
    what_happened: str,
    what_to_do: str = "",
    due: deadlines.Deadline | None = None,
    key: str,
) -> None:
    """Notify each person with rights in the case once (``key`` makes it idempotent), linking
    to the family's mediation and appeals page."""
    link = reverse("redress-family", args=[case.reference])
    for person in family_members(case, on):
        notify(
            recipient=person,
            subject=subject,
            what_happened=what_happened,
            what_to_do=what_to_do,
            due_date=due.due if due else None,
            legal_basis=due.basis if due else "",
            link=link,
            dedupe_key=f"redress:{case.pk}:{key}:user:{person.pk}",
        )


def council_contacts(case: Case) -> list[User]:
    """Who at the council hears about the case: its caseworker, or its SEND managers."""
    if case.caseworker_id and case.caseworker.is_active:
        return [case.caseworker]
    return council_managers(case.local_authority_id)


def tell_council(
    case: Case,
    *,
    subject: str,
    what_happened: str,
    what_to_do: str = "",
    due: deadlines.Deadline | None = None,
    key: str,
    link: str,
    exclude: User | None = None,
) -> None:
    for person in council_contacts(case):
        if exclude is not None and person.pk == exclude.pk:
            continue
        notify(
            recipient=person,
            subject=subject,
            what_happened=what_happened,
            what_to_do=what_to_do,
            due_date=due.due if due else None,
            legal_basis=due.basis if due else "",
            link=link,
            dedupe_key=f"redress:{case.pk}:{key}:user:{person.pk}",
        )


def tell_person(
    person: User | None,
    *,
    case: Case,
    subject: str,
    what_happened: str,
    what_to_do: str = "",
    due: deadlines.Deadline | None = None,
    key: str,
    link: str,
) -> None:
    if person is None or not person.is_active:
        return
    notify(
        recipient=person,
        subject=subject,
        what_happened=what_happened,
        what_to_do=what_to_do,
        due_date=due.due if due else None,
        legal_basis=due.basis if due else "",
        link=link,
        dedupe_key=f"redress:{case.pk}:{key}:user:{person.pk}",
    )


def due_text(deadline: deadlines.Deadline) -> str:
    return f"{deadline.label}: {deadline.due:%A %-d %B %Y} ({deadline.basis})"
