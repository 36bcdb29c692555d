"""Dates of the EHC needs assessment and plan, of appeals and of mediation."""

from __future__ import annotations

from datetime import date

from send_portal.calendar import first_working_day_on_or_after, is_working_day

from . import engine
from .values import Deadline

# ---- New EHC needs assessment ----------------------------------------------------------------


def decision_to_assess(*, received: date) -> Deadline:
    """Request received (or council became responsible) → 6 weeks to decide whether to assess."""
    return engine.deadline("decision_to_assess", received)


def advice_due(*, requested: date) -> Deadline:
    """Each request for advice → the adviser has 6 weeks from receiving it."""
    return engine.deadline("advice_due", requested)


def draft_plan_target(*, received: date) -> Deadline:
    return engine.deadline("draft_plan_target", received)


def no_plan_notice(*, received: date) -> Deadline:
    return engine.deadline("no_plan_notice", received)


def final_plan(*, received: date) -> Deadline:
    return engine.deadline("final_plan", received)


def assessment_timetable(*, received: date) -> list[Deadline]:
    """The main dates for a new request, in date order."""
    return [
        decision_to_assess(received=received),
        draft_plan_target(received=received),
        no_plan_notice(received=received),
        final_plan(received=received),
    ]


def representations_close(*, draft_served: date) -> Deadline:
    return engine.deadline("representations_close", draft_served)


def revised_representations_close(*, revised_draft_served: date) -> Deadline:
    """A revised draft served on the family: its own 15 days, beginning with that day."""
    return engine.deadline(
        "revised_representations_close", revised_draft_served, key="representations_close"
    )


def consultation_response_due(*, consulted: date) -> Deadline:
    """A consulted school or college is asked to reply within 15 days (guidance, not law)."""
    return engine.deadline("consultation_response_due", consulted)


# ---- Appeals ---------------------------------------------------------------------------------


def _roll_forward_appeal(d: date) -> tuple[date, str | None]:
    """When an SEN appeal is in time (HESC rules r12): a deadline in August or from 25 December
    to 1 January moves to the first working day after 31 August or 1 January (r12(3)(a)); any
    other deadline on a weekend or bank holiday moves to the next working day (r12(2))."""
    if d.month == 8:
        return first_working_day_on_or_after(date(d.year, 9, 1)), "appeal_rollover_august"
    if d.month == 12 and d.day >= 25:
        return first_working_day_on_or_after(date(d.year + 1, 1, 2)), "appeal_rollover_christmas"
    if d.month == 1 and d.day == 1:
        return first_working_day_on_or_after(date(d.year, 1, 2)), "appeal_rollover_christmas"
    if not is_working_day(d):
        return first_working_day_on_or_after(d), "appeal_rollover_working_day"
    return d, None


def appeal_deadline(*, decision_sent: date, certificate_issued: date | None = None) -> Deadline:
    """Later of decision + 2 months and certificate + 1 month, then the August/Christmas rules."""
    rule_key, start = "appeal_deadline", decision_sent
    due = engine.due("appeal_deadline", decision_sent)
    if certificate_issued is not None:
        after_certificate = engine.due("appeal_deadline_after_certificate", certificate_issued)
        if after_certificate > due:
            rule_key, start, due = (
                "appeal_deadline_after_certificate",
                certificate_issued,
                after_certificate,
            )
    due, rollover = _roll_forward_appeal(due)
    rule = engine.rule_for(rule_key, on=start)
    basis = rule.basis
    if rollover:
        basis = f"{basis}; {engine.rule_for(rollover, on=start).basis}"
    return Deadline(key="appeal_deadline", due=due, label=rule.label, basis=basis, kind=rule.kind)


# ---- Mediation -------------------------------------------------------------------------------


def mediation_adviser_contact_by(*, decision_sent: date) -> Deadline:
    return engine.deadline("mediation_adviser_contact_by", decision_sent)


def mediation_certificate_due(*, told_on: date) -> Deadline:
    """Family tells the mediation adviser they do not want mediation → certificate in 3 w.d."""
    return engine.deadline("mediation_certificate_due", told_on)


def mediation_held_by(*, told_on: date) -> Deadline:
    """The council is told the family wants mediation → mediation within 30 days. One rule,
    one trigger: ``told_on`` is the day the council was told (not the day the family first
    contacted the mediation adviser); for health care issues only, the day the council told
    the NHS integrated care board."""
    return engine.deadline("mediation_held_by", told_on)


def icb_notified_by(*, told_on: date) -> Deadline:
    """Family wants to mediate about health care → council tells each ICB in 3 working days."""
    return engine.deadline("icb_notified_by", told_on)


def mediation_certificate_not_arranged(*, adviser_told_on: date) -> Deadline:
    """Council tells the adviser it cannot arrange mediation in 30 days → certificate."""
    return engine.deadline("mediation_certificate_not_arranged", adviser_told_on)


def mediation_certificate_after_mediation(*, concluded_on: date) -> Deadline:
    return engine.deadline("mediation_certificate_after_mediation", concluded_on)
