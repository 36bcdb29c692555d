"""The law table, part 2: after the plan. Tribunal orders (reg 44), unopposed appeals (reg 45 as
substituted by SI 2015/359), reviews (CFA 2014 s44; regs 18, 20 and 22), re-assessments (regs
25 and 27) and moving between councils (reg 15)."""

from __future__ import annotations

from datetime import date

from .table_assessment import CFA, DEVON, SEND_REGS
from .values import Period, Rule

#: SI 2015/359 reg 8 substituted reg 45(3) to (6) (unopposed appeals) from 1 April 2015.
SI_2015_359 = "Special Educational Needs and Disability (Amendment) Regulations 2015 (SI 2015/359)"
SI_2015_359_IN_FORCE = date(2015, 4, 1)
SUBSTITUTED = "as substituted by SI 2015/359"


def _reg45(label: str, basis: str, period: Period, *, verified: bool = True) -> Rule:
    return Rule(
        label=label,
        basis=basis,
        period=period,
        verified=verified,
        in_force=SI_2015_359_IN_FORCE,
        made_by=SI_2015_359,
    )


PLAN_RULES: dict[str, Rule | tuple[Rule, ...]] = {
    # ---- Complying with Tribunal orders (reg 44) ------------------------------------------
    "order_assess_notify": Rule(
        label="Council must tell the family it is carrying out the EHC needs assessment",
        basis=f"{SEND_REGS} reg 44(2)(b) (Tribunal order to assess or re-assess): within 2 weeks",
        period=Period(weeks=2),
    ),
    "order_assess_no_plan_notice": Rule(
        label=(
            "If the council decides not to issue an EHC plan after the assessment, "
            "it must tell the family by this date"
        ),
        basis=(
            f"{SEND_REGS} reg 44(2)(b)(i) (Tribunal order to assess or re-assess): within 10 "
            "weeks of the order"
        ),
        period=Period(weeks=10),
    ),
    "order_assess_final_plan": Rule(
        label="Final EHC plan issued after the assessment",
        basis=(
            f"{SEND_REGS} reg 44(2)(b)(ii) (Tribunal order to assess or re-assess): within 14 "
            "weeks of the order"
        ),
        period=Period(weeks=14),
    ),
    "order_make_plan_draft": Rule(
        label="Draft EHC plan issued",
        basis=(
            f"{SEND_REGS} reg 44(2)(c)(i) (Tribunal order to make and maintain a plan): within 5 "
            "weeks"
        ),
        period=Period(weeks=5),
    ),
    "order_make_plan_final": Rule(
        label="Final EHC plan issued",
        basis=(
            f"{SEND_REGS} reg 44(2)(c)(ii) (Tribunal order to make and maintain a plan): within "
            "11 weeks"
        ),
        period=Period(weeks=11),
    ),
    "order_continue_to_maintain": Rule(
        label="Council continues to maintain the EHC plan (it must not stop it)",
        basis=(
            f"{SEND_REGS} reg 44(2)(d) (Tribunal order to continue to maintain the plan, "
            "allowing an appeal against ceasing it): with immediate effect"
        ),
        period=Period(),
        verified=False,
    ),
    "order_amend_plan": Rule(
        label="Amended EHC plan issued",
        basis=f"{SEND_REGS} reg 44(2)(e) (Tribunal order to amend a plan): within 5 weeks",
        period=Period(weeks=5),
    ),
    "order_name_setting": Rule(
        label="Amended EHC plan issued naming the school or college (section I)",
        basis=(
            f"{SEND_REGS} reg 44(2)(f) (Tribunal order changing only the school or college "
            "named, or its type): within 2 weeks"
        ),
        period=Period(weeks=2),
    ),
    "order_cease_dismissed": Rule(
        label="Council stops maintaining the EHC plan",
        basis=(
            f"{SEND_REGS} reg 44(2)(a) (Tribunal dismisses an appeal against ceasing to "
            "maintain the plan): immediately"
        ),
        period=Period(),
    ),
    # ---- Unopposed appeals (reg 45 as substituted by SI 2015/359 reg 8) ---------------------
    "unopposed_assessment_notify": _reg45(
        "Council must tell the family it is carrying out the EHC needs assessment",
        f"{SEND_REGS} reg 45(3) ({SUBSTITUTED}; appeal under {CFA} s51(2)(a) or (d), not "
        "opposed): within 2 weeks of the council telling the Tribunal",
        Period(weeks=2),
    ),
    "unopposed_assessment_no_plan_notice": _reg45(
        "If the council decides not to issue an EHC plan after the assessment, it must tell the "
        "family by this date",
        f"{SEND_REGS} reg 45(3A)(a) ({SUBSTITUTED}; appeal not opposed): within 10 weeks of "
        "the council telling the Tribunal",
        Period(weeks=10),
    ),
    "unopposed_assessment_final_plan": _reg45(
        "Final EHC plan issued after the assessment",
        f"{SEND_REGS} reg 45(3A)(b) ({SUBSTITUTED}; appeal not opposed): within 14 weeks of "
        "the council telling the Tribunal",
        Period(weeks=14),
    ),
    "unopposed_amend_plan": _reg45(
        "Amended EHC plan issued",
        f"{SEND_REGS} reg 45(4) ({SUBSTITUTED}; appeal under {CFA} s51(2)(c)(i) or (ii), or "
        "(e), about the needs or provision in the plan or a refusal to amend it, not opposed): "
        "within 5 weeks of the council telling the Tribunal",
        Period(weeks=5),
    ),
    "unopposed_name_setting": _reg45(
        "Amended EHC plan issued naming the school or college (section I)",
        f"{SEND_REGS} reg 45(5) ({SUBSTITUTED}; appeal under {CFA} s51(2)(c)(iii) or (iv), "
        "about section I only, not opposed): within 2 weeks of the council telling the Tribunal",
        Period(weeks=2),
        verified=False,
    ),
    "unopposed_continue_to_maintain": _reg45(
        "Council continues to maintain the EHC plan (it must not stop it)",
        f"{SEND_REGS} reg 45(6) ({SUBSTITUTED}; appeal under {CFA} s51(2)(f) against ceasing "
        "the plan, not opposed): the council must continue to maintain the plan",
        Period(),
        verified=False,
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
        label="Final amended EHC plan issued (12 weeks after the review meeting)",
        basis=f"{DEVON}: no later than 12 weeks after the review meeting",
        period=Period(weeks=12),
    ),
    "no_amendment_notice_due": Rule(
        label=(
            "If the council decides not to make the proposed changes, it must tell the family, "
            "with its reasons, by this date"
        ),
        basis=(
            f"{SEND_REGS} reg 22(4): as soon as practicable and in any event within 8 weeks of "
            "the amendment notice being sent"
        ),
        period=Period(weeks=8),
        verified=False,
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
        label="Review finished and amended EHC plan naming the new school issued",
        basis=(
            f"{SEND_REGS} reg 18(1)(b): the plan must be reviewed and amended before 15 February "
            "in the calendar year of the transfer, so the last day in time is 14 February (the "
            "Code of Practice's \"by\" is not the regulation's word)"
        ),
        anchor=(2, 15),
        period=Period(days=1, before=True),
    ),
    "phase_transfer_post16": Rule(
        label="Review finished and amended EHC plan naming the post-16 institution issued",
        basis=(
            f"{SEND_REGS} reg 18(1)(a): secondary school to a post-16 institution, the plan must "
            "be reviewed and amended before 31 March in the calendar year of the transfer, so "
            "the last day in time is 30 March"
        ),
        anchor=(3, 31),
        period=Period(days=1, before=True),
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
            f"to issue the amended plan ({DEVON}), which must be done before the phase transfer "
            f"date ({SEND_REGS} reg 18)"
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
        basis=(
            f"{SEND_REGS} reg 27(2): within 14 weeks of telling the family about the "
            "re-assessment (exceptions in reg 27(3))"
        ),
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
    # ---- Moving to another council (transfer of the plan, reg 15) ---------------------------
    "transfer_plan_sent": Rule(
        label="Old council transfers the EHC plan to the new council",
        basis=(
            f"{SEND_REGS} reg 15(2): the old council did not know of the move at least 15 "
            "working days before it, so within 15 working days beginning with the day on which "
            "it became aware"
        ),
        period=Period(working_days=15, beginning_with=True),
    ),
    "transfer_plan_sent_on_move": Rule(
        label="Old council transfers the EHC plan to the new council on the day of the move",
        basis=(
            f"{SEND_REGS} reg 15(2): the old council knew of the move at least 15 working days "
            "before it, so it transfers the plan on the day of the move"
        ),
        period=Period(),
    ),
    "transfer_reassessment_decision": Rule(
        label=(
            "New council tells the family the plan has been transferred, whether it will carry "
            "out an EHC needs assessment and when it will review the plan"
        ),
        basis=f"{SEND_REGS} reg 15(4): within 6 weeks of the date of the transfer",
        period=Period(weeks=6),
    ),
    "transfer_review_due": Rule(
        label="New council must review the transferred EHC plan",
        basis=(
            f"{SEND_REGS} reg 15(5): before the later of the end of the 12 months beginning with "
            "the date the plan was made or last reviewed and the end of the 3 months beginning "
            "with the date of the transfer"
        ),
        period=Period(months=3, beginning_with=True),
    ),
}
