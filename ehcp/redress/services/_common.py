"""Helpers shared by the redress services: date checks, timeline events, audit, notifications.

The writes themselves are ``ehcp.case_updates`` (the event with its audit record, the
notification) and ``ehcp.services.dates`` (the date checks); here are the redress event kinds,
its dedupe-key scope and who hears."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from ehcp import deadlines, selectors
from ehcp.case_updates import council_contacts, record_case_event, tell
from ehcp.models import Case, CaseEvent, Decision
from ehcp.services.dates import not_before, not_in_future
from ehcp.services.family import tell_family as tell_the_family
from send_portal.models import User

from ..models import ComplianceStep

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


__all__ = [
    "add_compliance_steps",
    "council_contacts",
    "due_text",
    "event",
    "lock_case_of",
    "long_date",
    "not_before",
    "not_in_future",
    "tell_council",
    "tell_family",
    "tell_person",
    "today",
]


def today() -> date:
    return selectors.today()


def long_date(d: date) -> str:
    return f"{d:%-d %B %Y}"


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
    return record_case_event(
        case,
        EVENT_KINDS[kind],
        on=on,
        actor=actor,
        title=title,
        obj=obj,
        detail=detail,
        basis=basis,
        family=family,
    )


def _tell(people, *, case: Case, **message) -> None:
    tell(people, case=case, scope="redress", **message)


def tell_family(case: Case, *, on: date, **message) -> None:
    """Notify each person with rights in the case once (``key`` makes it idempotent), linking
    to the family's mediation and appeals page, and give the caseworker a task to post or phone
    it to those who hear that way (``ehcp.services.family.tell_family``)."""
    link = reverse("redress-family", args=[case.reference])
    tell_the_family(case, on=on, scope="redress", link=link, **message)


def tell_council(case: Case, *, link: str, exclude: User | None = None, **message) -> None:
    _tell(council_contacts(case), case=case, link=link, exclude=exclude, **message)


def tell_person(person: User | None, *, case: Case, link: str, **message) -> None:
    if person is None or not person.is_active:
        return
    _tell([person], case=case, link=link, **message)


def lock_case_of(decision_id: int) -> tuple[Decision, Case]:
    """A decision and its case, the case locked (the row a family's appeal or mediation about
    the decision is written against)."""
    decision = Decision.objects.get(pk=decision_id)
    case = (
        Case.objects.select_for_update()
        .select_related("child", "local_authority")
        .get(pk=decision.case_id)
    )
    return decision, case


def add_compliance_steps(
    case: Case, due: list[deadlines.Deadline], *, source: str, starts_on: date, **owner
) -> list[ComplianceStep]:
    """One step to carry out on the case for each deadline, owned by what set it (``appeal``
    and ``order``, or ``agreement_action``)."""
    return ComplianceStep.objects.bulk_create(
        [
            ComplianceStep(
                case=case,
                source=source,
                key=d.key,
                label=d.label,
                basis=d.basis,
                starts_on=starts_on,
                due_on=d.due,
                **owner,
            )
            for d in due
        ]
    )


def due_text(deadline: deadlines.Deadline) -> str:
    return f"{deadline.label}: {deadline.due:%A %-d %B %Y} ({deadline.basis})"
