"""What a step on a case leaves behind, written once for every service that needs it: the
timeline entry with its audit record, and the notification to each person who hears about it.

Both write in the caller's transaction (the notifications' e-mails go after commit, see
``send_portal.notifications``). Services keep their own wording and say who hears; this module
only writes. Used by the redress services; the other case services (``ehcp.services``,
``ehcp.reviews``) write the same rows with their own copies today and can move here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from send_portal import audit
from send_portal.models import AuditEvent, User
from send_portal.notifications import notify
from send_portal.selectors import council_managers

from . import deadlines
from .models import Case, CaseEvent


def record_case_event(
    case: Case,
    kind: str,
    *,
    on: date,
    actor: Any,
    title: str,
    obj: Any = None,
    detail: str = "",
    basis: str = "",
    family: bool = True,
) -> CaseEvent:
    """A timeline entry on the case and its audit record (about ``obj``, else the case): a
    transition, or an update for a note. The one writer of case events with their audit record
    (``ehcp.services._case.record_event`` is this, for the EHC stages). The timeline names only a
    signed-in person; a system step (a sweep, an import) has no actor on the timeline."""
    entry = CaseEvent.objects.create(
        case=case,
        kind=kind,
        occurred_on=on,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        title=title,
        detail=detail,
        legal_basis=basis,
        visible_to_family=family,
    )
    audit.record(
        actor=actor,
        action=AuditEvent.Action.UPDATE
        if kind == CaseEvent.Kind.NOTE
        else AuditEvent.Action.TRANSITION,
        summary=f"{case.reference}: {title}",
        obj=obj if obj is not None else case,
        child_id=case.child_id,
        detail={"event": kind, "on": on.isoformat()},
    )
    return entry


def tell(
    people: Iterable[User],
    *,
    case: Case,
    scope: str,
    key: str,
    subject: str,
    what_happened: str,
    what_to_do: str = "",
    due: deadlines.Deadline | None = None,
    link: str,
    exclude: User | None = None,
    local_authority_id: int | None = None,
) -> None:
    """Notify each of ``people`` (but ``exclude``) once about one step: the dedupe key
    ``{scope}:{case}:{key}:user:{person}`` makes a second call send nothing. ``due`` gives the
    date and its legal basis. Nobody, or an account no longer active, is skipped."""
    for person in people:
        if person is None or not person.is_active:
            continue
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
            dedupe_key=f"{scope}:{case.pk}:{key}:user:{person.pk}",
            local_authority_id=local_authority_id,
        )


def council_contacts(case: Case) -> list[User]:
    """Who at the council hears about the case: its caseworker, or while none is allocated (or
    the caseworker's account is no longer active) the council's SEND managers in force."""
    if case.caseworker_id and case.caseworker.is_active:
        return [case.caseworker]
    return council_managers(case.local_authority_id)
