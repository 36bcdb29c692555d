"""Putting the statutory clock right: serving a revised draft plan (its own 15 days to comment)
and a SEND manager's correction of a wrongly entered request date (every date recomputed).

Both follow the service pattern of ``ehcp.services.workflow``: permission, lock, state check,
write, timeline event and audit entry in the same transaction, notifications after commit.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ehcp.deadlines.wording import rule_period_words
from send_portal import audit, permissions
from send_portal.models import AuditEvent, User

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import Case, CaseEvent, Plan, Stage
from ..selectors import today
from . import plans
from ._case import lock_case, record_event, require_time_limit_running, save_case
from .dates import not_before, not_in_future
from .family import tell_family


def _long(d: date) -> str:
    return f"{d:%-d %B %Y}"


COUNCIL_DEACTIVATED = "This council's account is deactivated: its cases cannot be changed."


def _require_active_council(case: Case) -> None:
    if not case.local_authority.is_active:
        raise PermissionDenied(COUNCIL_DEACTIVATED)


def revised_draft_to_serve(case: Case) -> Plan | None:
    """The revised draft waiting to be sent: the latest version, a draft not yet served, made
    from a draft the family already had."""
    latest = case.plans.order_by("-version").first()
    if (
        latest is None
        or latest.status != Plan.Status.DRAFT
        or latest.served_on is not None
        or not case.plans.filter(status=Plan.Status.DRAFT).exclude(served_on=None).exists()
    ):
        return None
    return latest


def serve_revised_draft(*, actor: User, case_id: int, served_on: date) -> Plan:
    """Send a revised draft plan after a material change. The family's 15 days to comment and
    ask for a school or college start again, beginning with the day it is served (SEND
    Regulations 2014 reg 13(1)(a)); section I stays blank (CFA 2014 s38(5)). The 20-week date
    does not move (reg 13(2))."""
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _require_active_council(case)
        if case.stage not in (Stage.DRAFT_SERVED, Stage.CONSULTING):
            raise InvalidTransition(
                "A revised draft can be sent only after the first draft was sent and before the "
                f"final plan: the case is at '{Stage(case.stage).label}'."
            )
        plan = revised_draft_to_serve(case)
        if plan is None:
            raise InvalidTransition(
                "There is no revised draft to send: start a revised draft from the draft the "
                "family has, change it, then send it."
            )
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        not_in_future(served_on, "The date the revised draft was sent", "served_on")
        previous = case.revised_draft_served_on or case.draft_served_on
        not_before(
            served_on,
            previous,
            "The date the revised draft was sent",
            "the date the last draft was sent",
            "served_on",
        )
        plan.served_on = served_on
        plan.save(update_fields=["served_on", "updated_at"])
        plans.request_plan_pdf(plan, actor=actor)
        case.revised_draft_served_on = served_on
        # The family has not seen this version: an earlier "nothing more to add" does not
        # cover it.
        case.no_further_representations_on = None
        save_case(case, "revised_draft_served_on", "no_further_representations_on")
        window = deadlines.revised_representations_close(revised_draft_served=served_on)
        final = deadlines.final_plan(received=case.received_on)
        record_event(
            case,
            CaseEvent.Kind.REVISED_DRAFT_SERVED,
            on=served_on,
            actor=actor,
            title=f"Revised draft EHC plan sent (version {plan.version})",
            detail="Section I (school or college) is left blank. The "
            f"{rule_period_words('revised_representations_close')} to comment start "
            f"again: views and requests for a school or college by {_long(window.due)}. The "
            f"final plan is still due by {_long(final.due)} ({final.basis}).",
            basis=window.basis,
        )
        tell_family(
            case,
            on=served_on,
            key=f"revised_draft_served:{plan.pk}",
            subject=f"Revised draft EHC plan for {case.child.known_as} sent to you",
            what_happened=f"{case.local_authority.name} sent you a revised draft EHC plan "
            f"(version {plan.version}) on {_long(served_on)}. You can compare it with the "
            "draft you had, section by section.",
            what_to_do="You have "
            f"{rule_period_words('revised_representations_close')} again to tell us what "
            "you think, ask for a meeting "
            "and tell us which school or college you want named.",
            due=window,
        )
    return plan


#: The dates a request date correction recomputes, with the case field that records each step
#: (a correction can never put the request after a step that followed it).
_LATER_STEPS = (
    ("considering_notified_on", "the date people were told the council is considering it"),
    ("assessment_decided_on", "the decision whether to assess"),
    ("plan_decided_on", "the decision whether to issue a plan"),
    ("draft_served_on", "the date the draft plan was sent"),
    ("final_issued_on", "the date the final plan was issued"),
    ("closed_on", "the date the case was closed"),
)


def correct_request_date(*, actor: User, case_id: int, received_on: date, reason: str) -> Case:
    """A SEND manager corrects a wrongly entered date the request was received (day 0 of the
    statutory clock, CFA 2014 s36(1)). Every statutory date is recomputed from it, the timeline
    says which dates changed and why, and the correction is audited."""
    if not reason.strip():
        raise DomainError("Enter why the date is being corrected", field="reason")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.correct_request_date", case)
        old = case.received_on
        if received_on == old:
            raise DomainError(
                f"The request is already recorded as received on {_long(old)}: enter the "
                "correct date",
                field="received_on",
            )
        not_in_future(received_on, "The date the request was received", "received_on")
        for field, what in _LATER_STEPS:
            later = getattr(case, field)
            if later is not None and received_on > later:
                raise DomainError(
                    f"The date the request was received must be on or before {what} "
                    f"({_long(later)})",
                    field="received_on",
                )
        before = deadlines.assessment_timetable(received=old)
        after = deadlines.assessment_timetable(received=received_on)
        case.received_on = received_on
        save_case(case, "received_on")
        changes = "; ".join(
            f"{new.label}: {_long(was.due)} is now {_long(new.due)}"
            for was, new in zip(before, after, strict=True)
        )
        record_event(
            case,
            CaseEvent.Kind.REQUEST_DATE_CORRECTED,
            on=today(),
            actor=actor,
            title=f"Date the request was received corrected from {_long(old)} to "
            f"{_long(received_on)}",
            detail=f"Reason: {reason.strip()}. Every statutory date was worked out again from "
            f"the corrected date. {changes}.",
            basis=f"{deadlines.RULES['final_plan'].basis}: the time limits run from the day "
            "the council received the request (Children and Families Act 2014 s36(1))",
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"{case.reference}: request date corrected",
            obj=case,
            child_id=case.child_id,
            detail={
                "field": "received_on",
                "from": old.isoformat(),
                "to": received_on.isoformat(),
                "reason": reason.strip(),
            },
        )
        if case.is_open:
            final = after[-1]
            tell_family(
                case,
                on=today(),
                key=f"request_date_corrected:{received_on.isoformat()}",
                subject=f"The dates for {case.child.known_as}'s request have been corrected",
                what_happened=f"{case.local_authority.name} had the wrong date for when it "
                f"received the request. The correct date is {_long(received_on)}, so every "
                "legal date has been worked out again.",
                what_to_do="See the corrected dates in the portal.",
                due=final,
            )
    case.refresh_from_db()
    return case


def running_time_limits_after_the_plan(case: Case) -> list[str]:
    """The time limits after the plan an exception could be recorded against now: a
    re-assessment in progress (reg 27(3)) or a Tribunal order with a step still to do (reg
    44(3))."""
    running = []
    for applies_to in ("reassessment_final_plan", "tribunal_order"):
        try:
            require_time_limit_running(case, applies_to, None)
        except InvalidTransition:
            continue
        running.append(applies_to)
    return running
