"""The statutory EHC needs assessment workflow, one function per step.

Each step takes the acting user, checks permission, locks the case row, checks the stage it
expects (so a step can never happen twice, and of two concurrent decisions only one succeeds),
records the timeline event and audit entry in the same transaction, and leaves notifications and
PDFs to run after commit. Dates in the law come from ``ehcp.deadlines`` only.

Stages (``ehcp.models.Stage``):

    request_received -> considering -> assessing -> panel -> drafting -> draft_served
        -> consulting -> final_issued
    considering -> not_assessed;  panel -> not_issued;  any open stage -> withdrawn
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import AuditEvent, Organisation, Role, User
from send_portal.text import in_sentence

from .. import deadlines, plan_quality, section_i, selectors
from ..errors import DomainError, InvalidTransition
from ..models import (
    OPEN_STAGES,
    AdviceRequest,
    Case,
    CaseEvent,
    CaseNote,
    CaseTask,
    Child,
    ChildRelationship,
    Decision,
    PanelAgendaItem,
    PanelMeeting,
    Plan,
    Representation,
    RequestSource,
    ReservedKind,
    SettingRequest,
    Stage,
    StatutoryException,
)
from ..plan_document import with_content
from . import advice_items, contacts, dates, management, plans
from .family import tell_family
from .notices import send_notice

# ---- helpers ------------------------------------------------------------------------------------


def _lock(case_id: int) -> Case:
    return (
        Case.objects.select_for_update().select_related("child", "local_authority").get(pk=case_id)
    )


def _expect(case: Case, *stages: str, action: str) -> None:
    if case.stage not in stages:
        raise InvalidTransition(
            f"You cannot {action} now: the case is at '{Stage(case.stage).label}'."
        )


_not_in_future = dates.not_in_future
_not_before = dates.not_before


def _event(
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
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        occurred_on=on,
        actor=actor,
        title=title,
        detail=detail,
        legal_basis=basis,
        visible_to_family=family,
    )
    audit.record(
        actor=actor,
        action=AuditEvent.Action.TRANSITION
        if kind != CaseEvent.Kind.NOTE
        else AuditEvent.Action.UPDATE,
        summary=f"{case.reference}: {title}",
        obj=case,
        child_id=case.child_id,
        detail={"event": kind, "on": on.isoformat()},
    )
    return event


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


def _save(case: Case, *fields: str) -> None:
    due = next_due(case)
    case.next_due_key = due.key if due else ""
    case.next_due_on = due.due if due else None
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "next_due_key", "next_due_on", "version", "updated_at"])
    case.refresh_from_db(fields=["version"])


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


def _require_council_staff(local_authority: Organisation, user: User, field: str) -> None:
    """``user`` must be a caseworker or SEND manager of the council."""
    if local_authority.pk not in user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER):
        raise DomainError(f"{user} is not a caseworker at {local_authority.name}", field=field)


# ---- children and requests ----------------------------------------------------------------------


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
    _not_in_future(received_on, "The date the request was received", "received_on")
    if source not in RequestSource.values:
        raise DomainError("Select who made the request", field="source")
    if caseworker is not None:
        _require_council_staff(child.local_authority, caseworker, "caseworker")
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
        _event(
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
            _event(
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
        case = _lock(case_id)
        # A caseworker may take an unallocated case of their council; re-allocating is a
        # manager's job.
        if not (
            case.caseworker_id is None
            and caseworker == actor
            and permissions.can(actor, "ehcp.run_workflow", case)
        ):
            permissions.require(actor, "ehcp.allocate_caseworker", case)
        _require_council_staff(case.local_authority, caseworker, "caseworker")
        _not_in_future(on, "The allocation date", "on")
        _not_before(
            on, case.received_on, "The allocation date", "the date the request was received", "on"
        )
        if case.caseworker_id == caseworker.pk:
            raise InvalidTransition(f"{caseworker.display_name} is already the caseworker.")
        case.caseworker = caseworker
        _save(case, "caseworker")
        _event(
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
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.REQUEST_RECEIVED, action="start considering the request")
        _not_in_future(notified_on, "The date people were told", "notified_on")
        _not_before(
            notified_on,
            case.received_on,
            "The date people were told",
            "the date the request was received",
            "notified_on",
        )
        case.stage = Stage.CONSIDERING
        case.considering_notified_on = notified_on
        _save(case, "stage", "considering_notified_on")
        setting = case.child.current_setting
        told = ["the parent or young person", "the integrated care board", "children's social care"]
        if setting:
            told.append(setting.name)
        _event(
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


def decide_whether_to_assess(
    *,
    actor: User,
    case_id: int,
    assess: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> Decision:
    """The decision whether to assess, notified within 6 weeks (SEND Regulations 2014 reg 5(1));
    a decision not to assess carries appeal and mediation information (reg 5(3))."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        management.require_manager_if_reserved(actor, case, ReservedKind.ASSESS)
        _expect(case, Stage.CONSIDERING, action="decide whether to assess")
        _not_in_future(decided_on, "The decision date", "decided_on")
        _not_before(
            decided_on,
            case.received_on,
            "The decision date",
            "the date the request was received",
            "decided_on",
        )
        _not_before(
            notice_sent_on,
            decided_on,
            "The date the letter was sent",
            "the decision date",
            "notice_sent_on",
        )
        _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
        if not assess and not reasons.strip():
            raise DomainError("Enter the reasons for deciding not to assess", field="reasons")
        kind = Decision.Kind.ASSESS if assess else Decision.Kind.NOT_ASSESS
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    case=case, kind=kind, decided_on=decided_on, decided_by=actor, reasons=reasons
                )
        except IntegrityError as exc:
            raise InvalidTransition("This decision has already been made.") from exc
        send_notice(decision, sent_on=notice_sent_on, actor=actor)
        case.assessment_decided_on = decided_on
        due = deadlines.decision_to_assess(received=case.received_on)
        late = notice_sent_on > due.due
        if assess:
            case.stage = Stage.ASSESSING
            _save(case, "stage", "assessment_decided_on")
            _event(
                case,
                CaseEvent.Kind.DECIDED_TO_ASSESS,
                on=decided_on,
                actor=actor,
                title="Decided to carry out an EHC needs assessment",
                detail=f"Letter sent {notice_sent_on:%-d %B %Y}"
                + (" (after the 6-week time limit)." if late else "."),
                basis=due.basis,
            )
            final = deadlines.final_plan(received=case.received_on)
            tell_family(
                case,
                on=notice_sent_on,
                key="decided_to_assess",
                subject=f"We will carry out an EHC needs assessment for {case.child.known_as}",
                what_happened=f"{case.local_authority.name} decided on "
                f"{decided_on:%-d %B %Y} to carry out an EHC needs assessment. We will "
                "ask professionals for advice and ask for your views.",
                what_to_do="Send us your views and any reports. If we issue a plan, the "
                "final plan must be issued by the date below.",
                due=final,
            )
        else:
            case.stage = Stage.NOT_ASSESSED
            case.closed_on = decided_on
            _save(case, "stage", "assessment_decided_on", "closed_on")
            _event(
                case,
                CaseEvent.Kind.DECIDED_NOT_TO_ASSESS,
                on=decided_on,
                actor=actor,
                title="Decided not to carry out an EHC needs assessment",
                detail=f"Reasons: {reasons}. Letter sent {notice_sent_on:%-d %B %Y}; appeal "
                f"by {decision.appeal_deadline:%-d %B %Y}.",
                basis=due.basis,
            )
            appeal = deadlines.appeal_deadline(decision_sent=notice_sent_on)
            tell_family(
                case,
                on=notice_sent_on,
                key="decided_not_to_assess",
                subject=f"Decision: no EHC needs assessment for {case.child.known_as}",
                what_happened=f"{case.local_authority.name} decided on "
                f"{decided_on:%-d %B %Y} not to carry out an EHC needs assessment. "
                f"Reasons: {reasons}",
                what_to_do="You can appeal to the SEND Tribunal. Before appealing, "
                "contact a mediation adviser (mediation itself is optional). Free advice: "
                "your local SENDIASS.",
                due=appeal,
            )
    return decision


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
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.ASSESSING, action="ask for advice")
        _not_in_future(requested_on, "The date advice was asked for", "requested_on")
        _not_before(
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
        _save(case)
        _event(
            case,
            CaseEvent.Kind.ADVICE_REQUESTED,
            on=requested_on,
            actor=actor,
            title=f"Advice requested: {advice.get_advice_type_display()}",
            detail=f"From {advice.adviser_display}, due {due.due:%-d %B %Y}.",
            basis=due.basis,
        )
        if adviser is not None:
            from send_portal.notifications import notify

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
        case = _lock(advice.case_id)
        permissions.require(actor, "ehcp.submit_advice", advice)
        _expect(case, Stage.ASSESSING, Stage.PANEL, action="record advice")
        if advice.status != AdviceRequest.Status.REQUESTED:
            raise InvalidTransition("This advice has already been recorded.")
        _not_in_future(received_on, "The date the advice was received", "received_on")
        _not_before(
            received_on,
            advice.requested_on,
            "The date the advice was received",
            "the date it was asked for",
            "received_on",
        )
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
        _save(case)
        late = received_on > advice.due_on
        structured = advice.items.count()
        _event(
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
            from django.urls import reverse

            from send_portal.notifications import notify

            notify(
                recipient=case.caseworker,
                subject=f"{advice.get_advice_type_display()} received for "
                f"{case.child.full_name} ({case.reference})" + (" - late" if late else ""),
                what_happened=f"{advice.adviser_display} sent their advice on "
                f"{received_on:%-d %B %Y}"
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
    return advice


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
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.ASSESSING, action="use existing advice")
        _not_in_future(on, "The date the advice was agreed", "on")
        _not_before(
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
        _save(case)
        _event(
            case,
            CaseEvent.Kind.ADVICE_REUSED,
            on=on,
            actor=actor,
            title=f"Existing advice used: {advice.get_advice_type_display()}",
            detail=f"{reused_from}. The council, the adviser and the family agreed.",
            basis="SEND Regulations 2014 reg 6(4)",
        )
    return advice


def refer_to_panel(
    *, actor: User, case_id: int, meeting_id: int, summary: str, on: date
) -> PanelAgendaItem:
    """Put the case on the agenda of a panel that has not met yet, at the decision point its
    stage is at: whether to assess (while the council considers the request; the case stays
    where it is) or, once all advice is in, whether to issue a plan (the case goes to panel)."""
    if not summary.strip():
        raise DomainError("Enter the case summary for the panel", field="summary")
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.CONSIDERING, Stage.ASSESSING, action="refer the case to panel")
        _not_in_future(on, "The referral date", "on")
        meeting = PanelMeeting.objects.filter(
            pk=meeting_id, local_authority=case.local_authority
        ).first()
        if meeting is None:
            raise DomainError("Choose a panel meeting of the child's council", field="meeting")
        if meeting.meets_on < on:
            raise DomainError(
                f"The panel on {meeting.meets_on:%-d %B %Y} has already met: choose a panel "
                f"meeting on or after {on:%-d %B %Y}",
                field="meeting",
            )
        if case.stage == Stage.CONSIDERING:
            point = PanelAgendaItem.DecisionPoint.REQUEST
            _not_before(
                on, case.received_on, "The referral date", "the date the request was received", "on"
            )
        else:
            point = PanelAgendaItem.DecisionPoint.PLANNING
            _not_before(
                on, case.assessment_decided_on, "The referral date", "the decision to assess", "on"
            )
            outstanding = case.advice_requests.filter(status=AdviceRequest.Status.REQUESTED)
            if not case.advice_requests.exclude(status=AdviceRequest.Status.CANCELLED).exists():
                raise InvalidTransition("Ask for advice before referring the case to panel.")
            if outstanding.exists():
                names = ", ".join(a.get_advice_type_display() for a in outstanding)
                raise InvalidTransition(f"Advice is still outstanding: {names}.")
        if case.panel_items.filter(decision_point=point, recommendation="").exists():
            raise InvalidTransition(
                "The case is already on a panel's agenda for this decision, waiting for its "
                "recommendation."
            )
        item = PanelAgendaItem.objects.create(
            meeting=meeting, case=case, summary=summary, decision_point=point
        )
        if point == PanelAgendaItem.DecisionPoint.PLANNING:
            case.stage = Stage.PANEL
            _save(case, "stage")
        else:
            _save(case)
        _event(
            case,
            CaseEvent.Kind.REFERRED_TO_PANEL,
            on=on,
            actor=actor,
            title=f"Referred to the panel on {meeting.meets_on:%-d %B %Y}",
            detail=f"Question for the panel: {in_sentence(item.get_decision_point_display())}. "
            "The panel recommends; the council decides.",
        )
    return item


def record_panel_recommendation(
    *, actor: User, item_id: int, recommendation: str, reasons: str, on: date
) -> PanelAgendaItem:
    """The panel's recommendation, from the answers open at the item's decision point, recorded
    on or after the day the panel met."""
    if not reasons.strip():
        raise DomainError("Enter the panel's reasons", field="reasons")
    with transaction.atomic():
        item = PanelAgendaItem.objects.select_for_update().select_related("meeting").get(pk=item_id)
        case = _lock(item.case_id)
        permissions.require(actor, "ehcp.record_panel_recommendation", item.meeting)
        if recommendation not in dict(item.recommendation_choices):
            raise DomainError(
                "Select the panel's recommendation: "
                + ", ".join(in_sentence(label) for _, label in item.recommendation_choices),
                field="recommendation",
            )
        if item.recommendation:
            raise InvalidTransition("The panel's recommendation has already been recorded.")
        if item.decision_point == PanelAgendaItem.DecisionPoint.PLANNING:
            _expect(case, Stage.PANEL, action="record the panel's recommendation")
        elif not case.is_open:
            _expect(case, *OPEN_STAGES, action="record the panel's recommendation")
        _not_in_future(on, "The date of the recommendation", "on")
        if not item.meeting.is_held_by(on):
            raise InvalidTransition(
                f"The panel meets on {item.meeting.meets_on:%-d %B %Y}: its recommendation can be "
                "recorded once it has met."
            )
        item.recommendation = recommendation
        item.recommendation_reasons = reasons
        item.recorded_by = actor
        item.recorded_at = timezone.now()
        item.save()
        _event(
            case,
            CaseEvent.Kind.PANEL_RECOMMENDATION,
            on=on,
            actor=actor,
            title=f"Panel recommendation: {item.get_recommendation_display()}",
            detail=reasons,
            family=False,
        )
    return item


def decide_whether_to_issue(
    *,
    actor: User,
    case_id: int,
    issue: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str = "",
) -> Decision:
    """After the assessment: issue a plan, or notify a decision not to (within 16 weeks,
    SEND Regulations 2014 reg 10(1), with appeal and mediation information)."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        management.require_manager_if_reserved(actor, case, ReservedKind.ISSUE)
        _expect(case, Stage.PANEL, action="decide whether to issue a plan")
        if (
            not case.panel_items.filter(decision_point=PanelAgendaItem.DecisionPoint.PLANNING)
            .exclude(recommendation="")
            .exists()
        ):
            raise InvalidTransition("Record the panel's recommendation before deciding.")
        _not_in_future(decided_on, "The decision date", "decided_on")
        _not_before(
            decided_on,
            case.assessment_decided_on,
            "The decision date",
            "the decision to assess",
            "decided_on",
        )
        _not_before(
            notice_sent_on,
            decided_on,
            "The date the letter was sent",
            "the decision date",
            "notice_sent_on",
        )
        _not_in_future(notice_sent_on, "The date the letter was sent", "notice_sent_on")
        if not issue and not reasons.strip():
            raise DomainError("Enter the reasons for deciding not to issue a plan", field="reasons")
        kind = Decision.Kind.ISSUE if issue else Decision.Kind.NOT_ISSUE
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    case=case, kind=kind, decided_on=decided_on, decided_by=actor, reasons=reasons
                )
        except IntegrityError as exc:
            raise InvalidTransition("This decision has already been made.") from exc
        send_notice(decision, sent_on=notice_sent_on, actor=actor)
        case.plan_decided_on = decided_on
        if issue:
            case.stage = Stage.DRAFTING
            _save(case, "stage", "plan_decided_on")
            _event(
                case,
                CaseEvent.Kind.DECIDED_TO_ISSUE,
                on=decided_on,
                actor=actor,
                title="Decided to issue an EHC plan",
                detail=f"Letter sent {notice_sent_on:%-d %B %Y}. A draft plan follows.",
                basis="Children and Families Act 2014 s37(1)",
            )
            tell_family(
                case,
                on=notice_sent_on,
                key="decided_to_issue",
                subject=f"We will issue an EHC plan for {case.child.known_as}",
                what_happened=f"{case.local_authority.name} decided on "
                f"{decided_on:%-d %B %Y} to issue an EHC plan. We will send you a draft.",
                what_to_do="When you get the draft, you will have at least 15 days to "
                "comment and ask for a school or college.",
                due=deadlines.final_plan(received=case.received_on),
            )
        else:
            due = deadlines.no_plan_notice(received=case.received_on)
            case.stage = Stage.NOT_ISSUED
            case.closed_on = decided_on
            _save(case, "stage", "plan_decided_on", "closed_on")
            _event(
                case,
                CaseEvent.Kind.DECIDED_NOT_TO_ISSUE,
                on=decided_on,
                actor=actor,
                title="Decided not to issue an EHC plan",
                detail=f"Reasons: {reasons}. Letter sent {notice_sent_on:%-d %B %Y}; appeal "
                f"by {decision.appeal_deadline:%-d %B %Y}.",
                basis=due.basis,
            )
            tell_family(
                case,
                on=notice_sent_on,
                key="decided_not_to_issue",
                subject=f"Decision: no EHC plan for {case.child.known_as}",
                what_happened=f"{case.local_authority.name} decided on "
                f"{decided_on:%-d %B %Y} not to issue an EHC plan. Reasons: {reasons}",
                what_to_do="You can appeal to the SEND Tribunal. Before appealing, "
                "contact a mediation adviser (mediation itself is optional).",
                due=deadlines.appeal_deadline(decision_sent=notice_sent_on),
            )
    return decision


def serve_draft_plan(*, actor: User, case_id: int, served_on: date) -> Plan:
    """Send the draft plan. Section I stays blank (CFA 2014 s38(5)); the family has at least 15
    days, beginning with the day it is served, to comment and ask for a setting (reg 13(1))."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.DRAFTING, action="send the draft plan")
        _not_in_future(served_on, "The date the draft was sent", "served_on")
        _not_before(
            served_on,
            case.plan_decided_on,
            "The date the draft was sent",
            "the decision to issue",
            "served_on",
        )
        # The draft the caseworker has been writing (ehcp.services.plans.start_draft); a case
        # drafted outside the portal gets an empty version to record the service.
        plan = (
            Plan.objects.select_for_update()
            .filter(case=case, status=Plan.Status.DRAFT, served_on=None)
            .order_by("-version")
            .first()
        )
        if plan is None:
            version = (
                case.plans.order_by("-version").values_list("version", flat=True).first() or 0
            ) + 1
            plan = Plan.objects.create(
                case=case, version=version, status=Plan.Status.DRAFT, created_by=actor
            )
        plan.served_on = served_on
        plan.save(update_fields=["served_on", "updated_at"])
        plans.request_plan_pdf(plan, actor=actor)
        case.stage = Stage.DRAFT_SERVED
        case.draft_served_on = served_on
        _save(case, "stage", "draft_served_on")
        window = deadlines.representations_close(draft_served=served_on)
        _event(
            case,
            CaseEvent.Kind.DRAFT_SERVED,
            on=served_on,
            actor=actor,
            title="Draft EHC plan sent",
            detail=f"Section I (school or college) is left blank. Views and requests for a "
            f"school or college by {window.due:%-d %B %Y}.",
            basis=window.basis,
        )
        tell_family(
            case,
            on=served_on,
            key=f"draft_served:{plan.pk}",
            subject=f"Draft EHC plan for {case.child.known_as} sent to you",
            what_happened=f"{case.local_authority.name} sent you the draft EHC plan "
            f"(version {plan.version}) on {served_on:%-d %B %Y}. You can read it in the portal "
            "section by section, or download it as a PDF. Section I (the school or college) is "
            "blank until the final plan.",
            what_to_do="Tell us what you think of the draft, ask for a meeting if you "
            "want one, and tell us which school or college you want named. You can ask "
            "for any school or college the law allows.",
            due=window,
        )
    return plan


def name_setting_in_plan(
    *, actor: User, plan_id: int, setting: Organisation | None, setting_type: str = ""
) -> Plan:
    """Fill in section I. Refused on a draft: a draft must not name a school or type (s38(5))."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan_id)
        case = _lock(plan.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if plan.status == Plan.Status.DRAFT:
            raise InvalidTransition(
                "A draft plan must not name a school or college or a type of setting "
                "(Children and Families Act 2014 s38(5)): name it when you issue the final plan."
            )
        raise InvalidTransition("Section I of a final plan is changed by amending the plan.")


def record_representations(
    *,
    actor: User,
    case_id: int,
    received_on: date,
    comments: str,
    meeting_requested: bool = False,
    no_further_representations: bool = False,
) -> Representation:
    """The family's views on the draft (SEND Regulations 2014 reg 13(1))."""
    if not comments.strip():
        raise DomainError("Enter your views on the draft plan", field="comments")
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        _expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="give views on the draft plan")
        _not_in_future(received_on, "The date of the views", "received_on")
        _not_before(
            received_on,
            case.draft_served_on,
            "The date of the views",
            "the date the draft was sent",
            "received_on",
        )
        rep = Representation.objects.create(
            case=case,
            received_on=received_on,
            made_by=actor,
            comments=comments,
            meeting_requested=meeting_requested,
            no_further_representations=no_further_representations,
        )
        if no_further_representations and case.no_further_representations_on is None:
            case.no_further_representations_on = received_on
            _save(case, "no_further_representations_on")
        detail = comments if len(comments) < 500 else comments[:497] + "..."
        if meeting_requested:
            detail += " A meeting with a council officer was requested."
        _event(
            case,
            CaseEvent.Kind.REPRESENTATIONS,
            on=received_on,
            actor=actor,
            title="Views on the draft plan received",
            detail=detail,
            basis="SEND Regulations 2014 reg 13(1)",
        )
    return rep


def request_setting(
    *,
    actor: User,
    case_id: int,
    requested_on: date,
    setting: Organisation | None = None,
    setting_name: str = "",
    by_family: bool = True,
) -> SettingRequest:
    """Record the school or college the family asks to be named (CFA 2014 s38(2)(b)), or one the
    council proposes (s39(4), s40), chosen from the settings directory.

    The family may ask for any institution the law allows (s38(3)), so one that cannot be found
    in the directory is still recorded, by the name they gave (``setting_name``), as needing a
    directory setting: the council finds it in the directory (``match_setting_request``) before
    it can be consulted, so no consultation and no section I is ever free text."""
    setting_name = " ".join(setting_name.split())
    if setting is None and not setting_name:
        raise DomainError(
            "Choose the school or college from the settings directory", field="setting"
        )
    if setting is not None and setting.kind != Organisation.Kind.SETTING:
        raise DomainError("Choose a school, college or other education setting", field="setting")
    if setting is None and not by_family:
        raise DomainError(
            "Choose the school or college the council proposes from the settings directory",
            field="setting",
        )
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        if not by_family:  # the council's own proposal
            permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="ask for a school or college")
        _not_in_future(requested_on, "The date of the request", "requested_on")
        _not_before(
            requested_on,
            case.draft_served_on,
            "The date of the request",
            "the date the draft was sent",
            "requested_on",
        )
        if setting is not None:
            earlier = case.setting_requests.filter(setting=setting).first()
            if earlier is not None:
                raise InvalidTransition(_already_requested(earlier))
        rank = case.setting_requests.count() + 1
        request = SettingRequest.objects.create(
            case=case,
            setting=setting,
            setting_name=setting_name[:200] if setting is None else "",
            requested_by_family=by_family,
            preference_rank=rank,
            requested_on=requested_on,
        )
        who = "Asked for" if by_family else "The council proposes"
        detail = (
            "The council must consult it and name it unless the law says otherwise."
            if setting is not None
            else "It is not in the settings directory yet: the council will find it there, "
            "then consult it and name it unless the law says otherwise."
        )
        _event(
            case,
            CaseEvent.Kind.SETTING_REQUESTED,
            on=requested_on,
            actor=actor,
            title=f"{who} {request.display_name} to be named",
            detail=detail,
            basis="Children and Families Act 2014 s38(2)(b) and s39"
            if by_family
            else "Children and Families Act 2014 s39(4) and s40",
        )
    return request


def _already_requested(earlier: SettingRequest) -> str:
    """What the family is told when they ask for a setting already asked for on the case."""
    name = earlier.display_name
    if earlier.status == SettingRequest.Status.CONSULTED:
        return (
            f"{name} has already been requested and is being consulted: the council asked it on "
            f"{earlier.consulted_on:%-d %B %Y} to reply by {earlier.response_due_on:%-d %B %Y}."
        )
    if earlier.status == SettingRequest.Status.RESPONDED:
        return (
            f"{name} has already been consulted and replied on "
            f"{earlier.responded_on:%-d %B %Y}: the council will decide whether to name it."
        )
    if earlier.status == SettingRequest.Status.NAMED:
        return f"The council has already decided to name {name} in the plan."
    if earlier.status == SettingRequest.Status.REFUSED:
        return f"The council has already decided not to name {name}, with its reasons."
    return (
        f"{name} has already been requested, on {earlier.requested_on:%-d %B %Y}: the council "
        "will consult it."
    )


def match_setting_request(
    *, actor: User, setting_request_id: int, setting: Organisation
) -> SettingRequest:
    """Put a directory setting on a request recorded by the name the family gave (or on one
    recorded as free text before the directory was required). The name they gave is kept."""
    if setting is None or setting.kind != Organisation.Kind.SETTING:
        raise DomainError(
            "Choose the school or college from the settings directory", field="choice"
        )
    with transaction.atomic():
        request = SettingRequest.objects.select_for_update().get(pk=setting_request_id)
        case = _lock(request.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if request.setting_id is not None:
            raise InvalidTransition(f"{request.setting.name} is already chosen from the directory.")
        if not request.is_open:
            raise InvalidTransition(
                "The decision about this request has been made: amend the plan instead."
            )
        earlier = case.setting_requests.filter(setting=setting).exclude(pk=request.pk).first()
        if earlier is not None:
            raise DomainError(_already_requested(earlier), field="choice")
        asked_as = request.setting_name
        request.setting = setting
        request.save(update_fields=["setting"])
        _event(
            case,
            CaseEvent.Kind.SETTING_REQUESTED,
            on=selectors.today(),
            actor=actor,
            title=f"\u201c{asked_as}\u201d found in the settings directory: {setting.name}",
            detail=f"URN {setting.urn}. The council can now consult it." if setting.urn else "",
            basis="Children and Families Act 2014 s38(2)(b) and s39",
        )
    return request


def consult_setting(*, actor: User, setting_request_id: int, consulted_on: date) -> SettingRequest:
    """Consult the requested school or college (CFA 2014 s39(2)); it is asked to reply within
    15 days (``deadlines.consultation_response_due``)."""
    with transaction.atomic():
        request = SettingRequest.objects.select_for_update().get(pk=setting_request_id)
        case = _lock(request.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="consult a school or college")
        if request.status != SettingRequest.Status.REQUESTED:
            raise InvalidTransition(f"{request.display_name} has already been consulted.")
        if request.setting_id is None:
            raise InvalidTransition(
                f"Find \u201c{request.display_name}\u201d in the settings directory before "
                "consulting it, so that its SENCo is asked and section I can name it."
            )
        _not_in_future(consulted_on, "The consultation date", "consulted_on")
        _not_before(
            consulted_on,
            request.requested_on,
            "The consultation date",
            "the date it was requested",
            "consulted_on",
        )
        request.status = SettingRequest.Status.CONSULTED
        request.consulted_on = consulted_on
        reply = deadlines.consultation_response_due(consulted=consulted_on)
        request.response_due_on = reply.due
        request.save()
        if case.stage == Stage.DRAFT_SERVED:
            case.stage = Stage.CONSULTING
            _save(case, "stage")
        _event(
            case,
            CaseEvent.Kind.SETTING_CONSULTED,
            on=consulted_on,
            actor=actor,
            title=f"{request.display_name} consulted",
            detail=f"Reply asked for by {request.response_due_on:%-d %B %Y}.",
            basis=reply.basis,
        )
        if request.setting_id:
            from send_portal.notifications import notify

            for senco in User.objects.filter(
                role_assignments__role=Role.SENCO, role_assignments__organisation=request.setting
            ):
                notify(
                    recipient=senco,
                    subject=f"Consultation: can {request.setting.name} meet "
                    f"{case.child.full_name}'s needs?",
                    what_happened=f"{case.local_authority.name} is consulting you about naming "
                    f"your setting in {case.child.full_name}'s EHC plan ({case.reference}).",
                    what_to_do="Read the draft plan and reply in the portal.",
                    due_date=request.response_due_on,
                    legal_basis=reply.basis,
                    dedupe_key=f"ehcp:consultation:{request.pk}:senco:{senco.pk}",
                )
    return request


def record_setting_response(
    *, actor: User, setting_request_id: int, response: str, responded_on: date, detail: str = ""
) -> SettingRequest:
    if response not in SettingRequest.Response.values:
        raise DomainError("Select whether the setting can meet the child's needs", field="response")
    with transaction.atomic():
        request = SettingRequest.objects.select_for_update().get(pk=setting_request_id)
        case = _lock(request.case_id)
        permissions.require(actor, "ehcp.respond_to_consultation", request)
        _expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="record the reply")
        if request.status != SettingRequest.Status.CONSULTED:
            raise InvalidTransition("This consultation is not waiting for a reply.")
        _not_in_future(responded_on, "The date of the reply", "responded_on")
        _not_before(
            responded_on,
            request.consulted_on,
            "The date of the reply",
            "the consultation date",
            "responded_on",
        )
        request.status = SettingRequest.Status.RESPONDED
        request.response = response
        request.response_detail = detail
        request.responded_on = responded_on
        request.responded_by = actor
        request.save()
        _event(
            case,
            CaseEvent.Kind.SETTING_RESPONDED,
            on=responded_on,
            actor=actor,
            title=f"{request.display_name} replied: {in_sentence(request.get_response_display())}",
            detail=detail,
            basis="Children and Families Act 2014 s39(2)",
        )
    return request


def decide_placement(
    *,
    actor: User,
    setting_request_id: int,
    name_it: bool,
    decided_on: date,
    refusal_ground: str = "",
    reasons: str = "",
) -> SettingRequest:
    """Name the requested setting, or refuse on a ground in CFA 2014 s39(4), recorded."""
    with transaction.atomic():
        request = SettingRequest.objects.select_for_update().get(pk=setting_request_id)
        case = _lock(request.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="decide about naming a setting")
        if not request.is_open:
            raise InvalidTransition(
                f"The decision about {request.display_name} has already been made."
            )
        if request.status == SettingRequest.Status.REQUESTED:
            raise InvalidTransition(f"Consult {request.display_name} before deciding.")
        _not_in_future(decided_on, "The decision date", "decided_on")
        _not_before(
            decided_on,
            request.consulted_on,
            "The decision date",
            "the consultation date",
            "decided_on",
        )
        if name_it and case.setting_requests.filter(status=SettingRequest.Status.NAMED).exists():
            raise InvalidTransition("A setting has already been chosen for section I.")
        if not name_it:
            if refusal_ground not in SettingRequest.RefusalGround.values:
                raise DomainError(
                    "Select the legal ground for not naming the setting "
                    "(Children and Families Act 2014 s39(4))",
                    field="refusal_ground",
                )
            if not reasons.strip():
                raise DomainError("Enter the reasons for not naming the setting", field="reasons")
        request.status = SettingRequest.Status.NAMED if name_it else SettingRequest.Status.REFUSED
        request.decided_on = decided_on
        request.refusal_ground = "" if name_it else refusal_ground
        request.refusal_reasons = "" if name_it else reasons
        request.save()
        title = (
            f"{request.display_name} will be named in the plan"
            if name_it
            else f"{request.display_name} will not be named"
        )
        _event(
            case,
            CaseEvent.Kind.PLACEMENT_DECIDED,
            on=decided_on,
            actor=actor,
            title=title,
            detail="" if name_it else f"{request.get_refusal_ground_display()}. {reasons}",
            basis="Children and Families Act 2014 s39(3)-(4)",
        )
    return request


def issue_final_plan(
    *, actor: User, case_id: int, issued_on: date, notice_sent_on: date, setting_type: str = ""
) -> Plan:
    """Issue the final plan within 20 weeks of the request (SEND Regulations 2014 reg 13(2)),
    never before the family's 15-day window closes (reg 13(1)) unless they said they have
    nothing more to add, with section I completed and appeal information (reg 14)."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        _expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="issue the final plan")
        _not_in_future(issued_on, "The issue date", "issued_on")
        _not_before(
            notice_sent_on,
            issued_on,
            "The date the plan was sent",
            "the issue date",
            "notice_sent_on",
        )
        _not_in_future(notice_sent_on, "The date the plan was sent", "notice_sent_on")
        window = case.representations_window
        waived = (
            case.no_further_representations_on is not None
            and issued_on >= case.no_further_representations_on
        )
        if issued_on <= window.due and not waived:
            raise InvalidTransition(
                f"The family can still comment on the draft until {window.due:%-d %B %Y} "
                f"({window.basis}). Issue the final plan after that, unless they tell you they "
                "have nothing more to add."
            )
        open_requests = [r for r in case.setting_requests.all() if r.is_open]
        if open_requests:
            names = ", ".join(r.display_name for r in open_requests)
            raise InvalidTransition(f"Decide about every requested setting first: {names}.")
        named = (
            case.setting_requests.filter(status=SettingRequest.Status.NAMED)
            .select_related("setting")
            .first()
        )
        if named is not None and named.setting_id is None:
            raise InvalidTransition(
                f"\u201c{named.setting_name}\u201d is not in the settings directory: choose it "
                "from the directory on the case page before issuing the final plan "
                f"({section_i.BASIS})."
            )
        if named is None:
            problem = section_i.problem(setting_id=None, setting_type=setting_type)
            if problem:
                raise DomainError(problem, field="setting_type")
        draft = plans.current_draft(case)
        if (
            draft is None
            or not case.plans.filter(status=Plan.Status.DRAFT).exclude(served_on=None).exists()
        ):
            raise InvalidTransition("Send a draft plan before issuing the final plan.")
        stopping = plan_quality.blocking(
            plan_quality.check(with_content(Plan.objects.filter(pk=draft.pk)).get(), on=issued_on)
        )
        if stopping:
            raise InvalidTransition(" ".join(finding.message for finding in stopping))
        plan = plans.new_version_from(
            draft,
            status=Plan.Status.FINAL,
            actor=actor,
            served_on=issued_on,
            issued_on=issued_on,
            section_i_setting=named.setting if named else None,
            section_i_type=_named_type(named) if named else setting_type.strip(),
        )
        try:
            with transaction.atomic():
                decision = Decision.objects.create(
                    case=case, kind=Decision.Kind.FINAL_PLAN, decided_on=issued_on, decided_by=actor
                )
        except IntegrityError as exc:
            raise InvalidTransition("The final plan has already been issued.") from exc
        send_notice(decision, sent_on=notice_sent_on, actor=actor)
        plans.request_plan_pdf(plan, actor=actor)
        case.stage = Stage.FINAL_ISSUED
        case.final_issued_on = issued_on
        case.closed_on = issued_on
        _save(case, "stage", "final_issued_on", "closed_on")
        due = deadlines.final_plan(received=case.received_on)
        late = issued_on > due.due
        weeks = deadlines.week_of(case.received_on, issued_on)
        placement = named.display_name if named else setting_type
        _event(
            case,
            CaseEvent.Kind.FINAL_ISSUED,
            on=issued_on,
            actor=actor,
            title="Final EHC plan issued",
            detail=f"Section I: {placement}. Issued in week {weeks} "
            + (
                "(after the 20-week time limit"
                + ("; an exception was recorded)." if case.twenty_week_exception_applies else ").")
                if late
                else "(within 20 weeks)."
            )
            + f" Appeal by {decision.appeal_deadline:%-d %B %Y}.",
            basis=due.basis,
        )
        tell_family(
            case,
            on=notice_sent_on,
            key="final_issued",
            subject=f"Final EHC plan for {case.child.known_as} issued",
            what_happened=f"{case.local_authority.name} issued the final EHC plan on "
            f"{issued_on:%-d %B %Y}, naming {placement}. You can read it in the portal, download "
            "it as a PDF, and see what changed from the draft, section by section.",
            what_to_do="If you disagree with sections B, F or I, you can appeal to the "
            "SEND Tribunal. Before appealing (except about section I alone), contact a "
            "mediation adviser; mediation itself is optional.",
            due=deadlines.appeal_deadline(decision_sent=notice_sent_on),
        )
        if named is not None and named.setting_id:
            _tell_named_setting(case, named, plan, issued_on=issued_on)
    return plan


def _tell_named_setting(case: Case, named: SettingRequest, plan: Plan, *, issued_on: date) -> None:
    """The council sends the finalised plan to the school or college it names (SEND
    Regulations 2014 reg 14): its SENCos are told and can read the plan in the portal."""
    from send_portal.notifications import notify

    for senco in User.objects.filter(
        role_assignments__role=Role.SENCO, role_assignments__organisation=named.setting
    ).distinct():
        notify(
            recipient=senco,
            subject=f"Final EHC plan naming {named.setting.name}: {case.child.full_name}",
            what_happened=f"{case.local_authority.name} issued {case.child.full_name}'s final "
            f"EHC plan ({case.reference}) on {issued_on:%-d %B %Y}. Section I names "
            f"{named.setting.name}.",
            what_to_do="Read the final plan in the portal and download it as a PDF. The school "
            "or college named in a plan must admit the child or young person (Children and "
            "Families Act 2014 s43) and make the provision in section F with the council.",
            legal_basis="SEND Regulations 2014 reg 14; Children and Families Act 2014 s43",
            dedupe_key=f"ehcp:final-plan:{plan.pk}:senco:{senco.pk}",
        )


def _named_type(named: SettingRequest | None) -> str:
    """Section I's type of institution for the named setting: its type in the directory."""
    if named is None or named.setting_id is None:
        return ""
    return named.setting.setting_type


def _exception_applies_now(case: Case, applies_to: str, advice: AdviceRequest | None) -> None:
    """The time limit the exception is recorded against must still be running on this case."""
    from django.apps import apps

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
                "There is no re-assessment in progress: its 14 weeks start when the family is "
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
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        advice = None
        if applies_to == "advice_due" and advice_request_id is not None:
            advice = (
                AdviceRequest.objects.select_for_update().filter(case=case, pk=advice_request_id)
            ).first()
            if advice is None:
                raise DomainError(
                    "Select a request for advice on this case", field="advice_request"
                )
        _exception_applies_now(case, applies_to, advice)
        _not_in_future(starts_on, "The date the exception started", "starts_on")
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
        if advice is not None and not advice.exception_reason:
            advice.exception_reason = reason
            advice.save(update_fields=["exception_reason"])
        case.has_exception = True
        fields = ["has_exception"]
        if deadlines.excuses_twenty_week_limit(applies_to):
            case.twenty_week_exception = True
            fields.append("twenty_week_exception")
        _save(case, *fields)
        reason_enum = deadlines.ExceptionReason(reason)
        time_limit = deadlines.EXCEPTION_TIME_LIMITS[applies_to]
        _event(
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


def withdraw_request(*, actor: User, case_id: int, on: date, reason: str) -> Case:
    if not reason.strip():
        raise DomainError("Enter why the request was withdrawn", field="reason")
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if not case.is_open:
            raise InvalidTransition("Only an open request can be withdrawn.")
        _not_in_future(on, "The date of the withdrawal", "on")
        _not_before(
            on,
            case.received_on,
            "The date of the withdrawal",
            "the date the request was received",
            "on",
        )
        case.stage = Stage.WITHDRAWN
        case.closed_on = on
        _save(case, "stage", "closed_on")
        _event(
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
        case = _lock(case_id)
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
        case = _lock(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if assignee is not None:
            _require_council_staff(case.local_authority, assignee, "assignee")
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
        case = _lock(task.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if task.done_on is not None:
            raise InvalidTransition("This task is already done.")
        _not_in_future(on, "The date the task was done", "on")
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
