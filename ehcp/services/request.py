"""The request for an EHC needs assessment: the child's record, the family's accounts, the
request itself (day 0 of the statutory clock, Children and Families Act 2014 s36(1), or the
council becoming responsible, s24), the caseworker, and telling everyone the council is
considering an assessment (SEND Regulations 2014 reg 4(2))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, User

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import (
    OPEN_STAGES,
    Case,
    CaseEvent,
    Child,
    ChildRelationship,
    RequestSource,
    Stage,
)
from . import contacts
from ._case import (
    expect,
    lock_case,
    record_event,
    require_council_staff,
    save_case,
)
from .dates import not_before, not_in_future
from .family import tell_family


def _reference(local_authority: Organisation, received_on: date) -> str:
    """The next reference of the council for the year. Call inside a transaction: the council's
    row is locked so that two requests received at the same time get different numbers."""
    Organisation.objects.select_for_update().filter(pk=local_authority.pk).first()
    prefix = f"EHC-{local_authority.la_code or local_authority.pk}-{received_on.year}-"
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:05d}"


def register_child(
    *,
    actor: User,
    local_authority: Organisation,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    **fields,
) -> Child:
    permissions.require(actor, "ehcp.receive_request", local_authority)
    with transaction.atomic():
        child = Child.objects.create(
            local_authority=local_authority,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            **fields,
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=child,
            child_id=child.pk,
            summary=f"Child record created for {child.full_name}",
        )
    return child


def link_family_member(
    *, actor: User, child: Child, user: User, kind: str, shared_by_young_person: bool = False
) -> ChildRelationship:
    permissions.require(actor, "ehcp.receive_request", child.local_authority)
    if kind not in ChildRelationship.Kind.values:
        raise DomainError("Select how the person is related to the child", field="kind")
    with transaction.atomic():
        return contacts.link_account(
            actor=actor,
            child=child,
            user=user,
            kind=kind,
            shared_by_young_person=shared_by_young_person,
        )


def receive_request(
    *,
    actor: User,
    child: Child,
    received_on: date,
    source: str,
    requested_by_name: str = "",
    became_responsible: bool = False,
    caseworker: User | None = None,
    request_reasons: str = "",
) -> Case:
    """Record a request for an EHC needs assessment (CFA 2014 s36(1)), or the council becoming
    responsible for the child (s24). ``received_on`` is day 0 of the statutory clock."""
    permissions.require(actor, "ehcp.receive_request", child.local_authority)
    not_in_future(received_on, "The date the request was received", "received_on")
    if source not in RequestSource.values:
        raise DomainError("Select who made the request", field="source")
    if caseworker is not None:
        require_council_staff(child.local_authority, caseworker, "caseworker")
    with transaction.atomic():
        Child.objects.select_for_update().get(pk=child.pk)
        if child.cases.filter(stage__in=[s.value for s in OPEN_STAGES]).exists():
            raise InvalidTransition(
                f"{child.full_name} already has an open request: continue that case instead."
            )
        case = Case(
            reference=_reference(child.local_authority, received_on),
            child=child,
            local_authority=child.local_authority,
            request_source=source,
            requested_by_name=requested_by_name,
            request_reasons=request_reasons,
            became_responsible=became_responsible,
            received_on=received_on,
            caseworker=caseworker,
        )
        due = deadlines.decision_to_assess(received=received_on)
        case.next_due_key, case.next_due_on = due.key, due.due
        case.save()
        basis = (
            "Children and Families Act 2014 s24"
            if became_responsible
            else ("Children and Families Act 2014 s36(1)")
        )
        record_event(
            case,
            CaseEvent.Kind.REQUEST_RECEIVED,
            on=received_on,
            actor=actor,
            title="Request for an EHC needs assessment received"
            if not became_responsible
            else "The council became responsible",
            detail=f"Made by: {requested_by_name or RequestSource(source).label}. "
            "This is day 0 of the statutory time limits.",
            basis=basis,
        )
        if caseworker is not None:
            record_event(
                case,
                CaseEvent.Kind.CASEWORKER_ALLOCATED,
                on=received_on,
                actor=actor,
                title=f"{caseworker.display_name} is the caseworker",
            )
        tell_family(
            case,
            on=received_on,
            key="request_received",
            subject=f"Request for an EHC needs assessment for {child.known_as} received",
            what_happened=f"{case.local_authority.name} received the request on "
            f"{received_on:%-d %B %Y}. The case reference is {case.reference}.",
            what_to_do="You do not need to do anything yet. We will tell you whether we "
            "will carry out an assessment.",
            due=due,
        )
    return case


def allocate_caseworker(*, actor: User, case_id: int, caseworker: User, on: date) -> Case:
    with transaction.atomic():
        case = lock_case(case_id)
        # A caseworker may take an unallocated case of their council; re-allocating is a
        # manager's job.
        if not (
            case.caseworker_id is None
            and caseworker == actor
            and permissions.can(actor, "ehcp.run_workflow", case)
        ):
            permissions.require(actor, "ehcp.allocate_caseworker", case)
        require_council_staff(case.local_authority, caseworker, "caseworker")
        not_in_future(on, "The allocation date", "on")
        not_before(
            on, case.received_on, "The allocation date", "the date the request was received", "on"
        )
        if case.caseworker_id == caseworker.pk:
            raise InvalidTransition(f"{caseworker.display_name} is already the caseworker.")
        case.caseworker = caseworker
        save_case(case, "caseworker")
        record_event(
            case,
            CaseEvent.Kind.CASEWORKER_ALLOCATED,
            on=on,
            actor=actor,
            title=f"{caseworker.display_name} is now the caseworker",
            detail=f"Contact: {caseworker.email}",
        )
        tell_family(
            case,
            on=on,
            key=f"caseworker:{caseworker.pk}",
            subject=f"Your caseworker for {case.child.known_as} is {caseworker.display_name}",
            what_happened=f"{caseworker.display_name} at {case.local_authority.name} is "
            f"now the caseworker for case {case.reference}.",
            what_to_do=f"Contact them at {caseworker.email} with any questions.",
        )
    return case


def start_considering(*, actor: User, case_id: int, notified_on: date) -> Case:
    """Tell the family that the council is considering an assessment, and notify the ICB, social
    care and the setting (SEND Regulations 2014 reg 4(2); CFA 2014 s36(4))."""
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.REQUEST_RECEIVED, action="start considering the request")
        not_in_future(notified_on, "The date people were told", "notified_on")
        not_before(
            notified_on,
            case.received_on,
            "The date people were told",
            "the date the request was received",
            "notified_on",
        )
        case.stage = Stage.CONSIDERING
        case.considering_notified_on = notified_on
        save_case(case, "stage", "considering_notified_on")
        setting = case.child.current_setting
        told = ["the parent or young person", "the integrated care board", "children's social care"]
        if setting:
            told.append(setting.name)
        record_event(
            case,
            CaseEvent.Kind.CONSIDERING,
            on=notified_on,
            actor=actor,
            title="Told that the council is considering an assessment",
            detail="Told: " + ", ".join(told) + ".",
            basis="SEND Regulations 2014 reg 4(2); Children and Families Act 2014 s36(4)",
        )
        due = deadlines.decision_to_assess(received=case.received_on)
        tell_family(
            case,
            on=notified_on,
            key="considering",
            subject=f"We are considering an EHC needs assessment for {case.child.known_as}",
            what_happened=f"{case.local_authority.name} is considering whether to carry "
            "out an EHC needs assessment. We have told the health service, social care "
            "and the school or setting.",
            what_to_do="Tell us your views and send any reports you want us to consider.",
            due=due,
        )
    return case
