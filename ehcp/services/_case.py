"""What every step of the EHC needs assessment does to its case, written once.

Each stage module (``request``, ``assessment``, ``advice``, ``panel``, ``drafting``,
``placement``, ``final``, ``statutory_exceptions``, ``casework``) locks the case
(:func:`lock_case`), checks the stage it expects (:func:`expect`), saves the case with its next
statutory date (:func:`save_case`, :func:`next_due`), records the timeline event and its audit
entry together (:func:`record_event`) and, for a decision with appeal rights, records the
decision and queues its letter (:func:`record_decision`). Private to ``ehcp.services``: another
package reaches these through ``ehcp.services.workflow``.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db import IntegrityError, transaction
from django.db.models import F

from ehcp.deadlines.wording import rule_period_words
from send_portal.models import Organisation, Role, User

from .. import deadlines
from ..case_updates import record_case_event
from ..errors import DomainError, InvalidTransition
from ..models import AdviceRequest, Case, CaseEvent, Decision, Stage
from .dates import not_before, not_in_future
from .family import tell_family
from .notices import send_notice


def lock_case(case_id: int, *, of_case_only: bool = False) -> Case:
    """The case, locked until the end of the transaction, with its child and council (their rows
    locked too, unless ``of_case_only``: the plan's services lock the case row alone)."""
    return (
        Case.objects.select_for_update(of=("self",) if of_case_only else ())
        .select_related("child", "local_authority")
        .get(pk=case_id)
    )


def expect(case: Case, *stages: str, action: str) -> None:
    """Refuse the step unless the case is at one of ``stages``: a step never happens twice, and
    of two concurrent decisions only one succeeds."""
    if case.stage not in stages:
        raise InvalidTransition(
            f"You cannot {action} now: the case is at '{Stage(case.stage).label}'."
        )


def record_event(
    case: Case,
    kind: str,
    *,
    on: date,
    actor,
    title: str,
    detail: str = "",
    basis: str = "",
    family: bool = True,
) -> CaseEvent:
    """A timeline entry on the case and its audit record, in the caller's transaction
    (``ehcp.case_updates.record_case_event``, the one writer: a note is audited as an update,
    any other event as a transition)."""
    return record_case_event(
        case, kind, on=on, actor=actor, title=title, detail=detail, basis=basis, family=family
    )


def next_due(case: Case) -> deadlines.Deadline | None:
    """The council's next statutory (or target) date for this case, by stage."""
    t0 = case.received_on
    if case.stage in (Stage.REQUEST_RECEIVED, Stage.CONSIDERING):
        return deadlines.decision_to_assess(received=t0)
    if case.stage == Stage.ASSESSING:
        outstanding = case.advice_requests.filter(status=AdviceRequest.Status.REQUESTED)
        first = outstanding.order_by("due_on").first()
        if first is not None and first.due_on < deadlines.no_plan_notice(received=t0).due:
            return first.deadline
        return deadlines.no_plan_notice(received=t0)
    if case.stage == Stage.PANEL:
        return deadlines.no_plan_notice(received=t0)
    if case.stage == Stage.DRAFTING:
        return deadlines.draft_plan_target(received=t0)
    if case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING):
        return deadlines.final_plan(received=t0)
    return None


def save_case(case: Case, *fields: str) -> None:
    """Save ``fields`` with the case's next due date, and bump its version."""
    due = next_due(case)
    case.next_due_key = due.key if due else ""
    case.next_due_on = due.due if due else None
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "next_due_key", "next_due_on", "version", "updated_at"])
    case.refresh_from_db(fields=["version"])


def require_council_staff(local_authority: Organisation, user: User, field: str) -> None:
    """``user`` must be a caseworker or SEND manager of the council."""
    if local_authority.pk not in user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER):
        raise DomainError(f"{user} is not a caseworker at {local_authority.name}", field=field)


def check_decision_dates(
    *, decided_on: date, notice_sent_on: date, after: date | None, after_what: str
) -> None:
    """A decision and its letter: both today or in the past, the decision on or after
    ``after`` (the step it follows), the letter on or after the decision."""
    not_in_future(decided_on, "The decision date", "decided_on")
    not_before(decided_on, after, "The decision date", after_what, "decided_on")
    not_before(
        notice_sent_on,
        decided_on,
        "The date the letter was sent",
        "the decision date",
        "notice_sent_on",
    )
    not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")


def record_decision(
    case: Case,
    kind: str,
    *,
    actor: User,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
    already: str = "This decision has already been made.",
) -> Decision:
    """Record the council's decision (one of each kind per case: of two at once, the second is
    refused with ``already``) and queue its letter, sent on ``notice_sent_on``."""
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                case=case, kind=kind, decided_on=decided_on, decided_by=actor, reasons=reasons
            )
    except IntegrityError as exc:
        raise InvalidTransition(already) from exc
    send_notice(decision, sent_on=notice_sent_on, actor=actor)
    return decision


def close_on_refusal(
    case: Case,
    decision: Decision,
    *,
    actor: User,
    stage: str,
    decided_field: str,
    kind: str,
    title: str,
    basis: str,
    subject: str,
    what_happened: str,
    what_to_do: str,
) -> None:
    """A decision not to go on (not to assess, not to issue a plan) closes the case on the day
    it was made: the timeline gives its reasons, its letter and the appeal date, and the family
    is told how to appeal, by when."""
    case.stage = stage
    case.closed_on = decision.decided_on
    save_case(case, "stage", decided_field, "closed_on")
    record_event(
        case,
        kind,
        on=decision.decided_on,
        actor=actor,
        title=title,
        detail=f"Reasons: {decision.reasons}. Letter sent {decision.notice_sent_on:%-d %B %Y}; "
        f"appeal by {decision.appeal_deadline:%-d %B %Y}.",
        basis=basis,
    )
    tell_family(
        case,
        on=decision.notice_sent_on,
        key=str(kind),
        subject=subject,
        what_happened=what_happened,
        what_to_do=what_to_do,
        due=deadlines.appeal_deadline(decision_sent=decision.notice_sent_on),
    )


def require_time_limit_running(case: Case, applies_to: str, advice: AdviceRequest | None) -> None:
    """The time limit the exception is recorded against must still be running on this case."""

    if applies_to in ("decision_to_assess", "no_plan_notice", "final_plan"):
        if not case.is_open:
            raise InvalidTransition("Exceptions can only be recorded while the case is open.")
    elif applies_to == "advice_due":
        if advice is None:
            raise DomainError(
                "Select the request for advice the exception is about", field="advice_request"
            )
        if advice.status == AdviceRequest.Status.CANCELLED:
            raise InvalidTransition("That request for advice was cancelled.")
    elif applies_to == "reassessment_final_plan":
        reassessment = apps.get_model("reviews", "Reassessment")
        if not reassessment.objects.filter(
            case=case, notified_on__isnull=False, completed_on__isnull=True
        ).exists():
            raise InvalidTransition(
                "There is no re-assessment in progress: its "
                f"{rule_period_words('reassessment_final_plan')} start "
                "when the family is "
                "told the council will re-assess (SEND Regulations 2014 reg 27(2))."
            )
    elif applies_to == "tribunal_order":
        step = apps.get_model("redress", "ComplianceStep")
        if not step.objects.filter(
            case=case,
            source=step.Source.ORDER,
            completed_on__isnull=True,
            not_required=False,
        ).exists():
            raise InvalidTransition(
                "There is no Tribunal order with a step still to do on this case."
            )
