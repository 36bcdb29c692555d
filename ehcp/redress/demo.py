"""Demo mediation, appeals and complaints, built through the real services on the ehcp demo
cases. Dates are relative to today, so the demo always shows live deadlines. Idempotent: a
decision that already has a mediation case or an appeal, or a complaint already recorded, is
skipped.

- Freya Khan (decided not to assess): the family mediates with the demo mediator and reaches
  agreement; one agreed action is done, the assessment steps are running; certificate issued.
- Harry Evans (decided not to issue a plan): certificate without mediation.
- Oliver Green (final plan): appeal about section I only (no certificate needed), allowed, with
  the Tribunal's order and its compliance step due.
- Two complaints at different stages: one at council stage 1, one with the Ombudsman.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from ehcp import deadlines, selectors
from ehcp.models import Case, Decision

from .models import Complaint, Matter, MediationAgreementAction, MediationCase, TribunalAppeal
from .services import appeals, complaints, mediation


def _case(ctx, first: str, last: str) -> Case | None:
    return (
        Case.objects.filter(
            local_authority=ctx.las["881"], child__first_name=first, child__last_name=last
        )
        .order_by("pk")
        .first()
    )


def _decision(case: Case | None, kind: str) -> Decision | None:
    if case is None:
        return None
    return case.decisions.filter(kind=kind, notice_sent_on__isnull=False).first()


def _freya(ctx, worker, mediator, service) -> None:
    decision = _decision(_case(ctx, "Freya", "Khan"), Decision.Kind.NOT_ASSESS)
    if decision is None or MediationCase.objects.filter(decision=decision).exists():
        return
    sent = decision.notice_sent_on
    told = sent + timedelta(days=4)
    held = sent + timedelta(days=20)
    case = mediation.open_mediation_case(
        actor=worker, decision_id=decision.pk, contacted_on=sent + timedelta(days=3)
    )
    mediation.record_mediation_choice(
        actor=worker,
        mediation_id=case.pk,
        wishes_to_mediate=True,
        told_on=told,
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    mediation.arrange_mediation(
        actor=worker,
        mediation_id=case.pk,
        arranged_for=held,
        mediator=mediator,
        mediation_service=service,
    )
    mediation.record_session(
        actor=mediator, mediation_id=case.pk, held_on=held, format="video", duration_minutes=120
    )
    for name, kind, authority in (
        ("Amira Khan", "parent", False),
        ("Priya Shah, SEND caseworker", "council", True),
        ("Essex SENDIASS adviser", "supporter", False),
    ):
        mediation.add_participant(
            actor=mediator, mediation_id=case.pk, name=name, kind=kind, has_authority=authority
        )
    mediation.conclude_mediation(
        actor=mediator,
        mediation_id=case.pk,
        concluded_on=held,
        outcome=MediationCase.Outcome.AGREED,
        summary="The council will carry out an EHC needs assessment, and the educational "
        "psychologist will observe Freya in class first.",
    )
    mediation.add_agreement_action(
        actor=mediator,
        mediation_id=case.pk,
        description="Carry out an EHC needs assessment for Freya.",
        order_type="assess",
    )
    visit = mediation.add_agreement_action(
        actor=mediator,
        mediation_id=case.pk,
        description="Educational psychologist to observe Freya in class and share the notes "
        "with the family.",
        responsible=MediationAgreementAction.Responsible.COUNCIL,
    )
    appeals.complete_step(
        actor=worker,
        step_id=visit.steps.get().pk,
        completed_on=min(held + timedelta(days=7), selectors.today()),
        note="Observation on the Tuesday morning; notes sent to the family.",
    )
    mediation.issue_certificate(
        actor=mediator,
        mediation_id=case.pk,
        issued_on=min(deadlines.add_working_days(held, 2), selectors.today()),
    )


def _harry(ctx, worker, mediator, service) -> None:
    decision = _decision(_case(ctx, "Harry", "Evans"), Decision.Kind.NOT_ISSUE)
    if decision is None or MediationCase.objects.filter(decision=decision).exists():
        return
    told = decision.notice_sent_on + timedelta(days=10)
    case = mediation.open_mediation_case(actor=worker, decision_id=decision.pk, contacted_on=told)
    mediation.assign_mediator(
        actor=worker, mediation_id=case.pk, mediator=mediator, mediation_service=service
    )
    mediation.record_mediation_choice(
        actor=worker, mediation_id=case.pk, wishes_to_mediate=False, told_on=told
    )
    mediation.issue_certificate(
        actor=mediator,
        mediation_id=case.pk,
        issued_on=min(deadlines.add_working_days(told, 2), selectors.today()),
    )


def _oliver(ctx, worker) -> None:
    decision = _decision(_case(ctx, "Oliver", "Green"), Decision.Kind.FINAL_PLAN)
    if decision is None or TribunalAppeal.objects.filter(decision=decision).exists():
        return
    sent = decision.notice_sent_on
    decided = min(sent + timedelta(days=15), selectors.today())
    appeal = appeals.register_appeal(
        actor=worker,
        decision_id=decision.pk,
        registered_on=sent + timedelta(days=5),
        matters=[Matter.SECTION_I],
        tribunal_reference=f"EH881/{sent:%y}/{decision.pk:05d}",
    )
    appeals.list_hearing(actor=worker, appeal_id=appeal.pk, hearing_on=decided)
    appeals.record_appeal_decision(
        actor=worker,
        appeal_id=appeal.pk,
        outcome=TribunalAppeal.Outcome.ALLOWED,
        decided_on=decided,
        summary="The Tribunal ordered the council to name the parents' preferred school.",
    )
    appeals.record_order(
        actor=worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=decided,
        detail="Amend section I to name the parents' preferred primary school.",
    )


def _complaints(ctx, worker) -> None:
    essex = ctx.las["881"]
    now = selectors.today()
    alex = _case(ctx, "Alex", "Taylor")
    first = "Emails to the SEND team about Alex's draft plan went unanswered for three weeks."
    if not Complaint.objects.filter(local_authority=essex, summary=first).exists():
        complaints.record_complaint(
            actor=worker,
            local_authority=essex,
            received_on=now - timedelta(days=4),
            complainant_name="Sam Taylor",
            category=Complaint.Category.COMMUNICATION,
            summary=first,
            responsible=Complaint.Responsible.COUNCIL,
            case=alex,
        )
    second = (
        "The family was not told what the multi-agency panel recommended before the decision "
        "letter arrived."
    )
    if not Complaint.objects.filter(local_authority=essex, summary=second).exists():
        complaint = complaints.record_complaint(
            actor=worker,
            local_authority=essex,
            received_on=now - timedelta(days=45),
            complainant_name="Daniel Evans",
            category=Complaint.Category.PROCESS,
            summary=second,
            responsible=Complaint.Responsible.COUNCIL,
            case=_case(ctx, "Harry", "Evans"),
            sendiass_involved=True,
        )
        steps = (
            ("respond", 38, Complaint.Outcome.NOT_UPHELD),
            ("escalate", 35, "la_stage_2"),
            ("respond", 12, Complaint.Outcome.PARTLY_UPHELD),
            ("escalate", 5, "lgsco"),
        )
        for action, days_ago, value in steps:
            on = now - timedelta(days=days_ago)
            if action == "respond":
                complaints.record_response(
                    actor=worker,
                    complaint_id=complaint.pk,
                    responded_on=on,
                    outcome=value,
                    summary="Reply sent by the SEND service manager.",
                )
            else:
                complaints.escalate_complaint(
                    actor=worker, complaint_id=complaint.pk, to_stage=value, escalated_on=on
                )


@transaction.atomic
def build(ctx) -> None:
    worker = ctx.people["caseworker"]
    mediator = ctx.people["mediator"]
    service = ctx.orgs["mediation"]
    _freya(ctx, worker, mediator, service)
    _harry(ctx, worker, mediator, service)
    _oliver(ctx, worker)
    _complaints(ctx, worker)
