"""The assessment's advice: asking advisers for it (due within 6 weeks, SEND Regulations 2014
reg 8(1)), recording it as received with its structured items, or using advice already given
when everyone agrees (reg 6(4))."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from send_portal import permissions
from send_portal.models import Organisation, User
from send_portal.notifications import notify
from send_portal.text import in_sentence

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import (
    AdviceRequest,
    Case,
    CaseEvent,
    Stage,
)
from . import advice_items
from ._case import (
    expect,
    lock_case,
    record_event,
    save_case,
)
from .dates import not_before, not_in_future


def request_advice(
    *,
    actor: User,
    case_id: int,
    advice_type: str,
    requested_on: date,
    adviser: User | None = None,
    adviser_name: str = "",
    adviser_organisation: Organisation | None = None,
) -> AdviceRequest:
    """Ask an adviser for advice; it is due within 6 weeks of the request (reg 8(1))."""
    if advice_type not in AdviceRequest.AdviceType.values:
        raise DomainError("Select the type of advice", field="advice_type")
    if adviser is None and not adviser_name.strip() and adviser_organisation is None:
        raise DomainError("Choose who to ask for advice", field="adviser")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.ASSESSING, action="ask for advice")
        not_in_future(requested_on, "The date advice was asked for", "requested_on")
        not_before(
            requested_on,
            case.assessment_decided_on,
            "The date advice was asked for",
            "the decision to assess",
            "requested_on",
        )
        due = deadlines.advice_due(requested=requested_on)
        advice = AdviceRequest.objects.create(
            case=case,
            advice_type=advice_type,
            adviser=adviser,
            adviser_name=adviser_name,
            adviser_organisation=adviser_organisation,
            requested_on=requested_on,
            due_on=due.due,
        )
        save_case(case)
        record_event(
            case,
            CaseEvent.Kind.ADVICE_REQUESTED,
            on=requested_on,
            actor=actor,
            title=f"Advice requested: {advice.get_advice_type_display()}",
            detail=f"From {advice.adviser_display}, due {due.due:%-d %B %Y}.",
            basis=due.basis,
        )
        if adviser is not None:
            notify(
                recipient=adviser,
                subject=f"Advice requested for {case.child.full_name} ({case.reference})",
                what_happened=f"{case.local_authority.name} asked you for "
                f"{in_sentence(advice.get_advice_type_display())} for an EHC needs assessment.",
                what_to_do="Submit your advice in the portal.",
                due_date=due.due,
                legal_basis=due.basis,
                dedupe_key=f"ehcp:advice:{advice.pk}:requested",
            )
    return advice


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def record_advice_received(
    *,
    actor: User,
    advice_id: int,
    received_on: date,
    summary: str = "",
    items: list[dict] | tuple = (),
) -> AdviceRequest:
    """Record advice as received, with any structured items (needs, outcomes, provision
    recommendations) in ``items``; the caseworker is told, and told if it came late."""
    with transaction.atomic():
        advice = AdviceRequest.objects.select_for_update().get(pk=advice_id)
        case = lock_case(advice.case_id)
        permissions.require(actor, "ehcp.submit_advice", advice)
        expect(case, Stage.ASSESSING, Stage.PANEL, action="record advice")
        if advice.status != AdviceRequest.Status.REQUESTED:
            raise InvalidTransition("This advice has already been recorded.")
        not_in_future(received_on, "The date the advice was received", "received_on")
        not_before(
            received_on,
            advice.requested_on,
            "The date the advice was received",
            "the date it was asked for",
            "received_on",
        )
        _store_received(advice, actor=actor, received_on=received_on, summary=summary, items=items)
        save_case(case)
        late = received_on > advice.due_on
        record_event(
            case,
            CaseEvent.Kind.ADVICE_RECEIVED,
            on=received_on,
            actor=actor,
            title=f"Advice received: {advice.get_advice_type_display()}",
            detail=f"From {advice.adviser_display}"
            + (f", after it was due on {advice.due_on:%-d %B %Y}." if late else "."),
            basis=advice.deadline.basis,
        )
        if case.caseworker_id and case.caseworker_id != actor.pk:
            _tell_caseworker_advice_arrived(case, advice, late=late)
    return advice


def _store_received(
    advice: AdviceRequest, *, actor: User, received_on: date, summary: str, items
) -> None:
    """The advice as received, its structured items, who sent it and a digest of what they sent."""
    advice.status = AdviceRequest.Status.RECEIVED
    advice.received_on = received_on
    advice.summary = summary
    for item in items:
        advice_items.create_item(advice, item)
    advice.sent_at = timezone.now()
    advice.sent_by = actor
    advice.receipt_digest = advice_items.fingerprint(advice)
    advice.save(
        update_fields=[
            "status",
            "received_on",
            "summary",
            "sent_at",
            "sent_by",
            "receipt_digest",
        ]
    )


def _tell_caseworker_advice_arrived(case: Case, advice: AdviceRequest, *, late: bool) -> None:
    """The caseworker hears the advice is in, how late it was, and how many items it has to take
    into the draft plan."""
    structured = advice.items.count()
    notify(
        recipient=case.caseworker,
        subject=f"{advice.get_advice_type_display()} received for "
        f"{case.child.full_name} ({case.reference})" + (" - late" if late else ""),
        what_happened=f"{advice.adviser_display} sent their advice on "
        f"{advice.received_on:%-d %B %Y}"
        + (
            f", {_days(advice.days_late)} after it was due on {advice.due_on:%-d %B %Y}"
            if late
            else ""
        )
        + f". It has {structured} structured "
        + ("item" if structured == 1 else "items")
        + " (needs, outcomes or provision) you can take into the draft plan.",
        what_to_do="Read the advice. When you write the draft plan, add its items to "
        "sections B, E and F.",
        link=reverse("case-detail", args=[case.reference]) + "#advice",
        dedupe_key=f"ehcp:advice:{advice.pk}:received",
    )


def reuse_existing_advice(
    *,
    actor: User,
    case_id: int,
    advice_type: str,
    reused_from: str,
    agreed_by_council: bool,
    agreed_by_adviser: bool,
    agreed_by_family: bool,
    on: date,
) -> AdviceRequest:
    """Use advice already given (e.g. in the last 12 months) instead of asking again, only when
    the council, the adviser and the parent or young person all agree (reg 6(4))."""
    if not (agreed_by_council and agreed_by_adviser and agreed_by_family):
        raise DomainError(
            "Existing advice can only be used if the council, the adviser and the parent or "
            "young person all agree it is enough (SEND Regulations 2014 reg 6(4))",
            field="agreed_by_family",
        )
    if advice_type not in AdviceRequest.AdviceType.values:
        raise DomainError("Select the type of advice", field="advice_type")
    if not reused_from.strip():
        raise DomainError("Say which advice is being used, with its date", field="reused_from")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.ASSESSING, action="use existing advice")
        not_in_future(on, "The date the advice was agreed", "on")
        not_before(
            on,
            case.assessment_decided_on,
            "The date the advice was agreed",
            "the decision to assess",
            "on",
        )
        advice = AdviceRequest.objects.create(
            case=case,
            advice_type=advice_type,
            adviser_name=reused_from[:200],
            requested_on=on,
            due_on=on,
            received_on=on,
            status=AdviceRequest.Status.REUSED,
            reused_from=reused_from,
            reuse_agreed_by_council=True,
            reuse_agreed_by_adviser=True,
            reuse_agreed_by_family=True,
        )
        save_case(case)
        record_event(
            case,
            CaseEvent.Kind.ADVICE_REUSED,
            on=on,
            actor=actor,
            title=f"Existing advice used: {advice.get_advice_type_display()}",
            detail=f"{reused_from}. The council, the adviser and the family agreed.",
            basis="SEND Regulations 2014 reg 6(4)",
        )
    return advice
