"""Appeals to the First-tier Tribunal (SEND), its orders and the council's compliance with them
(SEND Regulations 2014 regs 44 and 45), one function per step. The council records what the
Tribunal registered and decided; the deadlines come from ``ehcp.deadlines``."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse

from ehcp import deadlines
from ehcp.deadlines.wording import rule_period_words
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Decision
from send_portal import permissions
from send_portal.models import User

from ..models import (
    MATTERS_BY_DECISION,
    NO_CERTIFICATE_BASIS,
    NO_CERTIFICATE_MATTERS,
    ORDER_TYPE_MATTERS,
    RECOMMENDATION_MATTERS,
    UNOPPOSED_KIND_MATTERS,
    ComplianceStep,
    Matter,
    MediationCase,
    TribunalAppeal,
    TribunalOrder,
    in_sentence,
    lower_first,
    matter_labels,
)
from ..models.choices import ORDER_TYPE_LABELS, UNOPPOSED_ONLY_KINDS
from ._common import (
    add_compliance_steps,
    event,
    lock_case_of,
    long_date,
    not_before,
    not_in_future,
    tell_council,
    tell_family,
    today,
)

Outcome = TribunalAppeal.Outcome


def _lock(appeal_id: int) -> TribunalAppeal:
    return (
        TribunalAppeal.objects.select_for_update(of=("self",))
        .select_related("case__child", "case__local_authority", "decision")
        .get(pk=appeal_id)
    )


def _link(appeal: TribunalAppeal) -> str:
    return reverse("redress-appeal", args=[appeal.case.reference, appeal.pk])


def _expect_open(appeal: TribunalAppeal, action: str) -> None:
    if not appeal.is_open:
        raise InvalidTransition(
            f"You cannot {action} now: the appeal has been decided "
            f"({lower_first(appeal.get_outcome_display())})."
        )


def _steps(appeal, deadline_list, *, source, start: date, order=None) -> list[ComplianceStep]:
    return add_compliance_steps(
        appeal.case, deadline_list, source=source, starts_on=start, appeal=appeal, order=order
    )


def _plan_continues(appeal, on: date, actor: User) -> None:
    """The Tribunal ordered (reg 44(2)(d)), or the council conceded (reg 45(6)), that the plan
    must continue to be maintained: a decision to stop it that was waiting on the appeal no
    longer takes effect."""
    from django.apps import apps

    cessation_model = apps.get_model("reviews", "Cessation")
    waiting = cessation_model.objects.select_for_update().filter(
        case=appeal.case, stage=cessation_model.Stage.DECIDED_CEASE
    )
    for cessation in waiting:
        cessation.appeal_lodged_on = cessation.appeal_lodged_on or appeal.registered_on
        cessation.appeal_ended_on = on
        cessation.stage = cessation_model.Stage.APPEAL_SUCCEEDED
        cessation.save(update_fields=["appeal_lodged_on", "appeal_ended_on", "stage"])
        event(
            appeal.case,
            "order",
            on=on,
            actor=actor,
            obj=appeal,
            title="The EHC plan continues: the decision to stop it no longer takes effect",
            basis=deadlines.RULES["order_continue_to_maintain"].basis,
        )


def register_appeal(
    *,
    actor: User,
    decision_id: int,
    registered_on: date,
    matters: list[str] | tuple[str, ...],
    tribunal_reference: str = "",
    without_certificate_permission: bool = False,
) -> TribunalAppeal:
    """The Tribunal registered the family's appeal. It needs a mediation certificate unless it is
    only about section I, or the Tribunal allowed it without one."""
    with transaction.atomic():
        decision, case = lock_case_of(decision_id)
        permissions.require(actor, "redress.manage", case)
        if not decision.is_appealable or decision.notice_sent_on is None:
            raise InvalidTransition("This decision cannot be appealed to the Tribunal.")
        chosen = _matters_appealed(decision, matters)
        not_in_future(registered_on, "The registration date", "registered_on")
        not_before(
            registered_on,
            decision.notice_sent_on,
            "The registration date",
            "the date the decision letter was sent",
            "registered_on",
        )
        mediation, needs_certificate = _certificate_for(
            decision,
            registered_on=registered_on,
            chosen=chosen,
            without_certificate_permission=without_certificate_permission,
        )
        try:
            with transaction.atomic():
                appeal = TribunalAppeal.objects.create(
                    case=case,
                    decision=decision,
                    mediation=mediation,
                    registered_on=registered_on,
                    matters=chosen,
                    tribunal_reference=tribunal_reference.strip(),
                    without_certificate_permission=without_certificate_permission
                    and mediation is None,
                    recorded_by=actor,
                )
        except IntegrityError as exc:
            raise InvalidTransition("An appeal against this decision is already recorded.") from exc
        _announce_registration(appeal, actor=actor, needs_certificate=needs_certificate)
    return appeal


def _matters_appealed(decision: Decision, matters: list[str] | tuple[str, ...]) -> list[str]:
    """The matters chosen, once each in the order given: at least one, only those this kind of
    decision can be appealed about, and not only health and social care recommendations."""
    chosen = [value for value in dict.fromkeys(matters) if value]
    if not chosen:
        raise DomainError("Select what the appeal is about", field="matters")
    allowed = MATTERS_BY_DECISION.get(decision.kind, frozenset(Matter.values))
    if not set(chosen) <= allowed:
        wrong = ", ".join(matter_labels(sorted(set(chosen) - allowed)))
        raise DomainError(f"These cannot be appealed with this decision: {wrong}", field="matters")
    if set(chosen) <= RECOMMENDATION_MATTERS:
        raise DomainError(
            "The Tribunal can only make recommendations about health and social care "
            "alongside an appeal about sections B, F or I",
            field="matters",
        )
    return chosen


def _certificate_for(
    decision: Decision,
    *,
    registered_on: date,
    chosen: list[str],
    without_certificate_permission: bool,
) -> tuple[MediationCase | None, bool]:
    """The mediation whose certificate the appeal relies on (issued by the registration date),
    and whether the appeal needs one; refused when it needs one, has none and the Tribunal did
    not allow it without."""
    mediation = MediationCase.objects.filter(
        decision=decision, certificate_issued_on__lte=registered_on
    ).first()
    needs_certificate = not set(chosen) <= NO_CERTIFICATE_MATTERS
    if needs_certificate and mediation is None and not without_certificate_permission:
        raise DomainError(
            "This appeal needs a mediation certificate because it is not only about "
            "section I. Record the certificate first, or record that the Tribunal allowed "
            "the appeal without one.",
            field="matters",
        )
    return mediation, needs_certificate


def _announce_registration(appeal: TribunalAppeal, *, actor: User, needs_certificate: bool) -> None:
    """The timeline entry (with the certificate relied on, and whether it came late) and the
    family told."""
    case, decision, mediation = appeal.case, appeal.decision, appeal.mediation
    registered_on, chosen = appeal.registered_on, appeal.matters
    late = appeal.registered_late
    certificate = (
        f"Mediation certificate of {long_date(mediation.certificate_issued_on)}."
        if mediation
        else "No certificate needed: only about section I."
        if not needs_certificate
        else "The Tribunal allowed the appeal without a mediation certificate."
    )
    event(
        case,
        "appeal_registered",
        on=registered_on,
        actor=actor,
        obj=appeal,
        title="Appeal registered by the SEND Tribunal",
        detail=f"About: {in_sentence(matter_labels(chosen))}. {certificate}"
        + (
            f" Registered after the appeal deadline ({long_date(decision.appeal_deadline)})."
            if late
            else ""
        ),
        basis=NO_CERTIFICATE_BASIS if not needs_certificate else decision.appeal_deadline_basis,
    )
    tell_family(
        case,
        on=registered_on,
        key=f"appeal:{appeal.pk}:registered",
        subject="Your appeal has been registered",
        what_happened=f"The SEND Tribunal registered your appeal on "
        f"{long_date(registered_on)} about: {in_sentence(matter_labels(chosen))}.",
        what_to_do="The Tribunal will write to you about the hearing. SENDIASS can help you "
        "prepare.",
    )


def list_hearing(*, actor: User, appeal_id: int, hearing_on: date) -> TribunalAppeal:
    """The Tribunal set the hearing date."""
    with transaction.atomic():
        appeal = _lock(appeal_id)
        permissions.require(actor, "redress.manage", appeal)
        _expect_open(appeal, "set the hearing date")
        not_before(
            hearing_on,
            appeal.registered_on,
            "The hearing date",
            "the registration date",
            "hearing_on",
        )
        appeal.hearing_on = hearing_on
        appeal.save(update_fields=["hearing_on", "updated_at"])
        on = today()
        event(
            appeal.case,
            "hearing",
            on=on,
            actor=actor,
            obj=appeal,
            title="Tribunal hearing date set",
            detail=f"Hearing on {long_date(hearing_on)}.",
        )
        tell_family(
            appeal.case,
            on=on,
            key=f"appeal:{appeal.pk}:hearing:{hearing_on.isoformat()}",
            subject=f"Tribunal hearing on {long_date(hearing_on)}",
            what_happened=f"The SEND Tribunal will hear your appeal on {long_date(hearing_on)}.",
            what_to_do="Follow the Tribunal's directions about evidence. SENDIASS can help you.",
        )
    return appeal


def record_unopposed(
    *, actor: User, appeal_id: int, notified_tribunal_on: date, kind: str
) -> TribunalAppeal:
    """The council told the Tribunal it will not oppose the appeal: reg 45 time limits run from
    that day."""
    with transaction.atomic():
        appeal = _lock(appeal_id)
        permissions.require(actor, "redress.manage", appeal)
        _expect_open(appeal, "record that the council will not oppose the appeal")
        covered = UNOPPOSED_KIND_MATTERS.get(kind)
        if covered is None:
            raise DomainError("Select what the appeal is about", field="kind")
        if not covered & set(appeal.matters):
            if Matter.REFUSAL_TO_ISSUE in appeal.matters:
                raise DomainError(
                    "The portal has no time limits for not opposing an appeal against a "
                    "decision not to issue a plan (SEND Regulations 2014 reg 45 lists assessment "
                    "appeals, appeals about a plan's contents or section I, and appeals against "
                    "ceasing it). Record the Tribunal's order instead.",
                    field="kind",
                )
            raise DomainError(
                "That does not match what the appeal is about: "
                f"{in_sentence(matter_labels(appeal.matters))}",
                field="kind",
            )
        orderable = set(appeal.matters) - {Matter.HEALTH, Matter.SOCIAL_CARE}
        if kind in UNOPPOSED_ONLY_KINDS and not orderable <= covered:
            raise DomainError(
                "The appeal is also about the needs or provision in the plan: the council has "
                f"{rule_period_words('unopposed_amend_plan')} to amend the plan "
                "(SEND Regulations 2014 reg 45(4)), "
                "not 2. Select the "
                "appeal about the needs or provision in the plan.",
                field="kind",
            )
        not_in_future(
            notified_tribunal_on, "The date the Tribunal was told", "notified_tribunal_on"
        )
        not_before(
            notified_tribunal_on,
            appeal.registered_on,
            "The date the Tribunal was told",
            "the registration date",
            "notified_tribunal_on",
        )
        due = deadlines.unopposed_appeal_deadlines(
            notified_tribunal_on=notified_tribunal_on, kind=kind
        )
        appeal.unopposed_kind = kind
        appeal.notified_tribunal_on = notified_tribunal_on
        appeal.outcome = Outcome.CONCEDED
        appeal.decided_on = notified_tribunal_on
        appeal.save()
        _steps(appeal, due, source=ComplianceStep.Source.UNOPPOSED, start=notified_tribunal_on)
        if kind == "cease":
            _plan_continues(appeal, notified_tribunal_on, actor)
        first = min(due, key=lambda d: d.due)
        event(
            appeal.case,
            "unopposed",
            on=notified_tribunal_on,
            actor=actor,
            obj=appeal,
            title="Council told the Tribunal it will not oppose the appeal",
            detail="; ".join(f"{d.label}: by {long_date(d.due)}" for d in due) + ".",
            basis=first.basis,
        )
        tell_family(
            appeal.case,
            on=notified_tribunal_on,
            key=f"appeal:{appeal.pk}:unopposed",
            subject="The council will not oppose your appeal",
            what_happened=f"{appeal.case.local_authority.name} told the Tribunal on "
            f"{long_date(notified_tribunal_on)} that it will not oppose your appeal.",
            what_to_do="The council must now act by the dates the law sets. We will show you "
            "on the portal when each step is done.",
            due=first,
        )
    return appeal


def record_appeal_decision(
    *, actor: User, appeal_id: int, outcome: str, decided_on: date, summary: str = ""
) -> TribunalAppeal:
    """The Tribunal's decision (or the family's withdrawal)."""
    with transaction.atomic():
        appeal = _lock(appeal_id)
        permissions.require(actor, "redress.manage", appeal)
        _expect_open(appeal, "record the decision")
        if outcome not in (
            Outcome.ALLOWED,
            Outcome.PARTLY_ALLOWED,
            Outcome.DISMISSED,
            Outcome.WITHDRAWN,
        ):
            raise DomainError("Select the Tribunal's decision", field="outcome")
        not_in_future(decided_on, "The decision date", "decided_on")
        not_before(
            decided_on,
            appeal.registered_on,
            "The decision date",
            "the registration date",
            "decided_on",
        )
        if outcome != Outcome.WITHDRAWN and appeal.hearing_on and decided_on < appeal.hearing_on:
            raise DomainError(
                f"The decision date must be on or after the hearing "
                f"({long_date(appeal.hearing_on)})",
                field="decided_on",
            )
        appeal.outcome = outcome
        appeal.decided_on = decided_on
        appeal.outcome_summary = summary.strip()
        appeal.save()
        label = appeal.get_outcome_display()
        event(
            appeal.case,
            "appeal_decided",
            on=decided_on,
            actor=actor,
            obj=appeal,
            title=f"Tribunal decision: {lower_first(label)}",
            detail=summary.strip(),
        )
        tell_family(
            appeal.case,
            on=decided_on,
            key=f"appeal:{appeal.pk}:decided",
            subject=f"Tribunal decision: {lower_first(label)}",
            what_happened=f"The SEND Tribunal decided your appeal on {long_date(decided_on)}: "
            f"{lower_first(label)}.",
            what_to_do="If the Tribunal ordered the council to do something, the portal shows "
            "what and by when.",
        )
    return appeal


def record_order(
    *, actor: User, appeal_id: int, order_type: str, made_on: date, detail: str = ""
) -> TribunalOrder:
    """What the Tribunal ordered the council to do, with the reg 44 compliance deadlines."""
    with transaction.atomic():
        appeal = _lock(appeal_id)
        permissions.require(actor, "redress.manage", appeal)
        if order_type not in ORDER_TYPE_MATTERS:
            raise DomainError("Select what the Tribunal ordered", field="order_type")
        if order_type == "cease_dismissed":
            if appeal.outcome != Outcome.DISMISSED:
                raise InvalidTransition(
                    "The plan stops after an appeal against ceasing it is dismissed: record the "
                    "Tribunal's decision as dismissed first."
                )
        elif appeal.outcome not in TribunalAppeal.ORDER_OUTCOMES:
            raise InvalidTransition(
                "Record the Tribunal's decision first: it orders the council to act when it "
                "allows the appeal in whole or in part."
            )
        if not ORDER_TYPE_MATTERS[order_type] & set(appeal.matters):
            raise DomainError(
                f"'{ORDER_TYPE_LABELS[order_type]}' does not answer what the appeal is about: "
                f"{in_sentence(matter_labels(appeal.matters))}",
                field="order_type",
            )
        not_in_future(made_on, "The date of the order", "made_on")
        not_before(
            made_on, appeal.decided_on, "The date of the order", "the decision date", "made_on"
        )
        try:
            with transaction.atomic():
                order = TribunalOrder.objects.create(
                    appeal=appeal,
                    order_type=order_type,
                    made_on=made_on,
                    detail=detail.strip(),
                    recorded_by=actor,
                )
        except IntegrityError as exc:
            raise InvalidTransition("That order is already recorded for this appeal.") from exc
        due = deadlines.tribunal_order_deadlines(order_date=made_on, order_type=order_type)
        _steps(appeal, due, source=ComplianceStep.Source.ORDER, start=made_on, order=order)
        if order_type == "continue_to_maintain":
            _plan_continues(appeal, made_on, actor)
        first = min(due, key=lambda d: d.due)
        event(
            appeal.case,
            "order",
            on=made_on,
            actor=actor,
            obj=appeal,
            title=f"Tribunal order: {lower_first(order.get_order_type_display())}",
            detail="; ".join(f"{d.label}: by {long_date(d.due)}" for d in due) + ".",
            basis=first.basis,
        )
        tell_family(
            appeal.case,
            on=made_on,
            key=f"order:{order.pk}",
            subject="What the Tribunal ordered the council to do",
            what_happened=f"The Tribunal ordered {appeal.case.local_authority.name} to: "
            f"{lower_first(order.get_order_type_display())}.",
            what_to_do="The council must do it by the date below. We will show you on the "
            "portal when it has been done.",
            due=first,
        )
        tell_council(
            appeal.case,
            key=f"order:{order.pk}",
            subject=f"Tribunal order to comply with: {appeal.case.child.full_name}",
            what_happened=f"Tribunal order of {long_date(made_on)}: "
            f"{lower_first(order.get_order_type_display())}.",
            what_to_do="Do each step by its date and record it as done.",
            due=first,
            link=_link(appeal),
            exclude=actor,
        )
    return order


#: Steps that are alternatives: doing one means the other is not needed (an assessment ends in a
#: notice not to issue a plan, or in a final plan).
_ALTERNATIVES = ("assess_no_plan_notice", "assess_final_plan")


def _alternative_key(key: str) -> str | None:
    for mine, other in (_ALTERNATIVES, tuple(reversed(_ALTERNATIVES))):
        if key.endswith(mine):
            return key[: -len(mine)] + other
    return None


def complete_step(
    *, actor: User, step_id: int, completed_on: date, note: str = ""
) -> ComplianceStep:
    """The council did one step of an order, an unopposed appeal or a mediation agreement."""
    with transaction.atomic():
        step = (
            ComplianceStep.objects.select_for_update(of=("self",))
            .select_related("case__child", "case__local_authority")
            .get(pk=step_id)
        )
        case = step.case
        permissions.require(actor, "redress.manage", case)
        if step.not_required:
            raise InvalidTransition("This step is not needed: the alternative step was done.")
        if step.completed_on is not None:
            raise InvalidTransition(
                f"This step was already recorded as done on {long_date(step.completed_on)}."
            )
        not_in_future(completed_on, "The date it was done", "completed_on")
        not_before(
            completed_on,
            step.starts_on,
            "The date it was done",
            "the date the period started",
            "completed_on",
        )
        step.completed_on = completed_on
        step.completed_by = actor
        step.note = note.strip()
        step.save(update_fields=["completed_on", "completed_by", "note"])
        siblings = ComplianceStep.objects.filter(
            appeal_id=step.appeal_id,
            order_id=step.order_id,
            agreement_action_id=step.agreement_action_id,
            source=step.source,
        )
        other = _alternative_key(step.key)
        if other:
            siblings.filter(key=other, completed_on=None).update(not_required=True)
        late = completed_on > step.due_on
        remaining = siblings.filter(completed_on=None, not_required=False).count()
        event(
            case,
            "step_done",
            on=completed_on,
            actor=actor,
            obj=step,
            title=f"Done: {step.label}",
            detail=f"{step.source_label}. Due {long_date(step.due_on)}; done "
            f"{long_date(completed_on)}"
            + (" (late)." if late else " (in time).")
            + (" Every step is now done." if remaining == 0 else ""),
            basis=step.basis,
        )
        tell_family(
            case,
            on=completed_on,
            key=f"step:{step.pk}:done",
            subject=f"Done: {step.label}",
            what_happened=f"{case.local_authority.name} recorded on {long_date(completed_on)} "
            f"that this is done: {lower_first(step.label)} ({lower_first(step.source_label)}).",
            what_to_do="If this is not right, contact your caseworker.",
        )
        if remaining == 0 and step.appeal_id:
            tell_council(
                case,
                key=f"appeal:{step.appeal_id}:complied",
                subject=f"Tribunal order complied with: {case.child.full_name}",
                what_happened="Every compliance step for the appeal is recorded as done.",
                link=reverse("redress-appeal", args=[case.reference, step.appeal_id]),
                exclude=actor,
            )
    return step
