"""The dates an audit of the law engine found the regulations' text contradicts (issue 17), one
test per rule, the edge in the test name and the regulation's words in the docstring.

Pure tests: no database. Texts quoted from legislation.gov.uk (SI 2014/1530 as made and as
amended; SI 2015/359 reg 8 for reg 45).
"""

from datetime import date

import pytest

from ehcp import deadlines as dl
from ehcp.deadlines import ExceptionReason, NoRuleInForce

# ---- "a period of N months starting/beginning with" ------------------------------------------


def test_s44_review_12_months_starting_with_1_march_2027_ends_29_february_2028_leap_year():
    """CFA 2014 s44(1): the plan is reviewed "during the period of 12 months starting with the
    date on which the EHC plan was made". The last day is the day before the corresponding day
    12 months later: 1 March 2028 - 1 = 29 February 2028 (not 28 February)."""
    deadline = dl.review_due(last_issue_or_review=date(2027, 3, 1))
    assert deadline.due == date(2028, 2, 29)
    assert "s44(1)" in deadline.basis


def test_under_5_review_6_months_starting_with_1_march_2026_ends_31_august_not_28th():
    """SEND Code of Practice 9.178 (guidance): 6 months starting with 1 March 2026 are March to
    August: the last day is 31 August 2026 (counting from 28 February gave 28 August)."""
    deadline = dl.review_suggested_under_5(last_issue_or_review=date(2026, 3, 1))
    assert deadline.due == date(2026, 8, 31)


def test_reg_15_5_review_3_months_beginning_with_the_transfer_on_1_may_2026_ends_31_july():
    """Reg 15(5): the new authority must review the plan "before the expiry of the later of"
    12 months beginning with the last review and 3 months beginning with the transfer: a transfer
    on Friday 1 May 2026 gives 31 July 2026 when the last review was long ago."""
    deadline = dl.transfer_review_due(
        last_review=date(2025, 6, 10), transferred_on=date(2026, 5, 1)
    )
    assert deadline.due == date(2026, 7, 31)
    assert "reg 15(5)" in deadline.basis


def test_months_beginning_with_a_29th_30th_or_31st_run_to_the_end_of_the_shorter_month():
    """No corresponding day (30 February): 3 months beginning with 30 November 2026 run to the
    end of February 2027; 12 months starting with 29 February 2024 to 28 February 2025."""
    assert dl.last_day_of_months_beginning_with(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert dl.review_due(last_issue_or_review=date(2024, 2, 29)).due == date(2025, 2, 28)
    assert dl.last_day_of_months_beginning_with(date(2027, 3, 1), 12) == date(2028, 2, 29)


# ---- "within 15 working days beginning with the day" (reg 15(2)) -----------------------------


def test_reg_15_2_aware_monday_5_october_2026_is_day_1_last_day_friday_23_october():
    """Reg 15(2): "within 15 working days beginning with the day on which it did become aware":
    Monday 5 October 2026 is day 1, so the last day is Friday 23 October (not Monday 26th).
    Became aware on Saturday 3 October: day 1 is Monday 5th, the same last day."""
    aware_monday = dl.transfer_plan_sent(old_council_aware=date(2026, 10, 5))
    assert aware_monday.due == date(2026, 10, 23)
    assert "reg 15(2)" in aware_monday.basis
    assert dl.transfer_plan_sent(old_council_aware=date(2026, 10, 3)).due == date(2026, 10, 23)


def test_reg_15_2_aware_on_the_summer_bank_holiday_counts_from_tuesday_1_september_2026():
    """Monday 31 August 2026 is a bank holiday, so day 1 is Tuesday 1 September and the 15th
    working day is Monday 21 September; aware the working day before (Friday 28 August) is day 1
    itself, so its 15th working day is Friday 18 September."""
    assert dl.transfer_plan_sent(old_council_aware=date(2026, 8, 31)).due == date(2026, 9, 21)
    assert dl.transfer_plan_sent(old_council_aware=date(2026, 8, 28)).due == date(2026, 9, 18)


def test_reg_15_2_old_council_aware_15_working_days_before_the_move_transfers_on_the_day():
    """Reg 15(2): "The old authority shall transfer the EHC plan to the new authority ... on the
    day of the move or, where it has not become aware of the move at least 15 working days prior
    to that move, within 15 working days beginning with the day on which it did become aware."
    Aware Thursday 1 October 2026 of a move on Friday 30 October: on the day of the move."""
    on_move = dl.transfer_plan_sent(
        old_council_aware=date(2026, 10, 1), move_date=date(2026, 10, 30)
    )
    assert on_move.due == date(2026, 10, 30)
    assert "day of the move" in on_move.basis and "reg 15(2)" in on_move.basis
    # Aware Monday 12 October (fewer than 15 working days before): 15 working days from then.
    late = dl.transfer_plan_sent(old_council_aware=date(2026, 10, 12), move_date=date(2026, 10, 30))
    assert late.due == date(2026, 10, 30)
    assert "beginning with the day on which it became aware" in late.basis
    # The 15th working day before Friday 30 October 2026 is Friday 9 October.
    assert dl.knew_of_move_in_time(
        old_council_aware=date(2026, 10, 9), move_date=date(2026, 10, 30)
    )
    assert not dl.knew_of_move_in_time(
        old_council_aware=date(2026, 10, 12), move_date=date(2026, 10, 30)
    )


def test_reg_15_4_and_15_5_are_cited_paragraph_by_paragraph_not_regs_15_to_17():
    transfer = dl.transfer_between_las(move_notified=date(2026, 9, 1))
    assert "reg 15(4)" in transfer.basis and "regs 15 to 17" not in transfer.basis
    for key in ("transfer_plan_sent", "transfer_reassessment_decision", "transfer_review_due"):
        assert "regs 15 to 17" not in dl.RULES[key].basis


# ---- Phase transfers: "before 15 February" (reg 18(1)) ----------------------------------------


def test_reg_18_1_b_before_15_february_2028_leap_year_last_day_is_14_february():
    """Reg 18(1): "review and amend ... the child or young person's EHC plan before— ... (b) 15
    February in the calendar year of the child's transfer in any other case"."""
    deadline = dl.phase_transfer_deadline(transfer="school", transfer_year=2028)
    assert deadline.due == date(2028, 2, 14)
    assert deadline.label.endswith("before 15 February 2028 (last day 14 February)")
    assert "reg 18(1)(b)" in deadline.basis and "before 15 February" in deadline.basis


def test_reg_18_1_a_before_31_march_2026_last_day_30_march():
    """Reg 18(1)(a): "31 March in the calendar year of the child or young person's transfer from
    secondary school to a post-16 institution"."""
    deadline = dl.phase_transfer_deadline(transfer="post16", transfer_year=2026)
    assert deadline.due == date(2026, 3, 30)
    assert deadline.label.endswith("before 31 March 2026 (last day 30 March)")


# ---- The amended plan after a late amendment notice (reg 22(3); Devon) ------------------------


def test_amended_plan_due_is_never_inside_the_familys_15_days_when_the_notice_is_11_weeks_late():
    """Reg 22(2)(c): the family has "at least 15 days, beginning with the day on which the draft
    plan was served"; reg 22(3): the plan within 8 weeks; Devon: no later than 12 weeks after the
    meeting. Meeting 2 March 2026, notice 18 May (11 weeks later): the 12 weeks end on 25 May,
    inside the family's window (to 1 June), so the plan is due on 2 June, the first day it can
    be issued."""
    deadline = dl.amended_plan_due(
        amendment_notice_sent=date(2026, 5, 18), meeting=date(2026, 3, 2)
    )
    window = dl.amendment_representations_close(notice_served=date(2026, 5, 18))
    assert window.due == date(2026, 6, 1)
    assert deadline.due == date(2026, 6, 2)
    assert deadline.due > window.due
    assert "reg 22(3)" in deadline.basis and "Devon" in deadline.basis


def test_reg_22_3_eight_weeks_and_the_devon_12_weeks_are_shown_separately_saying_which_is_later():
    """Reg 22(3): the amended plan "within 8 weeks of the local authority sending a copy of the
    EHC plan"; Devon: within 12 weeks of the meeting. Meeting 2 March 2026, notice sent late on
    13 April (6 weeks after): the 8 weeks end on 8 June, later than the 12 weeks (25 May)."""
    eight, cap = dl.amended_plan_deadlines(
        amendment_notice_sent=date(2026, 4, 13), meeting=date(2026, 3, 2)
    )
    assert (eight.key, eight.due) == ("amended_plan_due", date(2026, 6, 8))
    assert (cap.key, cap.due) == ("amended_plan_review_cap", date(2026, 5, 25))
    assert "reg 22(3)" in eight.basis and "Devon" not in eight.basis
    assert "Devon" in cap.basis and "reg 22(3)" not in cap.basis
    assert "later than the 12 weeks" in eight.label and "sent late" in eight.label
    assert "earlier than the 8 weeks" in cap.label
    prompt = dl.amended_plan_deadlines(
        amendment_notice_sent=date(2026, 3, 9), meeting=date(2026, 3, 2)
    )
    assert all("late" not in d.label for d in prompt)


def test_reg_22_4_decision_not_to_amend_notified_within_8_weeks_of_the_amendment_notice():
    """Reg 22(4): "Where the local authority decides not to amend the EHC plan, it must notify the
    child's parent or the young person of its decision and its reasons for this as soon as
    practicable and in any event within 8 weeks" of sending the amendment notice."""
    deadline = dl.no_amendment_notice_due(amendment_notice_sent=date(2026, 12, 31))
    assert deadline.due == date(2027, 2, 25)
    assert "reg 22(4)" in deadline.basis


# ---- Unopposed appeals (reg 45 as substituted by SI 2015/359) --------------------------------


def test_reg_45_4_five_weeks_cover_s51_2_c_i_ii_and_e_only():
    """SI 2015/359 reg 8 substitutes reg 45(4): "If the appeal is made under section 51(2)(c)(i)
    or (ii), or (e) of the Act, the local authority must issue the amended EHC plan ... within 5
    weeks of the date it notified the First-tier Tribunal"."""
    [amend] = dl.unopposed_appeal_deadlines(notified_tribunal_on=date(2026, 1, 5), kind="content")
    assert amend.due == date(2026, 2, 9)
    assert "reg 45(4) (as substituted by SI 2015/359" in amend.basis
    assert "s51(2)(c)(i) or (ii), or (e)" in amend.basis


def test_reg_45_section_i_only_appeal_unopposed_amended_plan_within_2_weeks():
    [name] = dl.unopposed_appeal_deadlines(
        notified_tribunal_on=date(2026, 12, 21), kind="section_i"
    )
    assert name.due == date(2027, 1, 4)
    assert "s51(2)(c)(iii) or (iv)" in name.basis


def test_reg_45_ceasing_appeal_unopposed_the_council_continues_to_maintain_the_plan():
    [keep] = dl.unopposed_appeal_deadlines(notified_tribunal_on=date(2026, 12, 21), kind="cease")
    assert keep.due == date(2026, 12, 21)
    assert "s51(2)(f)" in keep.basis and "continue to maintain" in keep.basis


def test_reg_44_2_d_order_to_continue_to_maintain_takes_immediate_effect():
    [keep] = dl.tribunal_order_deadlines(
        order_date=date(2026, 12, 24), order_type="continue_to_maintain"
    )
    assert keep.due == date(2026, 12, 24)
    assert "reg 44(2)(d)" in keep.basis


def test_reg_45_as_substituted_applies_to_councils_that_told_the_tribunal_from_1_april_2015():
    """Law as data: the version of reg 45 in force on the trigger date. SI 2015/359's text is in
    force from 1 April 2015; before then the table holds no version, and says so."""
    rule = dl.rule_for("unopposed_amend_plan", on=date(2015, 4, 1))
    assert rule.in_force == date(2015, 4, 1) and "SI 2015/359" in rule.made_by
    with pytest.raises(NoRuleInForce, match="1 April 2015"):
        dl.unopposed_appeal_deadlines(notified_tribunal_on=date(2015, 3, 31), kind="content")


# ---- Citations: one regulation per mediation row, the right regulation per exception -----------


def test_mediation_rows_are_pinned_to_their_regulation_not_regs_32_to_42():
    for key, rule in dl.RULES.items():
        assert "regs 32 to 42" not in rule.basis, key
    assert "reg 34: within 3 working days" in dl.RULES["mediation_certificate_due"].basis
    assert "reg 37" in dl.RULES["mediation_certificate_not_arranged"].basis
    assert "reg 39" in dl.RULES["mediation_certificate_after_mediation"].basis


def test_the_decision_to_assess_exceptions_are_reg_5_4_and_the_final_plans_reg_13_3():
    """Reg 5(4) excuses the 6-week decision, reg 10(4) the 16-week notice, reg 13(3) the final
    plan (applying reg 10(4)(a) to (d)) and reg 27(3) the plan after a re-assessment."""
    reason = ExceptionReason.PERSONAL_CIRCUMSTANCES
    assert reason.basis_for("decision_to_assess") == "SEND Regulations 2014 reg 5(4)(c)"
    assert reason.basis_for("no_plan_notice") == "SEND Regulations 2014 reg 10(4)(c)"
    assert (
        reason.basis_for("final_plan") == "SEND Regulations 2014 reg 13(3), applying reg 10(4)(c)"
    )
    assert reason.basis_for("reassessment_final_plan") == "SEND Regulations 2014 reg 27(3)(c)"


def test_exceptions_exist_for_advice_reassessment_and_tribunal_orders():
    assert {r.value for r in dl.exceptions_for("advice_due")} == {"8_2_a", "8_2_b", "8_2_c"}
    assert ExceptionReason.ABSENT_FROM_AREA in dl.exceptions_for("reassessment_final_plan")
    assert {r.value for r in dl.exceptions_for("order_amend_plan")} == {
        "44_3_a",
        "44_3_b",
        "44_3_c",
        "44_3_d",
    }
    assert "2 weeks" in ExceptionReason.ORDER_ABSENT_FROM_AREA.description


def test_only_an_exception_to_the_20_week_limit_reg_13_3_counts_for_week20():
    assert dl.excuses_twenty_week_limit("final_plan")
    for other in ("decision_to_assess", "no_plan_notice", "advice_due", "tribunal_order"):
        assert not dl.excuses_twenty_week_limit(other)


# ---- Law changes as data; proposals are not law ---------------------------------------------


def test_every_rule_carries_the_date_it_came_into_force():
    for key, versions in dl.RULE_VERSIONS.items():
        for rule in versions:
            assert rule.in_force >= date(2014, 9, 1), key
            assert rule.made_by, key
            assert rule.in_force_on(rule.in_force), key


def test_the_coronavirus_exception_was_law_only_from_1_may_to_25_september_2020():
    """SI 2020/471 relaxed the time limits temporarily (1 May to 25 September 2020)."""
    covid = ExceptionReason.CORONAVIRUS
    assert covid in dl.exceptions_for("final_plan", on=date(2020, 9, 25))
    assert covid not in dl.exceptions_for("final_plan", on=date(2020, 9, 26))
    assert covid not in dl.exceptions_for("final_plan", on=date(2020, 4, 30))
    assert covid not in dl.exceptions_for("final_plan")


def test_the_white_paper_and_the_education_for_all_bill_are_proposals_not_law():
    """Until Parliament passes them the current law stands: no rule is made by a proposal, and a
    request received in 2030 still has the 20 weeks of reg 13(2)."""
    titles = " ".join(p.title for p in dl.PROPOSALS)
    assert "White Paper" in titles and "Education for All Bill" in titles
    assert all("not law" in p.status for p in dl.PROPOSALS)
    for versions in dl.RULE_VERSIONS.values():
        for rule in versions:
            assert "White Paper" not in rule.made_by + rule.basis
            assert "Education for All" not in rule.made_by + rule.basis
            assert rule.in_force < date(2026, 2, 23)
    assert dl.final_plan(received=date(2030, 1, 7)).due == date(2030, 5, 27)


# ---- "Issued in week N" ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "week"),
    [(1, 1), (7, 1), (8, 2), (134, 20), (140, 20), (141, 21), (147, 21), (148, 22)],
)
def test_day_141_after_the_request_is_week_21_never_week_20(days, week):
    received = date(2026, 1, 5)
    assert dl.week_of(received, date.fromordinal(received.toordinal() + days)) == week
