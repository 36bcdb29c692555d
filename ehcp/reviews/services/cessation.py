"""Ceasing to maintain the plan (CFA 2014 s45; SEND Regulations 2014 regs 29-31): inform and
consult the family and the school, decide with appeal rights, record an appeal, and stop the
plan only after the appeal window closed or the appeal ended."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, ReservedKind, Stage
from ehcp.services import management
from send_portal import permissions
from send_portal.models import User

from .. import letters
from ..models import Cessation, PlanDecision, Review
from ..selectors import issued_plan
from ._common import (
    APPEAL_WHAT_TO_DO,
    check_decision_dates,
    event,
    lock_case,
    lock_with_case,
    long_date,
    not_in_future,
    record_decision,
    senco_of,
    tell,
    tell_family,
)


def start_cessation_consultation(
    *, actor, case, review, ground, explanation, consulted_on
) -> Cessation:
    """Inform and consult the family and the school or college (reg 31(1)): the letter, the
    timeline event and the notifications. The caller holds the case lock."""
    if Cessation.objects.filter(
        case=case, stage__in=[Cessation.Stage.CONSULTING, Cessation.Stage.DECIDED_CEASE]
    ).exists():
        raise InvalidTransition("A proposal to stop this plan is already open.")
    cessation = Cessation.objects.create(
        case=case,
        review=review,
        ground=ground,
        explanation=explanation.strip(),
        consulted_on=consulted_on,
    )
    cessation.consultation_letter = letters.letter(
        case,
        title=f"Proposal to stop maintaining the EHC plan - {case.child.full_name}",
        sent_on=consulted_on,
        actor=actor,
        paragraphs=[
            f"{case.local_authority.name} is thinking about stopping (ceasing to maintain) "
            f"{case.child.full_name}'s EHC plan. The reason: "
            f"{Cessation.Ground(ground).label}. {explanation.strip()}",
            "Before we decide, we want your views, and we are asking the school or college named "
            "in the plan for theirs. Please tell your caseworker what you think. We will then "
            "write to you with our decision and your right to appeal.",
            "The plan stays in force while we consult, and if we decide to stop it, until the "
            "time to appeal has passed or any appeal has ended.",
        ],
        rights_text=[letters._sendiass(case)],
        dates=[],
    )
    cessation.save(update_fields=["consultation_letter"])
    event(
        case,
        "cease_proposed",
        on=consulted_on,
        actor=actor,
        title="Council proposes to stop maintaining the plan: family and school consulted",
        detail=f"Reason: {Cessation.Ground(ground).label}.",
        basis="Children and Families Act 2014 s45; SEND Regulations 2014 reg 31(1)",
    )
    tell_family(
        case,
        on=consulted_on,
        key=f"cessation:{cessation.pk}:proposed",
        subject=f"The council is thinking about stopping {case.child.known_as}'s EHC plan",
        what_happened=f"{case.local_authority.name} wrote to you on {long_date(consulted_on)}: "
        f"it is thinking about stopping the EHC plan ({Cessation.Ground(ground).label}).",
        what_to_do="Tell your caseworker what you think before the council decides. The plan "
        "stays in force meanwhile.",
    )
    setting_id = None
    plan = issued_plan(case)
    if plan is not None:
        setting_id = plan.section_i_setting_id
    tell(
        senco_of(setting_id),
        case=case,
        key=f"cessation:{cessation.pk}:proposed",
        subject=f"Consultation: stopping {case.child.full_name}'s EHC plan",
        what_happened=f"{case.local_authority.name} is thinking about stopping the EHC plan of "
        f"{case.child.full_name}, who attends your school or college.",
        what_to_do="Send your views to the council's caseworker.",
        link=reverse("reviews-setting-list"),
    )
    return cessation


def propose_to_cease(
    *, actor: User, case_id: int, ground: str, explanation: str, consulted_on: date
) -> Cessation:
    """Inform and consult the family and the school before deciding (reg 31(1))."""
    not_in_future(consulted_on, "The date of the letter", "consulted_on")
    if ground not in Cessation.Ground.values:
        raise DomainError("Select the reason", field="ground")
    if not explanation.strip():
        raise DomainError("Explain why", field="explanation")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "reviews.manage", case)
        if case.stage != Stage.FINAL_ISSUED:
            raise InvalidTransition("Only a maintained EHC plan can be stopped.")
        return start_cessation_consultation(
            actor=actor,
            case=case,
            review=None,
            ground=ground,
            explanation=explanation,
            consulted_on=consulted_on,
        )


def decide_cessation(
    *,
    actor: User,
    cessation_id: int,
    cease: bool,
    decided_on: date,
    notice_sent_on: date,
    reasons: str,
    family_response: str = "",
    setting_response: str = "",
) -> PlanDecision:
    """After consulting, decide and tell the family, the school and the ICB, with appeal rights
    (reg 31(2)-(3); CFA s51(2)(f)). The plan stays in force until the appeal window closes or
    any appeal ends (CFA s45)."""
    check_decision_dates(decided_on, notice_sent_on)
    if not reasons.strip():
        raise DomainError("Give the reasons: they go in the letter", field="reasons")
    with transaction.atomic():
        cessation, case = lock_with_case(Cessation.objects.all(), cessation_id)
        permissions.require(actor, "reviews.manage", case)
        management.require_manager_if_reserved(actor, case, ReservedKind.CEASE)
        if cessation.stage != Cessation.Stage.CONSULTING:
            raise InvalidTransition("This proposal has already been decided.")
        if decided_on <= cessation.consulted_on:
            raise DomainError(
                f"Decide after consulting: the consultation letter was sent on "
                f"{long_date(cessation.consulted_on)} (SEND Regulations 2014 reg 31(1))",
                field="decided_on",
            )
        kind = PlanDecision.Kind.CEASE if cease else PlanDecision.Kind.KEEP_AFTER_CEASE_PROPOSAL
        decision = record_decision(case, kind, decided_on=decided_on, actor=actor, reasons=reasons)
        text = _decision_letter(case, cease=cease, notice_sent_on=notice_sent_on)
        letters.send_letter(decision, sent_on=notice_sent_on, actor=actor, paragraphs=text)
        cessation.decision = decision
        cessation.family_response = family_response.strip()
        cessation.setting_response = setting_response.strip()
        cessation.stage = Cessation.Stage.DECIDED_CEASE if cease else Cessation.Stage.KEPT
        cessation.save(update_fields=["decision", "family_response", "setting_response", "stage"])
        _record_cessation_decided(
            cessation, case=case, actor=actor, text=text, notice_sent_on=notice_sent_on
        )
    return decision


def _decision_letter(case: Case, *, cease: bool, notice_sent_on: date) -> list[str]:
    """The paragraphs of the letter after the consultation."""
    if cease:
        appeal = deadlines.appeal_deadline(decision_sent=notice_sent_on)
        return [
            f"After consulting you and the school or college, {case.local_authority.name} has "
            f"decided to stop maintaining {case.child.full_name}'s EHC plan.",
            f"The plan stays in force until the time to appeal has passed "
            f"({appeal.due:%-d %B %Y}) or, if you appeal, until the appeal has ended "
            "(Children and Families Act 2014 s45).",
        ]
    return [
        f"After consulting you and the school or college, {case.local_authority.name} has "
        f"decided to keep {case.child.full_name}'s EHC plan. Nothing changes."
    ]


def _record_cessation_decided(
    cessation: Cessation, *, case: Case, actor: User, text: list[str], notice_sent_on: date
) -> None:
    """The timeline event, and the family told with its appeal rights."""
    decision = cessation.decision
    cease = cessation.stage == Cessation.Stage.DECIDED_CEASE
    basis = "Children and Families Act 2014 s45; SEND Regulations 2014 reg 31(2)-(3)"
    event(
        case,
        "cease_decided",
        on=decision.decided_on,
        actor=actor,
        title="Decided to stop maintaining the plan" if cease else "Decided to keep the plan",
        detail=(
            f"The plan stays in force until {long_date(decision.appeal_deadline)} or until any "
            "appeal ends."
            if cease
            else "The proposal to stop the plan is withdrawn."
        ),
        basis=basis,
    )
    tell_family(
        case,
        on=notice_sent_on,
        key=f"cessation:{cessation.pk}:decided",
        subject=(
            f"The council decided to stop {case.child.known_as}'s EHC plan"
            if cease
            else f"{case.child.known_as}'s EHC plan continues"
        ),
        what_happened=" ".join(text),
        what_to_do=(f"{APPEAL_WHAT_TO_DO} The plan stays in force meanwhile." if cease else ""),
        due=deadlines.appeal_deadline(decision_sent=notice_sent_on) if cease else None,
    )


def record_cessation_appeal(
    *,
    actor: User,
    cessation_id: int,
    lodged_on: date | None = None,
    ended_on: date | None = None,
    plan_continues: bool = False,
) -> Cessation:
    """An appeal against ceasing was lodged (the plan stays in force) or has ended."""
    with transaction.atomic():
        cessation, case = lock_with_case(Cessation.objects.all(), cessation_id)
        permissions.require(actor, "reviews.manage", case)
        if cessation.stage != Cessation.Stage.DECIDED_CEASE:
            raise InvalidTransition("There is no decision to stop the plan open to appeal.")
        if lodged_on is not None:
            not_in_future(lodged_on, "The date of the appeal", "lodged_on")
            if cessation.appeal_lodged_on:
                raise InvalidTransition("The appeal is already recorded.")
            cessation.appeal_lodged_on = lodged_on
            cessation.save(update_fields=["appeal_lodged_on"])
            event(
                case,
                "cease_appeal",
                on=lodged_on,
                actor=actor,
                title="Appeal against stopping the plan lodged: the plan stays in force",
                basis="Children and Families Act 2014 s45 and s51(2)(f)",
            )
        if ended_on is not None:
            not_in_future(ended_on, "The date the appeal ended", "ended_on")
            if not cessation.appeal_lodged_on:
                raise InvalidTransition("Record the appeal first.")
            cessation.appeal_ended_on = ended_on
            fields = ["appeal_ended_on"]
            if plan_continues:
                cessation.stage = Cessation.Stage.APPEAL_SUCCEEDED
                fields.append("stage")
            cessation.save(update_fields=fields)
            event(
                case,
                "cease_appeal",
                on=ended_on,
                actor=actor,
                title="Appeal against stopping the plan ended: "
                + ("the plan continues" if plan_continues else "the decision stands"),
                basis=(
                    "Children and Families Act 2014 s45; "
                    + deadlines.RULES["order_continue_to_maintain"].basis
                    if plan_continues
                    else "Children and Families Act 2014 s45; "
                    + deadlines.RULES["order_cease_dismissed"].basis
                ),
            )
    return cessation


def confirm_cessation(*, actor: User, cessation_id: int, on: date) -> Cessation:
    """The plan stops only after the appeal window has closed with no appeal, or the appeal
    has ended with the decision upheld (CFA 2014 s45)."""
    not_in_future(on, "The date the plan stops", "on")
    with transaction.atomic():
        cessation, case = lock_with_case(Cessation.objects.select_related("decision"), cessation_id)
        permissions.require(actor, "reviews.manage", case)
        if cessation.stage != Cessation.Stage.DECIDED_CEASE:
            raise InvalidTransition(
                "There is no decision to stop this plan waiting to take effect."
            )
        decision = cessation.decision
        if cessation.appeal_lodged_on and not cessation.appeal_ended_on:
            raise InvalidTransition(
                "An appeal is in progress: the plan stays in force until it ends "
                "(Children and Families Act 2014 s45)."
            )
        if not cessation.appeal_lodged_on and on <= decision.appeal_deadline:
            raise InvalidTransition(
                f"The family can appeal until {long_date(decision.appeal_deadline)} "
                f"({decision.appeal_deadline_basis}). The plan stays in force until then."
            )
        cessation.stage = Cessation.Stage.CEASED
        cessation.ceased_on = on
        cessation.save(update_fields=["stage", "ceased_on"])
        Review.objects.filter(case=case, stage__in=list(Review.OPEN_STAGES)).update(
            stage=Review.Stage.CEASING, next_due_key="", next_due_on=None
        )
        event(
            case,
            "plan_ceased",
            on=on,
            actor=actor,
            title="The EHC plan is no longer maintained",
            basis="Children and Families Act 2014 s45",
        )
        tell_family(
            case,
            on=on,
            key=f"cessation:{cessation.pk}:ceased",
            subject=f"{case.child.known_as}'s EHC plan has stopped",
            what_happened=f"From {long_date(on)} {case.local_authority.name} no longer maintains "
            "the EHC plan.",
        )
    return cessation


# ---- stopping a plan as a decision reserved to a SEND manager (ehcp.services.management) ------


def _cessation_to_decide(case: Case, cessation_id: int | None) -> None:
    cessation = Cessation.objects.filter(pk=cessation_id, case=case).first()
    if cessation is None or cessation.stage != Cessation.Stage.CONSULTING:
        raise InvalidTransition("There is no proposal to stop this plan to decide.")


def _decide_approved_cessation(*, actor: User, approval, decided_on: date, notice_sent_on: date):
    return decide_cessation(
        actor=actor,
        cessation_id=approval.cessation_id,
        cease=approval.outcome,
        decided_on=decided_on,
        notice_sent_on=notice_sent_on,
        reasons=approval.reasons,
        family_response=approval.details.get("family_response", ""),
        setting_response=approval.details.get("setting_response", ""),
    )


def register_reserved_decision() -> None:
    """Stopping a plan can be reserved to a SEND manager (``ReviewsConfig.ready`` calls this)."""
    management.register_reserved_decision(
        ReservedKind.CEASE, check=_cessation_to_decide, make=_decide_approved_cessation
    )
