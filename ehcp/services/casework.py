"""The caseworker's housekeeping on an open case at any stage: withdrawing the request, notes
and tasks."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from send_portal import audit, permissions
from send_portal.models import AuditEvent, User

from ..errors import DomainError, InvalidTransition
from ..models import (
    Case,
    CaseEvent,
    CaseNote,
    CaseTask,
    Stage,
)
from ._case import (
    lock_case,
    record_event,
    require_council_staff,
    save_case,
)
from .dates import not_before, not_in_future


def withdraw_request(*, actor: User, case_id: int, on: date, reason: str) -> Case:
    if not reason.strip():
        raise DomainError("Enter why the request was withdrawn", field="reason")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if not case.is_open:
            raise InvalidTransition("Only an open request can be withdrawn.")
        not_in_future(on, "The date of the withdrawal", "on")
        not_before(
            on,
            case.received_on,
            "The date of the withdrawal",
            "the date the request was received",
            "on",
        )
        case.stage = Stage.WITHDRAWN
        case.closed_on = on
        save_case(case, "stage", "closed_on")
        record_event(
            case,
            CaseEvent.Kind.WITHDRAWN,
            on=on,
            actor=actor,
            title="Request withdrawn",
            detail=reason,
        )
    return case


def add_note(*, actor: User, case_id: int, text: str) -> CaseNote:
    if not text.strip():
        raise DomainError("Enter the note", field="text")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        note = CaseNote.objects.create(case=case, author=actor, text=text)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=note,
            child_id=case.child_id,
            summary=f"{case.reference}: note added",
        )
    return note


def add_task(
    *,
    actor: User,
    case_id: int,
    title: str,
    due_on: date | None = None,
    assignee: User | None = None,
) -> CaseTask:
    if not title.strip():
        raise DomainError("Enter what needs doing", field="title")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if assignee is not None:
            require_council_staff(case.local_authority, assignee, "assignee")
        task = CaseTask.objects.create(
            case=case, title=title, due_on=due_on, assignee=assignee or actor, created_by=actor
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=task,
            child_id=case.child_id,
            summary=f"{case.reference}: task '{title}' added",
        )
    return task


def complete_task(*, actor: User, task_id: int, on: date) -> CaseTask:
    with transaction.atomic():
        task = CaseTask.objects.select_for_update().get(pk=task_id)
        case = lock_case(task.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if task.done_on is not None:
            raise InvalidTransition("This task is already done.")
        not_in_future(on, "The date the task was done", "on")
        task.done_on = on
        task.save(update_fields=["done_on"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=task,
            child_id=case.child_id,
            summary=f"{case.reference}: task '{task.title}' done",
        )
    return task
