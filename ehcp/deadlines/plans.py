"""Dates after the plan: Tribunal orders and unopposed appeals, mediation agreements, reviews
and amendments, phase transfers, re-assessments and moving between councils."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import MappingProxyType

from send_portal.calendar import add_working_days

from . import engine
from .values import Deadline

TRIBUNAL_ORDER_TYPES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "assess": ("order_assess_notify", "order_assess_no_plan_notice", "order_assess_final_plan"),
        "make_plan": ("order_make_plan_draft", "order_make_plan_final"),
        "continue_to_maintain": ("order_continue_to_maintain",),
        "amend_plan": ("order_amend_plan",),
        "name_setting": ("order_name_setting",),
        "cease_dismissed": ("order_cease_dismissed",),
    }
)

#: Kinds of unopposed appeal (reg 45 as substituted by SI 2015/359): an assessment or
#: re-assessment appeal (s51(2)(a), (d)); the plan's needs or provision, or a refusal to amend
#: (s51(2)(c)(i), (ii), (e)); section I only (s51(2)(c)(iii), (iv)); ceasing (s51(2)(f)).
UNOPPOSED_APPEAL_KINDS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "assessment": (
            "unopposed_assessment_notify",
            "unopposed_assessment_no_plan_notice",
            "unopposed_assessment_final_plan",
        ),
        "content": ("unopposed_amend_plan",),
        "section_i": ("unopposed_name_setting",),
        "cease": ("unopposed_continue_to_maintain",),
    }
)

PHASE_TRANSFERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "school": "phase_transfer_school",
        "post16": "phase_transfer_post16",
        "post16_other": "phase_transfer_post16_other",
    }
)


def _long(d: date) -> str:
    return f"{d:%-d %B %Y}"


# ---- Tribunal orders, unopposed appeals and mediation agreements ------------------------------


def _order_rule_keys(order_type: str) -> tuple[str, ...]:
    try:
        return TRIBUNAL_ORDER_TYPES[order_type]
    except KeyError:
        choices = ", ".join(TRIBUNAL_ORDER_TYPES)
        raise ValueError(f"Unknown order type {order_type!r}; use one of: {choices}") from None


def tribunal_order_deadlines(*, order_date: date, order_type: str) -> list[Deadline]:
    """What a Tribunal order requires of the council, and by when (reg 44)."""
    return [engine.deadline(rule_key, order_date) for rule_key in _order_rule_keys(order_type)]


def unopposed_appeal_deadlines(*, notified_tribunal_on: date, kind: str) -> list[Deadline]:
    """The council told the Tribunal it will not oppose the appeal (reg 45)."""
    try:
        rule_keys = UNOPPOSED_APPEAL_KINDS[kind]
    except KeyError:
        choices = ", ".join(UNOPPOSED_APPEAL_KINDS)
        raise ValueError(f"Unknown unopposed appeal kind {kind!r}; use one of: {choices}") from None
    return [engine.deadline(rule_key, notified_tribunal_on) for rule_key in rule_keys]


def mediation_agreement_action_due(
    *, agreed_on: date, order_type: str | None = None
) -> list[Deadline]:
    """What the council agreed at mediation, and by when.

    ``order_type`` (one of ``TRIBUNAL_ORDER_TYPES``) when the agreement is about something the
    Tribunal could have ordered: the reg 44 periods apply from the agreement (reg 42(2)).
    Otherwise: 2 weeks (reg 42(3)).
    """
    if order_type is None:
        return [engine.deadline("mediation_agreement_action", agreed_on)]
    basis = engine.rule_for("mediation_agreement_appealable", on=agreed_on).basis
    return [
        engine.deadline(
            rule_key,
            agreed_on,
            key=rule_key.replace("order_", "mediation_agreement_", 1),
            basis=f"{basis} ({engine.rule_for(rule_key, on=agreed_on).basis})",
        )
        for rule_key in _order_rule_keys(order_type)
    ]


# ---- Annual review -----------------------------------------------------------------------------


def review_due(*, last_issue_or_review: date) -> Deadline:
    """The last day of the 12 months starting with the plan or its last review (s44(1))."""
    return engine.deadline("review_due", last_issue_or_review)


def review_meeting_notice_by(*, meeting: date) -> Deadline:
    return engine.deadline("review_meeting_notice_by", meeting)


def review_advice_circulated_by(*, meeting: date) -> Deadline:
    return engine.deadline("review_advice_circulated_by", meeting)


def review_report_due(*, meeting: date) -> Deadline:
    return engine.deadline("review_report_due", meeting)


def review_decision_due(*, meeting: date) -> Deadline:
    return engine.deadline("review_decision_due", meeting)


def amendment_representations_close(*, notice_served: date) -> Deadline:
    return engine.deadline("amendment_representations_close", notice_served)


def no_amendment_notice_due(*, amendment_notice_sent: date) -> Deadline:
    """The council decides not to make the proposed amendments after all: it tells the family,
    with its reasons, within 8 weeks of the amendment notice (reg 22(4))."""
    return engine.deadline("no_amendment_notice_due", amendment_notice_sent)


def amended_plan_deadlines(
    *, amendment_notice_sent: date, meeting: date | None = None
) -> list[Deadline]:
    """Reg 22(3)'s 8 weeks from the amendment notice and, after a review meeting, the 12 weeks
    from the meeting (Devon), each with its own basis. When the notice was late (more than 4
    weeks after the meeting) the 8 weeks end after the 12; each label says which is later."""
    eight = engine.deadline("amended_plan_due", amendment_notice_sent)
    if meeting is None:
        return [eight]
    cap = engine.deadline("amended_plan_review_cap", meeting)
    if eight.due > cap.due:
        eight = replace(
            eight,
            label=f"{eight.label} (8 weeks after the amendment notice: later than the 12 weeks "
            "after the review meeting, because the notice was sent late)",
        )
        cap = replace(
            cap,
            label=f"{cap.label}: earlier than the 8 weeks after the amendment notice, because "
            "the notice was sent more than 4 weeks after the meeting",
        )
    return [eight, cap]


def amended_plan_due(*, amendment_notice_sent: date, meeting: date | None = None) -> Deadline:
    """The date the amended plan is due: 8 weeks from the amendment notice (reg 22(3)) and, with
    a review meeting, no later than 12 weeks after it (Devon): the earlier date applies. It is
    never a date the family's 15 days to comment have not yet ended on (reg 22(2)(c)): when a
    late notice puts the 12-week date inside that window, the plan is due on the first day
    after the window closes."""
    limits = amended_plan_deadlines(amendment_notice_sent=amendment_notice_sent, meeting=meeting)
    eight = limits[0]
    if meeting is None:
        return eight
    cap = limits[1]
    rule_eight = engine.rule_for("amended_plan_due", on=amendment_notice_sent)
    rule_cap = engine.rule_for("amended_plan_review_cap", on=meeting)
    window = amendment_representations_close(notice_served=amendment_notice_sent)
    earliest_issue = window.due + timedelta(days=1)
    if eight.due <= cap.due:
        due = eight.due
        which = f"the 8-week date ({_long(eight.due)}) is the earlier and applies"
    else:
        due = cap.due
        which = (
            f"the notice was sent late, so the 8 weeks end later ({_long(eight.due)}) than the "
            f"12 weeks from the meeting ({_long(cap.due)}), which apply"
        )
    if due < earliest_issue:
        which += (
            f"; that date falls before the family's 15 days to comment end on "
            f"{_long(window.due)} ({window.basis}), so the amended plan is due on "
            f"{_long(earliest_issue)}, the first day it can be issued"
        )
        due = earliest_issue
    return Deadline(
        key="amended_plan_due",
        due=due,
        label=rule_eight.label,
        basis=f"{rule_eight.basis}; {rule_cap.basis}; {which}",
        kind=rule_eight.kind,
    )


def review_suggested_under_5(*, last_issue_or_review: date) -> Deadline:
    """Guidance: under-5s every 3 to 6 months (SEND Code of Practice 9.178)."""
    return engine.deadline("review_suggested_under_5", last_issue_or_review)


# ---- Phase transfers ----------------------------------------------------------------------------


def phase_transfer_deadline(
    *, transfer: str, transfer_year: int | None = None, transfer_date: date | None = None
) -> Deadline:
    """Last day for the reviewed and amended plan before a move between phases (reg 18).

    ``transfer``: "school" (any move into or between schools, e.g. primary to secondary),
    "post16" (secondary school to a post-16 institution) with ``transfer_year``: the plan must
    be amended *before* 15 February (31 March), so the last day in time is 14 February
    (30 March); or "post16_other" (between post-16 institutions at another time) with
    ``transfer_date``: at least 5 months before it.
    """
    try:
        rule_key = PHASE_TRANSFERS[transfer]
    except KeyError:
        choices = ", ".join(PHASE_TRANSFERS)
        raise ValueError(f"Unknown transfer {transfer!r}; use one of: {choices}") from None
    anchor = engine.RULES[rule_key].anchor
    if anchor is not None:
        if transfer_year is None:
            raise ValueError(f"transfer_year is needed for a {transfer!r} transfer")
        before = date(transfer_year, *anchor)
        deadline = engine.deadline(rule_key, before, key="phase_transfer_deadline")
        return replace(
            deadline,
            label=f"{deadline.label} before {_long(before)} (last day {deadline.due:%-d %B})",
        )
    if transfer_date is None:
        raise ValueError(f"transfer_date is needed for a {transfer!r} transfer")
    return engine.deadline(rule_key, transfer_date, key="phase_transfer_deadline")


def phase_transfer_latest_meeting(*, phase_deadline: date) -> Deadline:
    """Target: the last review meeting after which the full reg 20 / reg 22 sequence (4 weeks,
    then at most 12 weeks from the meeting) still ends by the phase transfer date."""
    return engine.deadline("phase_transfer_latest_meeting", phase_deadline)


# ---- Re-assessment and moving between councils -----------------------------------------------


def reassessment_decision_due(*, request_received: date) -> Deadline:
    return engine.deadline("reassessment_decision_due", request_received)


def reassessment_final_plan(*, notified: date) -> Deadline:
    return engine.deadline("reassessment_final_plan", notified)


def reassessment_may_refuse_until(*, last_assessment: date) -> Deadline:
    return engine.deadline("reassessment_refusal_window", last_assessment)


def knew_of_move_in_time(*, old_council_aware: date, move_date: date) -> bool:
    """Whether the old council became aware of the move at least 15 working days before it
    (reg 15(2)): the day it became aware is on or before the 15th working day before the move."""
    return old_council_aware <= add_working_days(move_date, -15)


def transfer_plan_sent(*, old_council_aware: date, move_date: date | None = None) -> Deadline:
    """The old council transfers the plan on the day of the move if it knew at least 15 working
    days before; otherwise within 15 working days beginning with the day it became aware (that
    day is day 1 when it is a working day) (reg 15(2))."""
    if move_date is not None and knew_of_move_in_time(
        old_council_aware=old_council_aware, move_date=move_date
    ):
        return engine.deadline("transfer_plan_sent_on_move", move_date, key="transfer_plan_sent")
    return engine.deadline("transfer_plan_sent", old_council_aware)


def transfer_between_las(*, move_notified: date) -> Deadline:
    """Plan transferred to a new council → within 6 weeks of the transfer it tells the family
    the plan was transferred, whether it will assess and when it will review (reg 15(4))."""
    return engine.deadline("transfer_reassessment_decision", move_notified)


def transfer_review_due(*, last_review: date, transferred_on: date) -> Deadline:
    """The later of the end of the 12 months beginning with the plan or its last review and the
    end of the 3 months beginning with the transfer (reg 15(5))."""
    due = max(
        review_due(last_issue_or_review=last_review).due,
        engine.due("transfer_review_due", transferred_on),
    )
    rule = engine.rule_for("transfer_review_due", on=transferred_on)
    return Deadline(
        key="transfer_review_due", due=due, label=rule.label, basis=rule.basis, kind=rule.kind
    )
