"""The dates after a plan is issued that issue 5 added to ``ehcp.deadlines``: under-5 reviews
(guidance), the latest safe review meeting before a phase transfer (target), re-assessment's
6-month window, and the old council's 15 working days to transfer a plan. One test per rule,
with the edge dates in the test name."""

from __future__ import annotations

from datetime import date

from ehcp import deadlines as dl


def test_under_5_review_suggested_6_months_starting_with_the_plan_date_cop_9_178():
    d = dl.review_suggested_under_5(last_issue_or_review=date(2026, 1, 10))
    assert d.due == date(2026, 7, 9)
    assert d.kind == "guidance" and "9.178" in d.basis


def test_under_5_review_from_31_august_ends_on_28_february_the_month_end():
    # Starting with 31 August: no 31 February, so the 6 months run to the end of February.
    d = dl.review_suggested_under_5(last_issue_or_review=date(2026, 8, 31))
    assert d.due == date(2027, 2, 28)


def test_latest_safe_meeting_is_12_weeks_before_the_last_day_14_february():
    deadline = dl.phase_transfer_deadline(transfer="school", transfer_year=2027).due
    assert deadline == date(2027, 2, 14)  # before 15 February (reg 18(1)(b))
    d = dl.phase_transfer_latest_meeting(phase_deadline=deadline)
    assert d.due == date(2026, 11, 22)
    assert d.kind == "target" and "reg 18" in d.basis and "Devon" in d.basis


def test_latest_safe_meeting_is_12_weeks_before_the_last_day_30_march_for_post_16():
    deadline = dl.phase_transfer_deadline(transfer="post16", transfer_year=2027).due
    assert deadline == date(2027, 3, 30)  # before 31 March (reg 18(1)(a))
    assert dl.phase_transfer_latest_meeting(phase_deadline=deadline).due == date(2027, 1, 5)


def test_a_meeting_on_the_latest_safe_day_still_allows_the_12_weeks_of_devon():
    deadline = date(2027, 2, 15)
    meeting = dl.phase_transfer_latest_meeting(phase_deadline=deadline).due
    notice = dl.review_decision_due(meeting=meeting).due
    assert dl.amended_plan_due(amendment_notice_sent=notice, meeting=meeting).due == deadline


def test_reassessment_may_be_refused_for_6_months_after_an_assessment_reg_24():
    d = dl.reassessment_may_refuse_until(last_assessment=date(2026, 1, 31))
    assert d.due == date(2026, 7, 31)
    assert "reg" in d.basis and d.kind == "statutory"


def test_old_council_transfers_the_plan_in_15_working_days_beginning_with_fri_18_dec_2026():
    """Reg 15(2): "within 15 working days beginning with the day on which it did become aware":
    Friday 18 December 2026 is day 1; 25 and 28 December and 1 January are bank holidays."""
    assert dl.transfer_plan_sent(old_council_aware=date(2026, 12, 18)).due == date(2027, 1, 12)


def test_old_council_transfer_aware_mon_5_oct_2026_last_day_fri_23_oct_not_26_oct():
    """Reg 15(2): the Monday the old council became aware is day 1 of the 15 working days."""
    assert dl.transfer_plan_sent(old_council_aware=date(2026, 10, 5)).due == date(2026, 10, 23)


def test_old_council_transfer_over_easter_skips_good_friday_and_easter_monday():
    # Easter 2027: Good Friday 26 March, Easter Monday 29 March; Monday 22 March is day 1.
    assert dl.transfer_plan_sent(old_council_aware=date(2027, 3, 22)).due == date(2027, 4, 13)


def test_phase_transfer_post_16_other_is_5_months_before_the_move():
    d = dl.phase_transfer_deadline(transfer="post16_other", transfer_date=date(2027, 1, 10))
    assert d.due == date(2026, 8, 10)


def test_new_council_review_is_the_later_of_12_months_and_3_months_after_the_transfer():
    later_usual = dl.transfer_review_due(
        last_review=date(2026, 6, 1), transferred_on=date(2026, 11, 2)
    )
    assert later_usual.due == date(2027, 5, 31)
    later_transfer = dl.transfer_review_due(
        last_review=date(2025, 12, 15), transferred_on=date(2026, 11, 2)
    )
    # Reg 15(5): 3 months beginning with Monday 2 November 2026 end on 1 February 2027.
    assert later_transfer.due == date(2027, 2, 1)


def test_every_new_rule_is_in_the_table_with_a_basis():
    for key in (
        "review_suggested_under_5",
        "phase_transfer_latest_meeting",
        "reassessment_refusal_window",
        "transfer_plan_sent",
    ):
        assert dl.RULES[key].label and dl.RULES[key].basis
