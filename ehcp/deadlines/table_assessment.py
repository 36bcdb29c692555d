"""The law table, part 1: the EHC needs assessment and plan, appeals and mediation.

Every period, label and legal basis lives in the tables (this module and ``table_plans``) and
nowhere else. A row is one ``Rule`` or a tuple of versions of it, each with the dates it was in
force (``Rule.in_force``/``Rule.ends``).
"""

from __future__ import annotations

from .values import Period, Rule

SEND_REGS = "SEND Regulations 2014"
CFA = "Children and Families Act 2014"
HESC_RULES = (
    "Tribunal Procedure (First-tier Tribunal) (Health, Education and Social Care Chamber) "
    "Rules 2008"
)
DEVON = "R (L, M and P) v Devon County Council [2022] EWHC 493 (Admin)"

ASSESSMENT_RULES: dict[str, Rule | tuple[Rule, ...]] = {
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
    "revised_representations_close": Rule(
        label=(
            "Last day to comment on the revised draft plan and ask for a particular school or "
            "college"
        ),
        basis=(
            f"{SEND_REGS} reg 13(1)(a): at least 15 days beginning with the day the draft plan "
            "was served, counted again from the day the revised draft was served"
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
    # ---- Mediation (SEND Regulations 2014 regs 32 to 42, each pinned) ----------------------
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
        basis=(
            f"{SEND_REGS} reg 34: within 3 working days of the mediation adviser being told "
            "the family does not wish to pursue mediation"
        ),
        period=Period(working_days=3),
    ),
    "mediation_held_by": Rule(
        label="If you choose mediation: the mediation must take place by",
        basis=(
            f"{SEND_REGS} regs 35 and 36: mediation arranged within 30 days of the council being "
            "told the family wants it (health care issues only: of the council telling the "
            "NHS integrated care board)"
        ),
        period=Period(days=30),
        verified=False,
    ),
    "icb_notified_by": Rule(
        label=(
            "Council must tell the NHS integrated care board about the health care issues "
            "the family wants to mediate"
        ),
        basis=(
            f"{SEND_REGS} reg 35 (mediation: health care issues): within 3 working days of the "
            "council being told"
        ),
        period=Period(working_days=3),
        verified=False,
    ),
    "mediation_certificate_not_arranged": Rule(
        label="Mediation certificate issued because mediation could not be arranged in 30 days",
        basis=(
            f"{SEND_REGS} reg 37: within 3 working days of the council telling the mediation "
            "adviser it cannot arrange mediation within 30 days"
        ),
        period=Period(working_days=3),
        verified=False,
    ),
    "mediation_certificate_after_mediation": Rule(
        label="Mediation certificate issued after the mediation",
        basis=(
            f"{SEND_REGS} reg 39 ({CFA} s55(5) certificate): within 3 working days of the "
            "mediation ending"
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
}
