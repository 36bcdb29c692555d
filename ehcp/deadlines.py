"""Every statutory date for EHC needs assessments and plans in England, with its legal basis.

This is the only module that knows the numbers in the law ("6 weeks", "15 days", "2 months").
Each one lives in the ``RULES`` table below, next to a plain-English label and the legal basis,
so that a correction is made once. Everything else calls the functions here.

How periods are counted (research notes: statutory.md section A.2):

* "within N weeks of <event>": calendar weeks; the event day is excluded, so the last day on
  which the step is in time is ``event + 7N days``.
* "at least N days beginning with the day <served>": the trigger day is day 1, so the last day of
  the window is ``served + (N - 1) days``. The same construction applies to "a period of 12 months
  starting with <date>" (the last day is the day before the anniversary).
* Calendar months: the corresponding day of the later month, or that month's last day if it has
  no such day (31 January + 1 month = 28 or 29 February).
* Working days (mediation only): not a Saturday, Sunday or an England and Wales bank holiday
  (Christmas Day and Good Friday are bank holidays in that calendar too).

Exceptions (SEND Regulations 2014 reg 10(4), reg 8(2)) never move a date: they are recorded
against a deadline and may excuse missing it. ``describe_exception`` explains each one.

Pure Python: standard library plus the maintained ``holidays`` package. No Django imports.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

import holidays

__all__ = [
    "DUE_SOON_WORKING_DAYS",
    "PHASE_TRANSFERS",
    "RULES",
    "TRIBUNAL_ORDER_TYPES",
    "UNOPPOSED_APPEAL_KINDS",
    "Deadline",
    "DeadlineStatus",
    "ExceptionReason",
    "Period",
    "Rule",
    "add_months",
    "add_working_days",
    "advice_due",
    "amended_plan_due",
    "amendment_representations_close",
    "appeal_deadline",
    "assessment_timetable",
    "consultation_response_due",
    "decision_to_assess",
    "describe_exception",
    "draft_plan_target",
    "england_bank_holidays",
    "exceptions_for",
    "final_plan",
    "first_working_day_on_or_after",
    "icb_notified_by",
    "is_working_day",
    "mediation_adviser_contact_by",
    "mediation_agreement_action_due",
    "mediation_certificate_after_mediation",
    "mediation_certificate_due",
    "mediation_certificate_not_arranged",
    "mediation_held_by",
    "no_plan_notice",
    "overdue_status",
    "phase_transfer_deadline",
    "phase_transfer_latest_meeting",
    "reassessment_decision_due",
    "reassessment_final_plan",
    "reassessment_may_refuse_until",
    "representations_close",
    "review_advice_circulated_by",
    "review_decision_due",
    "review_due",
    "review_suggested_under_5",
    "review_meeting_notice_by",
    "review_report_due",
    "transfer_between_las",
    "transfer_plan_sent",
    "transfer_review_due",
    "tribunal_order_deadlines",
    "unopposed_appeal_deadlines",
]

Kind = Literal["statutory", "target", "guidance"]
KINDS: frozenset[str] = frozenset({"statutory", "target", "guidance"})

SEND_REGS = "SEND Regulations 2014"
CFA = "Children and Families Act 2014"
HESC_RULES = (
    "Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) "
    "Rules 2008"
)
DEVON = "R (L, M and P) v Devon County Council [2022] EWHC 493 (Admin)"


# --------------------------------------------------------------------------------------------
# Value types
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """A date by which something must (or should) happen, and why.

    ``due`` is the last day on which the step is in time. ``kind`` says how binding it is:
    "statutory" (law: Act, regulations, Tribunal rules or binding case law), "target" (good
    practice the portal uses to keep a case on track) or "guidance" (statutory guidance such as
    the SEND Code of Practice, which must be had regard to but is not a hard limit).
    """

    key: str
    due: date
    label: str
    basis: str
    kind: Kind = "statutory"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"Unknown deadline kind {self.kind!r}")

    def as_dict(self) -> dict[str, str]:
        """JSON-friendly form (the date as YYYY-MM-DD)."""
        return {
            "key": self.key,
            "due": self.due.isoformat(),
            "label": self.label,
            "basis": self.basis,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Period:
    """A length of time in exactly one unit, counted forwards (or backwards) from a trigger.

    ``beginning_with``: the trigger day is itself day 1 ("15 days beginning with the day the
    draft was served", "12 months starting with the date the plan was made").
    ``before``: count backwards ("at least 2 weeks before the meeting").
    A period with every unit zero means "immediately" (the trigger day itself).
    """

    weeks: int = 0
    days: int = 0
    months: int = 0
    working_days: int = 0
    beginning_with: bool = False
    before: bool = False

    def __post_init__(self) -> None:
        units = [self.weeks, self.days, self.months, self.working_days]
        if any(u < 0 for u in units):
            raise ValueError("Period units must not be negative; use before=True")
        if sum(1 for u in units if u) > 1:
            raise ValueError("A Period has exactly one unit")
        if self.beginning_with and self.before:
            raise ValueError("beginning_with only applies to periods counted forwards")

    def apply(self, start: date) -> date:
        sign = -1 if self.before else 1
        if self.beginning_with:
            # Day 1 is the trigger day itself: count as if from the day before.
            start -= timedelta(days=1)
        if self.months:
            return add_months(start, sign * self.months)
        if self.working_days:
            return add_working_days(start, sign * self.working_days)
        return start + timedelta(days=sign * (7 * self.weeks + self.days))


@dataclass(frozen=True)
class Rule:
    """One row of the law-as-code table.

    ``verified`` is False where the research marks the provision number (not the period) as
    unconfirmed (statutory.md [M]); such bases cite the surrounding group of regulations.
    ``anchor`` is a fixed (month, day) in a given year that the period counts from
    (phase transfers).
    """

    label: str
    basis: str
    period: Period | None = None
    kind: Kind = "statutory"
    verified: bool = True
    anchor: tuple[int, int] | None = None


# --------------------------------------------------------------------------------------------
# THE TABLE. Every period, label and legal basis lives here and nowhere else.
# --------------------------------------------------------------------------------------------

_RULES: dict[str, Rule] = {
    # ---- New EHC needs assessment and plan (the 20-week process) --------------------------
    "decision_to_assess": Rule(
        label="Decision whether to carry out an EHC needs assessment",
        basis=f"{SEND_REGS} reg 5(1); {CFA} s36",
        period=Period(weeks=6),
    ),
    "advice_due": Rule(
        label="Advice for the EHC needs assessment due from the person asked to give it",
        basis=f"{SEND_REGS} reg 8(1) (exceptions in reg 8(2))",
        period=Period(weeks=6),
    ),
    "draft_plan_target": Rule(
        label="Draft EHC plan sent to the family (good-practice target, not a statutory limit)",
        basis=(
            "Good-practice target, not a statutory limit: sending the draft plan by week 14 "
            f"leaves time for the 15-day representations window ({SEND_REGS} reg 13(1)) and "
            "consultation with the requested school or college before the 20-week limit "
            "(reg 13(2))"
        ),
        period=Period(weeks=14),
        kind="target",
    ),
    "no_plan_notice": Rule(
        label=(
            "If the council decides not to issue an EHC plan after the assessment, "
            "it must tell the family by this date"
        ),
        basis=f"{SEND_REGS} reg 10(1); {CFA} s36(9)",
        period=Period(weeks=16),
    ),
    "final_plan": Rule(
        label="Final EHC plan issued",
        basis=f"{SEND_REGS} reg 13(2)",
        period=Period(weeks=20),
    ),
    "consultation_response_due": Rule(
        label="Reply asked for from the school or college consulted about being named",
        basis=(
            "Children and Families Act 2014 s39(2) (duty to consult); the SEND Code of Practice "
            "(chapter 9) asks the school or college to reply within 15 days"
        ),
        period=Period(days=15),
        kind="guidance",
        verified=False,
    ),
    "representations_close": Rule(
        label="Last day to comment on the draft plan and ask for a particular school or college",
        basis=(
            f"{SEND_REGS} reg 13(1)(a): at least 15 days beginning with the day the draft plan "
            "was served"
        ),
        period=Period(days=15, beginning_with=True),
    ),
    # ---- Appeals to the First-tier Tribunal (SEND) ----------------------------------------
    "appeal_deadline": Rule(
        label="Last day to appeal to the SEND Tribunal",
        basis=(
            f"{HESC_RULES} r20(1)(c): within 2 months after written notice of the decision "
            "was sent, or 1 month after the mediation certificate was issued if that is later"
        ),
        period=Period(months=2),
    ),
    "appeal_deadline_after_certificate": Rule(
        label="Last day to appeal to the SEND Tribunal",
        basis=(
            f"{HESC_RULES} r20(1)(c): within 1 month from the date the mediation certificate "
            "was issued (later than 2 months after the decision was sent)"
        ),
        period=Period(months=1),
    ),
    "appeal_rollover_august": Rule(
        label="Appeal deadlines ending in August move to the first working day of September",
        basis=(
            f"{HESC_RULES} r12(3)(a): in a special educational needs case an appeal due on "
            "any day in August is in time on the first working day after 31 August"
        ),
    ),
    "appeal_rollover_christmas": Rule(
        label=(
            "Appeal deadlines ending between 25 December and 1 January move to the next "
            "working day after 1 January"
        ),
        basis=(
            f"{HESC_RULES} r12(3)(a): in a special educational needs case an appeal due from "
            "25 December to 1 January is in time on the first working day after 1 January"
        ),
    ),
    "appeal_rollover_working_day": Rule(
        label="Appeal deadlines ending on a weekend or bank holiday move to the next working day",
        basis=(
            f"{HESC_RULES} r12(2): a time for doing something that ends on a day other than a "
            "working day ends on the next working day"
        ),
    ),
    # ---- Mediation ------------------------------------------------------------------------
    "mediation_adviser_contact_by": Rule(
        label="Last day to contact the mediation adviser if you want to appeal",
        basis=f"{SEND_REGS} reg 33: within 2 months after written notice of the decision was sent",
        period=Period(months=2),
    ),
    "mediation_certificate_due": Rule(
        label=(
            "If you tell the mediation adviser you do not want mediation: "
            "mediation certificate issued by"
        ),
        basis=f"{SEND_REGS} reg 34: within 3 working days",
        period=Period(working_days=3),
    ),
    "mediation_held_by": Rule(
        label="If you choose mediation: the mediation must take place by",
        basis=(
            f"{SEND_REGS} regs 32 to 42 (mediation): mediation arranged within 30 days of the "
            "council being told the family wants it"
        ),
        period=Period(days=30),
        verified=False,
    ),
    "icb_notified_by": Rule(
        label=(
            "Council must tell the NHS integrated care board about the health care issues "
            "the family wants to mediate"
        ),
        basis=f"{SEND_REGS} regs 32 to 42 (mediation: health care issues): within 3 working days",
        period=Period(working_days=3),
        verified=False,
    ),
    "mediation_certificate_not_arranged": Rule(
        label="Mediation certificate issued because mediation could not be arranged in 30 days",
        basis=(
            f"{SEND_REGS} regs 32 to 42 (mediation): within 3 working days of the council "
            "telling the mediation adviser it cannot arrange mediation within 30 days"
        ),
        period=Period(working_days=3),
        verified=False,
    ),
    "mediation_certificate_after_mediation": Rule(
        label="Mediation certificate issued after the mediation",
        basis=(
            f"{SEND_REGS} regs 32 to 42 (mediation): within 3 working days of the mediation ending"
        ),
        period=Period(working_days=3),
        verified=False,
    ),
    "mediation_agreement_action": Rule(
        label="Council must do what it agreed at mediation",
        basis=(
            f"{SEND_REGS} reg 42(3): within 2 weeks of the mediation agreement (matters the "
            "Tribunal could not have ordered)"
        ),
        period=Period(weeks=2),
    ),
    "mediation_agreement_appealable": Rule(
        label="Council must do what it agreed at mediation",
        basis=(
            f"{SEND_REGS} reg 42(2): the reg 44 time limits for Tribunal orders apply, counted "
            "from the date of the mediation agreement"
        ),
    ),
    # ---- Complying with Tribunal orders (reg 44) ------------------------------------------
    "order_assess_notify": Rule(
        label="Council must tell the family it is carrying out the EHC needs assessment",
        basis=f"{SEND_REGS} reg 44 (Tribunal order to assess or re-assess): within 2 weeks",
        period=Period(weeks=2),
    ),
    "order_assess_no_plan_notice": Rule(
        label=(
            "If the council decides not to issue an EHC plan after the assessment, "
            "it must tell the family by this date"
        ),
        basis=f"{SEND_REGS} reg 44 (Tribunal order to assess or re-assess): within 10 weeks",
        period=Period(weeks=10),
    ),
    "order_assess_final_plan": Rule(
        label="Final EHC plan issued after the assessment",
        basis=f"{SEND_REGS} reg 44 (Tribunal order to assess or re-assess): within 14 weeks",
        period=Period(weeks=14),
    ),
    "order_make_plan_draft": Rule(
        label="Draft EHC plan issued",
        basis=f"{SEND_REGS} reg 44 (Tribunal order to make and maintain a plan): within 5 weeks",
        period=Period(weeks=5),
    ),
    "order_make_plan_final": Rule(
        label="Final EHC plan issued",
        basis=f"{SEND_REGS} reg 44 (Tribunal order to make and maintain a plan): within 11 weeks",
        period=Period(weeks=11),
    ),
    "order_amend_plan": Rule(
        label="Amended EHC plan issued",
        basis=f"{SEND_REGS} reg 44 (Tribunal order to amend a plan): within 5 weeks",
        period=Period(weeks=5),
    ),
    "order_name_setting": Rule(
        label="Amended EHC plan issued naming the school or college (section I)",
        basis=(
            f"{SEND_REGS} reg 44 (Tribunal order changing only the school or college named, "
            "or its type): within 2 weeks"
        ),
        period=Period(weeks=2),
    ),
    "order_cease_dismissed": Rule(
        label="Council stops maintaining the EHC plan",
        basis=(
            f"{SEND_REGS} reg 44 (Tribunal dismisses an appeal against ceasing to maintain "
            "the plan): immediately"
        ),
        period=Period(),
    ),
    # ---- Unopposed appeals (reg 45) -------------------------------------------------------
    "unopposed_assessment_notify": Rule(
        label="Council must tell the family it is carrying out the EHC needs assessment",
        basis=(
            f"{SEND_REGS} reg 45 (appeal not opposed): within 2 weeks of the council telling "
            "the Tribunal"
        ),
        period=Period(weeks=2),
    ),
    "unopposed_assessment_no_plan_notice": Rule(
        label=(
            "If the council decides not to issue an EHC plan after the assessment, "
            "it must tell the family by this date"
        ),
        basis=(
            f"{SEND_REGS} reg 45 (appeal not opposed): within 10 weeks of the council telling "
            "the Tribunal"
        ),
        period=Period(weeks=10),
    ),
    "unopposed_assessment_final_plan": Rule(
        label="Final EHC plan issued after the assessment",
        basis=(
            f"{SEND_REGS} reg 45 (appeal not opposed): within 14 weeks of the council telling "
            "the Tribunal"
        ),
        period=Period(weeks=14),
    ),
    "unopposed_amend_plan": Rule(
        label="Amended EHC plan issued",
        basis=(
            f"{SEND_REGS} reg 45 (appeal about the plan's contents or ceasing it, not opposed): "
            "within 5 weeks of the council telling the Tribunal"
        ),
        period=Period(weeks=5),
    ),
    # ---- Annual review ---------------------------------------------------------------------
    "review_due": Rule(
        label="Review of the EHC plan must be completed",
        basis=(
            f"{CFA} s44(1): within the period of 12 months starting with the date the plan was "
            "made or last reviewed"
        ),
        period=Period(months=12, beginning_with=True),
    ),
    "review_meeting_notice_by": Rule(
        label="Last day to send invitations to the review meeting (at least 2 weeks' notice)",
        basis=f"{SEND_REGS} reg 20(3)",
        period=Period(weeks=2, before=True),
    ),
    "review_advice_circulated_by": Rule(
        label="Advice and information for the review meeting sent to everyone invited",
        basis=f"{SEND_REGS} reg 20(4): at least 2 weeks before the meeting",
        period=Period(weeks=2, before=True),
    ),
    "review_report_due": Rule(
        label="Report of the review meeting sent to everyone invited",
        basis=f"{SEND_REGS} reg 20(7) and (8): within 2 weeks of the meeting",
        period=Period(weeks=2),
        verified=False,
    ),
    "review_decision_due": Rule(
        label=(
            "Council tells the family whether it will keep, change or stop the EHC plan "
            "(with any proposed changes)"
        ),
        basis=(
            f"{SEND_REGS} reg 20(10): within 4 weeks of the review meeting; {DEVON}: the "
            "proposed amendments must be sent within the same 4 weeks"
        ),
        period=Period(weeks=4),
        verified=False,
    ),
    "amendment_representations_close": Rule(
        label=(
            "Last day to comment on the proposed changes and ask for a particular school or college"
        ),
        basis=(
            f"{SEND_REGS} reg 22(2)(c): at least 15 days beginning with the day the amendment "
            "notice was served"
        ),
        period=Period(days=15, beginning_with=True),
    ),
    "amended_plan_due": Rule(
        label="Final amended EHC plan issued",
        basis=f"{SEND_REGS} reg 22(3): within 8 weeks of the amendment notice being sent",
        period=Period(weeks=8),
    ),
    "amended_plan_review_cap": Rule(
        label="Final amended EHC plan issued",
        basis=f"{DEVON}: no later than 12 weeks after the review meeting",
        period=Period(weeks=12),
    ),
    "review_suggested_under_5": Rule(
        label="Review suggested for a child under 5 (every 3 to 6 months)",
        basis=(
            "SEND Code of Practice 9.178 (guidance, not a statutory limit): plans for children "
            "under 5 should be reviewed every 3 to 6 months"
        ),
        period=Period(months=6, beginning_with=True),
        kind="guidance",
        verified=False,
    ),
    # ---- Phase transfers (reg 18) ----------------------------------------------------------
    "phase_transfer_school": Rule(
        label=(
            "Review finished and amended EHC plan naming the new school issued "
            "(by 15 February in the year of the move)"
        ),
        basis=(
            f"{SEND_REGS} reg 18(1)(b); SEND Code of Practice 9.179: the review and any "
            "amendments must be completed by 15 February in the calendar year of the transfer"
        ),
        anchor=(2, 15),
        period=Period(),
    ),
    "phase_transfer_post16": Rule(
        label=(
            "Review finished and amended EHC plan naming the post-16 institution issued "
            "(by 31 March in the year of the move)"
        ),
        basis=(
            f"{SEND_REGS} reg 18(1)(a); SEND Code of Practice 9.179: secondary school to a "
            "post-16 institution, the review and any amendments must be completed by 31 March "
            "in the calendar year of the transfer"
        ),
        anchor=(3, 31),
        period=Period(),
    ),
    "phase_transfer_post16_other": Rule(
        label=(
            "Review finished and amended EHC plan naming the new post-16 institution issued "
            "(at least 5 months before the move)"
        ),
        basis=(
            f"{SEND_REGS} reg 18(2): moving between post-16 institutions at another time, "
            "at least 5 months before the transfer"
        ),
        period=Period(months=5, before=True),
    ),
    "phase_transfer_latest_meeting": Rule(
        label=(
            "Latest review meeting that still lets the amended plan be issued by the phase "
            "transfer date (12 weeks before it)"
        ),
        basis=(
            f"Target, not a statutory limit: after the review meeting the council has 4 weeks to "
            f"decide and propose amendments ({SEND_REGS} reg 20(10)) and at most 12 weeks in all "
            f"to issue the amended plan ({DEVON}), which must be done by the phase transfer date "
            f"({SEND_REGS} reg 18)"
        ),
        period=Period(weeks=12, before=True),
        kind="target",
    ),
    # ---- Re-assessment ---------------------------------------------------------------------
    "reassessment_decision_due": Rule(
        label="Decision whether to carry out a re-assessment of needs",
        basis=f"{SEND_REGS} reg 25: within 15 days of receiving the request",
        period=Period(days=15),
        verified=False,
    ),
    "reassessment_final_plan": Rule(
        label="Amended or new EHC plan issued after the re-assessment",
        basis=f"{SEND_REGS} reg 27: within 14 weeks of telling the family about the re-assessment",
        period=Period(weeks=14),
    ),
    "reassessment_refusal_window": Rule(
        label=(
            "Until this date the council may refuse a re-assessment unless it is necessary "
            "(6 months after the last assessment)"
        ),
        basis=(
            f"{SEND_REGS} regs 24 and 25 (re-assessment): a request made less than 6 months "
            "after the last EHC needs assessment may be refused unless a re-assessment is "
            "necessary"
        ),
        period=Period(months=6),
        verified=False,
    ),
    # ---- Moving to another council (transfer of the plan) ----------------------------------
    "transfer_plan_sent": Rule(
        label="Old council transfers the EHC plan to the new council",
        basis=(
            f"{SEND_REGS} regs 15 to 17 (transfer of EHC plans between councils): on the day of "
            "the move, or within 15 working days of the old council becoming aware of it"
        ),
        period=Period(working_days=15),
        verified=False,
    ),
    "transfer_reassessment_decision": Rule(
        label="New council tells the family whether it will carry out an EHC needs assessment",
        basis=f"{SEND_REGS} regs 15 to 17 (transfer of EHC plans between councils): within 6 weeks",
        period=Period(weeks=6),
        verified=False,
    ),
    "transfer_review_due": Rule(
        label="New council must review the transferred EHC plan",
        basis=(
            f"{SEND_REGS} regs 15 to 17 (transfer of EHC plans between councils): the later of "
            "12 months from the last review and 3 months from the transfer"
        ),
        period=Period(months=3),
        verified=False,
    ),
}

RULES: MappingProxyType[str, Rule] = MappingProxyType(_RULES)

# A deadline within this many working days (and not yet due) is "due soon" in the UI.
DUE_SOON_WORKING_DAYS = 5

TRIBUNAL_ORDER_TYPES: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "assess": ("order_assess_notify", "order_assess_no_plan_notice", "order_assess_final_plan"),
        "make_plan": ("order_make_plan_draft", "order_make_plan_final"),
        "amend_plan": ("order_amend_plan",),
        "name_setting": ("order_name_setting",),
        "cease_dismissed": ("order_cease_dismissed",),
    }
)

UNOPPOSED_APPEAL_KINDS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {
        "assessment": (
            "unopposed_assessment_notify",
            "unopposed_assessment_no_plan_notice",
            "unopposed_assessment_final_plan",
        ),
        "content_or_cease": ("unopposed_amend_plan",),
    }
)

PHASE_TRANSFERS: MappingProxyType[str, str] = MappingProxyType(
    {
        "school": "phase_transfer_school",
        "post16": "phase_transfer_post16",
        "post16_other": "phase_transfer_post16_other",
    }
)


# --------------------------------------------------------------------------------------------
# Exceptions: recorded against a deadline, never moving it
# --------------------------------------------------------------------------------------------


class ExceptionReason(StrEnum):
    """Reasons the law allows a council to miss a time limit (codes are stored values)."""

    # reg 10(4): applied to the 6-week decision by reg 5(4), the 16-week no-plan notice by
    # reg 10(4) and the 20-week final plan by reg 13(3).
    INSTITUTION_CLOSED = "10_4_a"
    EARLY_YEARS_CLOSED = "10_4_b"
    PERSONAL_CIRCUMSTANCES = "10_4_c"
    ABSENT_FROM_AREA = "10_4_d"
    # reg 8(2): the 6-week limit for advice.
    ADVICE_PERSONAL_CIRCUMSTANCES = "8_2_a"
    ADVICE_ABSENT_FROM_AREA = "8_2_b"
    ADVICE_MISSED_APPOINTMENT = "8_2_c"

    @property
    def description(self) -> str:
        return _EXCEPTION_TEXT[self][0]

    @property
    def basis(self) -> str:
        return _EXCEPTION_TEXT[self][1]

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(code, description) pairs, e.g. for a form field or model choices."""
        return [(member.value, member.description) for member in cls]


_EXCEPTION_TEXT: dict[ExceptionReason, tuple[str, str]] = {
    ExceptionReason.INSTITUTION_CLOSED: (
        "The council asked a school or college for advice during the time running from one "
        "week before it closed for at least 4 weeks in a row (usually the summer holiday) to "
        "one week before it reopened.",
        f"{SEND_REGS} reg 10(4)(a)",
    ),
    ExceptionReason.EARLY_YEARS_CLOSED: (
        "The council asked a nursery or other early years provider for advice during the time "
        "running from one week before it closed for at least 4 weeks in a row to one week "
        "before it reopened.",
        f"{SEND_REGS} reg 10(4)(b)",
    ),
    ExceptionReason.PERSONAL_CIRCUMSTANCES: (
        "Exceptional personal circumstances affected the child or their parent, or the young "
        "person, during the time allowed.",
        f"{SEND_REGS} reg 10(4)(c)",
    ),
    ExceptionReason.ABSENT_FROM_AREA: (
        "The child or their parent, or the young person, was away from the council's area for "
        "at least 4 weeks in a row during the time allowed.",
        f"{SEND_REGS} reg 10(4)(d)",
    ),
    ExceptionReason.ADVICE_PERSONAL_CIRCUMSTANCES: (
        "Exceptional personal circumstances affected the child or their parent, or the young "
        "person, during the 6 weeks allowed for advice.",
        f"{SEND_REGS} reg 8(2)(a)",
    ),
    ExceptionReason.ADVICE_ABSENT_FROM_AREA: (
        "The child or their parent, or the young person, was away from the council's area for "
        "at least 4 weeks in a row during the 6 weeks allowed for advice.",
        f"{SEND_REGS} reg 8(2)(b)",
    ),
    ExceptionReason.ADVICE_MISSED_APPOINTMENT: (
        "The child or young person did not keep an appointment for an examination or test "
        "during the 6 weeks allowed for advice.",
        f"{SEND_REGS} reg 8(2)(c)",
    ),
}

EXCEPTION_NOTE = (
    "An exception does not change the legal date. It only excuses the council if meeting the "
    "date was impractical because of it, and the council must still act as soon as practicable "
    "and keep to the remaining time limits."
)

_REG_10_4 = (
    ExceptionReason.INSTITUTION_CLOSED,
    ExceptionReason.EARLY_YEARS_CLOSED,
    ExceptionReason.PERSONAL_CIRCUMSTANCES,
    ExceptionReason.ABSENT_FROM_AREA,
)
_REG_8_2 = (
    ExceptionReason.ADVICE_PERSONAL_CIRCUMSTANCES,
    ExceptionReason.ADVICE_ABSENT_FROM_AREA,
    ExceptionReason.ADVICE_MISSED_APPOINTMENT,
)
# Which exceptions the law attaches to which deadline (reg 5(4), 10(4), 13(3), 8(2)).
_EXCEPTIONS_BY_DEADLINE: dict[str, tuple[ExceptionReason, ...]] = {
    "decision_to_assess": _REG_10_4,
    "no_plan_notice": _REG_10_4,
    "final_plan": _REG_10_4,
    "advice_due": _REG_8_2,
}


def describe_exception(code: str | ExceptionReason) -> str:
    """Plain-English description of an exception code such as "10_4_c"."""
    try:
        reason = ExceptionReason(code)
    except ValueError:
        raise ValueError(f"Unknown exception code {code!r}") from None
    return f"{reason.description} ({reason.basis})"


def exceptions_for(key: str) -> tuple[ExceptionReason, ...]:
    """The exceptions that may excuse missing the deadline with this key (empty if none)."""
    return _EXCEPTIONS_BY_DEADLINE.get(key, ())


# --------------------------------------------------------------------------------------------
# Calendar arithmetic
# --------------------------------------------------------------------------------------------

_CALENDAR = holidays.country_holidays("GB", subdiv="ENG")
# Years for which the holidays package knows England's bank holidays.
_FIRST_YEAR: int = _CALENDAR.start_year
_LAST_YEAR: int = _CALENDAR.end_year


@functools.cache
def england_bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays in ``year``, including substitute days.

    The set may also hold the weekend date a holiday was moved from (e.g. Saturday 26 December
    2026 alongside the substitute Monday 28 December); that makes no difference to working days.
    """
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise ValueError(f"No bank holiday calendar for {year}")
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(d: date) -> bool:
    """Not a Saturday, Sunday, Christmas Day, Good Friday or England and Wales bank holiday."""
    return d.weekday() < 5 and d not in england_bank_holidays(d.year)


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after ``d`` (before it if n is negative); ``d`` itself never counts."""
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = d
    while remaining:
        current += step
        if is_working_day(current):
            remaining -= 1
    return current


def first_working_day_on_or_after(d: date) -> date:
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def add_months(d: date, n: int) -> date:
    """Same day n calendar months later (earlier if negative), clamped to the month's end."""
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last_day))


# --------------------------------------------------------------------------------------------
# Building deadlines from the table
# --------------------------------------------------------------------------------------------


def _due(rule_key: str, start: date) -> date:
    period = RULES[rule_key].period
    if period is None:
        raise ValueError(f"Rule {rule_key!r} has no period")
    return period.apply(start)


def _deadline(
    rule_key: str, start: date, *, key: str | None = None, basis: str | None = None
) -> Deadline:
    rule = RULES[rule_key]
    return Deadline(
        key=key or rule_key,
        due=_due(rule_key, start),
        label=rule.label,
        basis=basis or rule.basis,
        kind=rule.kind,
    )


# ---- New EHC needs assessment ----------------------------------------------------------------


def decision_to_assess(*, received: date) -> Deadline:
    """Request received (or council became responsible) → 6 weeks to decide whether to assess."""
    return _deadline("decision_to_assess", received)


def advice_due(*, requested: date) -> Deadline:
    """Each request for advice → the adviser has 6 weeks from receiving it."""
    return _deadline("advice_due", requested)


def draft_plan_target(*, received: date) -> Deadline:
    return _deadline("draft_plan_target", received)


def no_plan_notice(*, received: date) -> Deadline:
    return _deadline("no_plan_notice", received)


def final_plan(*, received: date) -> Deadline:
    return _deadline("final_plan", received)


def assessment_timetable(*, received: date) -> list[Deadline]:
    """The main dates for a new request, in date order."""
    return [
        decision_to_assess(received=received),
        draft_plan_target(received=received),
        no_plan_notice(received=received),
        final_plan(received=received),
    ]


def representations_close(*, draft_served: date) -> Deadline:
    return _deadline("representations_close", draft_served)


def consultation_response_due(*, consulted: date) -> Deadline:
    """A consulted school or college is asked to reply within 15 days (guidance, not law)."""
    return _deadline("consultation_response_due", consulted)


# ---- Appeals and mediation -------------------------------------------------------------------


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
    rule_key = "appeal_deadline"
    due = _due("appeal_deadline", decision_sent)
    if certificate_issued is not None:
        after_certificate = _due("appeal_deadline_after_certificate", certificate_issued)
        if after_certificate > due:
            rule_key, due = "appeal_deadline_after_certificate", after_certificate
    due, rollover = _roll_forward_appeal(due)
    basis = RULES[rule_key].basis
    if rollover:
        basis = f"{basis}; {RULES[rollover].basis}"
    return Deadline(
        key="appeal_deadline",
        due=due,
        label=RULES[rule_key].label,
        basis=basis,
        kind=RULES[rule_key].kind,
    )


def mediation_adviser_contact_by(*, decision_sent: date) -> Deadline:
    return _deadline("mediation_adviser_contact_by", decision_sent)


def mediation_certificate_due(*, told_on: date) -> Deadline:
    """Family tells the mediation adviser they do not want mediation → certificate in 3 w.d."""
    return _deadline("mediation_certificate_due", told_on)


def mediation_held_by(*, told_on: date) -> Deadline:
    """Council told the family wants mediation → mediation within 30 days."""
    return _deadline("mediation_held_by", told_on)


def icb_notified_by(*, told_on: date) -> Deadline:
    """Family wants to mediate about health care → council tells each ICB in 3 working days."""
    return _deadline("icb_notified_by", told_on)


def mediation_certificate_not_arranged(*, adviser_told_on: date) -> Deadline:
    """Council tells the adviser it cannot arrange mediation in 30 days → certificate."""
    return _deadline("mediation_certificate_not_arranged", adviser_told_on)


def mediation_certificate_after_mediation(*, concluded_on: date) -> Deadline:
    return _deadline("mediation_certificate_after_mediation", concluded_on)


def mediation_agreement_action_due(
    *, agreed_on: date, order_type: str | None = None
) -> list[Deadline]:
    """What the council agreed at mediation, and by when.

    ``order_type`` (one of ``TRIBUNAL_ORDER_TYPES``) when the agreement is about something the
    Tribunal could have ordered: the reg 44 periods apply from the agreement (reg 42(2)).
    Otherwise: 2 weeks (reg 42(3)).
    """
    if order_type is None:
        return [_deadline("mediation_agreement_action", agreed_on)]
    basis = RULES["mediation_agreement_appealable"].basis
    return [
        _deadline(
            rule_key,
            agreed_on,
            key=rule_key.replace("order_", "mediation_agreement_", 1),
            basis=f"{basis} ({RULES[rule_key].basis})",
        )
        for rule_key in _order_rule_keys(order_type)
    ]


def _order_rule_keys(order_type: str) -> tuple[str, ...]:
    try:
        return TRIBUNAL_ORDER_TYPES[order_type]
    except KeyError:
        choices = ", ".join(TRIBUNAL_ORDER_TYPES)
        raise ValueError(f"Unknown order type {order_type!r}; use one of: {choices}") from None


def tribunal_order_deadlines(*, order_date: date, order_type: str) -> list[Deadline]:
    """What a Tribunal order requires of the council, and by when (reg 44)."""
    return [_deadline(rule_key, order_date) for rule_key in _order_rule_keys(order_type)]


def unopposed_appeal_deadlines(*, notified_tribunal_on: date, kind: str) -> list[Deadline]:
    """The council told the Tribunal it will not oppose the appeal (reg 45)."""
    try:
        rule_keys = UNOPPOSED_APPEAL_KINDS[kind]
    except KeyError:
        choices = ", ".join(UNOPPOSED_APPEAL_KINDS)
        raise ValueError(f"Unknown unopposed appeal kind {kind!r}; use one of: {choices}") from None
    return [_deadline(rule_key, notified_tribunal_on) for rule_key in rule_keys]


# ---- Annual review -----------------------------------------------------------------------------


def review_due(*, last_issue_or_review: date) -> Deadline:
    return _deadline("review_due", last_issue_or_review)


def review_meeting_notice_by(*, meeting: date) -> Deadline:
    return _deadline("review_meeting_notice_by", meeting)


def review_advice_circulated_by(*, meeting: date) -> Deadline:
    return _deadline("review_advice_circulated_by", meeting)


def review_report_due(*, meeting: date) -> Deadline:
    return _deadline("review_report_due", meeting)


def review_decision_due(*, meeting: date) -> Deadline:
    return _deadline("review_decision_due", meeting)


def amendment_representations_close(*, notice_served: date) -> Deadline:
    return _deadline("amendment_representations_close", notice_served)


def amended_plan_due(*, amendment_notice_sent: date, meeting: date | None = None) -> Deadline:
    """8 weeks from the amendment notice; with a review meeting, never later than 12 weeks
    after it (Devon). The earlier date applies and the basis names both."""
    deadline = _deadline("amended_plan_due", amendment_notice_sent)
    if meeting is None:
        return deadline
    cap = _due("amended_plan_review_cap", meeting)
    basis = (
        f"{RULES['amended_plan_due'].basis}; {RULES['amended_plan_review_cap'].basis}; "
        "the earlier date applies"
    )
    return Deadline(
        key="amended_plan_due",
        due=min(deadline.due, cap),
        label=deadline.label,
        basis=basis,
        kind=deadline.kind,
    )


# ---- Phase transfers ----------------------------------------------------------------------------


def phase_transfer_deadline(
    *, transfer: str, transfer_year: int | None = None, transfer_date: date | None = None
) -> Deadline:
    """Last day for the reviewed and amended plan before a move between phases (reg 18).

    ``transfer``: "school" (any move into or between schools, e.g. primary to secondary),
    "post16" (secondary school to a post-16 institution) with ``transfer_year``; or
    "post16_other" (between post-16 institutions at another time) with ``transfer_date``.
    """
    try:
        rule_key = PHASE_TRANSFERS[transfer]
    except KeyError:
        choices = ", ".join(PHASE_TRANSFERS)
        raise ValueError(f"Unknown transfer {transfer!r}; use one of: {choices}") from None
    anchor = RULES[rule_key].anchor
    if anchor is not None:
        if transfer_year is None:
            raise ValueError(f"transfer_year is needed for a {transfer!r} transfer")
        start = date(transfer_year, *anchor)
    else:
        if transfer_date is None:
            raise ValueError(f"transfer_date is needed for a {transfer!r} transfer")
        start = transfer_date
    return _deadline(rule_key, start, key="phase_transfer_deadline")


def review_suggested_under_5(*, last_issue_or_review: date) -> Deadline:
    """Guidance: under-5s every 3 to 6 months (SEND Code of Practice 9.178)."""
    return _deadline("review_suggested_under_5", last_issue_or_review)


def phase_transfer_latest_meeting(*, phase_deadline: date) -> Deadline:
    """Target: the last review meeting after which the full reg 20 / reg 22 sequence (4 weeks,
    then at most 12 weeks from the meeting) still ends by the phase transfer date."""
    return _deadline("phase_transfer_latest_meeting", phase_deadline)


# ---- Re-assessment and moving between councils -----------------------------------------------


def reassessment_decision_due(*, request_received: date) -> Deadline:
    return _deadline("reassessment_decision_due", request_received)


def reassessment_final_plan(*, notified: date) -> Deadline:
    return _deadline("reassessment_final_plan", notified)


def reassessment_may_refuse_until(*, last_assessment: date) -> Deadline:
    return _deadline("reassessment_refusal_window", last_assessment)


def transfer_plan_sent(*, old_council_aware: date) -> Deadline:
    """The old council transfers the plan within 15 working days of learning of the move."""
    return _deadline("transfer_plan_sent", old_council_aware)


def transfer_between_las(*, move_notified: date) -> Deadline:
    """Plan transferred to a new council → it says within 6 weeks whether it will reassess."""
    return _deadline("transfer_reassessment_decision", move_notified)


def transfer_review_due(*, last_review: date, transferred_on: date) -> Deadline:
    """The later of the usual 12-month review date and 3 months after the transfer."""
    due = max(
        review_due(last_issue_or_review=last_review).due,
        _due("transfer_review_due", transferred_on),
    )
    rule = RULES["transfer_review_due"]
    return Deadline(
        key="transfer_review_due", due=due, label=rule.label, basis=rule.basis, kind=rule.kind
    )


# ---- Status for colouring deadlines in the UI -------------------------------------------------


class DeadlineStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


def overdue_status(*, due: date, today: date) -> DeadlineStatus:
    """Overdue, due today, due within ``DUE_SOON_WORKING_DAYS`` working days, or on track."""
    if today > due:
        return DeadlineStatus.OVERDUE
    if today == due:
        return DeadlineStatus.DUE_TODAY
    if due <= add_working_days(today, DUE_SOON_WORKING_DAYS):
        return DeadlineStatus.DUE_SOON
    return DeadlineStatus.ON_TRACK
