"""Exceptions to the statutory time limits (SEND Regulations 2014 regs 5(4), 8(2), 10(4),
13(3), 27(3) and 44(3)): recorded with their evidence; they never move a statutory date."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from send_portal import permissions
from send_portal.models import User

from .. import deadlines
from ..errors import DomainError
from ..models import (
    AdviceRequest,
    Case,
    CaseEvent,
    StatutoryException,
)
from ._case import (
    lock_case,
    record_event,
    require_time_limit_running,
    save_case,
)
from .dates import not_in_future
from .family import tell_family


def record_exception(
    *,
    actor: User,
    case_id: int,
    reason: str,
    applies_to: str,
    starts_on: date,
    evidence: str,
    ends_on: date | None = None,
    advice_request_id: int | None = None,
) -> StatutoryException:
    """Record an exception to a time limit: the 6-week decision (reg 5(4)), advice (reg 8(2)),
    the 16-week notice (reg 10(4)), the final plan (reg 13(3)), the plan after a re-assessment
    (reg 27(3)) or a Tribunal order (reg 44(3)). It never moves a statutory date; only an
    exception to the 20-week limit makes SEN2's ``Week20`` true."""
    _check_exception(applies_to, reason, starts_on=starts_on, ends_on=ends_on, evidence=evidence)
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        advice = _advice_request(case, applies_to, advice_request_id)
        require_time_limit_running(case, applies_to, advice)
        not_in_future(starts_on, "The date the exception started", "starts_on")
        exception = StatutoryException.objects.create(
            case=case,
            reason=reason,
            applies_to=applies_to,
            advice_request=advice,
            starts_on=starts_on,
            ends_on=ends_on,
            evidence=evidence,
            recorded_by=actor,
        )
        _mark_case_and_advice(case, advice, exception)
        reason_enum = deadlines.ExceptionReason(reason)
        time_limit = deadlines.EXCEPTION_TIME_LIMITS[applies_to]
        record_event(
            case,
            CaseEvent.Kind.EXCEPTION_RECORDED,
            on=starts_on,
            actor=actor,
            title=f"An exception to the time limit applies: {time_limit.lower()}",
            detail=f"{reason_enum.description} {deadlines.EXCEPTION_NOTE}",
            basis=exception.basis,
        )
        tell_family(
            case,
            on=starts_on,
            key=f"exception:{exception.pk}",
            subject=f"An exception to a time limit applies to {case.child.known_as}'s case",
            what_happened=f"{case.local_authority.name} recorded an exception to a time limit "
            f"({time_limit.lower()}): {reason_enum.description} ({exception.basis})",
            what_to_do="The legal date has not changed. The council must still act as "
            "soon as practicable. Contact your caseworker if you disagree.",
        )
    return exception


def _check_exception(
    applies_to: str, reason: str, *, starts_on: date, ends_on: date | None, evidence: str
) -> None:
    """A time limit that can have exceptions, a reason the law allows for it, evidence, and
    dates in order."""
    if applies_to not in deadlines.EXCEPTION_TIME_LIMITS:
        raise DomainError(
            "Select which time limit the exception applies to: "
            + ", ".join(label.lower() for label in deadlines.EXCEPTION_TIME_LIMITS.values()),
            field="applies_to",
        )
    allowed = {r.value for r in deadlines.exceptions_for(applies_to, on=starts_on)}
    if reason not in allowed:
        raise DomainError(
            "Select an exception that the law allows for this time limit", field="reason"
        )
    if not evidence.strip():
        raise DomainError("Enter the evidence for the exception", field="evidence")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("The end date must be on or after the start date", field="ends_on")


def _advice_request(
    case: Case, applies_to: str, advice_request_id: int | None
) -> AdviceRequest | None:
    """The request for advice (of this case) an exception to the advice time limit is about."""
    if applies_to != "advice_due" or advice_request_id is None:
        return None
    advice = (
        AdviceRequest.objects.select_for_update().filter(case=case, pk=advice_request_id)
    ).first()
    if advice is None:
        raise DomainError("Select a request for advice on this case", field="advice_request")
    return advice


def _mark_case_and_advice(
    case: Case, advice: AdviceRequest | None, exception: StatutoryException
) -> None:
    """The case has an exception (for SEN2's ``Week20`` if it excuses the 20-week limit); the
    request for advice keeps the first reason recorded against it."""
    reason, applies_to = exception.reason, exception.applies_to
    if advice is not None and not advice.exception_reason:
        advice.exception_reason = reason
        advice.save(update_fields=["exception_reason"])
    case.has_exception = True
    fields = ["has_exception"]
    if deadlines.excuses_twenty_week_limit(applies_to):
        case.twenty_week_exception = True
        fields.append("twenty_week_exception")
    save_case(case, *fields)
