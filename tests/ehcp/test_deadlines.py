"""Statutory dates, one test per rule, edge dates in the test names.

Pure tests: no database, no Django. Run with ``pytest tests/ehcp -p no:django`` if you like.
"""

import json
from datetime import date
from pathlib import Path

import holidays
import pytest

from ehcp import deadlines as dl
from ehcp.deadlines import (
    RULES,
    Deadline,
    DeadlineStatus,
    ExceptionReason,
    Period,
    add_months,
    add_working_days,
    is_working_day,
)

# England and Wales bank holidays as published on GOV.UK (bank-holidays.json), by year.
GOV_UK_BANK_HOLIDAYS = {
    2019: "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
    2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
    2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
    2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
    2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
    2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
    2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
    2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
    2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
}
SHARED_BANK_HOLIDAYS_JSON = Path("/work/shared/data/calendar/bank-holidays.json")


def gov_uk_dates(year):
    return {date.fromisoformat(f"{year}-{md}") for md in GOV_UK_BANK_HOLIDAYS[year].split()}


# ---- The law-as-code table -------------------------------------------------------------------


def test_every_rule_has_a_label_and_a_legal_basis():
    for key, rule in RULES.items():
        assert rule.label.strip(), key
        assert rule.basis.strip(), key
        assert rule.kind in {"statutory", "target", "guidance"}, key


def test_rules_table_cannot_be_changed_at_runtime():
    with pytest.raises(TypeError):
        RULES["final_plan"] = RULES["decision_to_assess"]  # type: ignore[index]


def test_deadline_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        Deadline("x", date(2026, 1, 1), "label", "basis", kind="advisory")  # type: ignore[arg-type]


def test_deadline_as_dict_gives_the_date_as_iso_text():
    deadline = dl.final_plan(received=date(2025, 9, 1))
    assert deadline.as_dict() == {
        "key": "final_plan",
        "due": "2026-01-19",
        "label": "Final EHC plan issued",
        "basis": "SEND Regulations 2014 reg 13(2)",
        "kind": "statutory",
    }


def test_a_period_has_exactly_one_unit():
    with pytest.raises(ValueError):
        Period(weeks=1, days=1)


# ---- Bank holidays and working days ----------------------------------------------------------


@pytest.mark.parametrize("year", sorted(GOV_UK_BANK_HOLIDAYS))
def test_holidays_library_agrees_with_gov_uk_bank_holidays(year):
    library = dl.england_bank_holidays(year)
    # Days off are exactly the GOV.UK list...
    assert {d for d in library if d.weekday() < 5} == gov_uk_dates(year)
    # ...and anything else the library lists is the weekend date a holiday was moved from.
    assert all(d.weekday() >= 5 for d in library - gov_uk_dates(year))


def test_embedded_bank_holiday_list_matches_the_shared_gov_uk_file():
    if not SHARED_BANK_HOLIDAYS_JSON.exists():
        pytest.skip("shared bank-holidays.json not available on this machine")
    data = json.loads(SHARED_BANK_HOLIDAYS_JSON.read_text())
    events = {date.fromisoformat(e["date"]) for e in data["england-and-wales"]["events"]}
    embedded = set().union(*(gov_uk_dates(year) for year in GOV_UK_BANK_HOLIDAYS))
    assert events == embedded


@pytest.mark.parametrize("year", range(2014, 2101))
def test_christmas_day_and_good_friday_are_never_working_days(year):
    by_name = {
        name: day for day, name in holidays.country_holidays("GB", subdiv="ENG", years=year).items()
    }
    assert not is_working_day(by_name["Christmas Day"])
    assert not is_working_day(by_name["Good Friday"])


@pytest.mark.parametrize(
    "day",
    [
        date(2022, 6, 3),  # Platinum Jubilee
        date(2022, 9, 19),  # State Funeral of Queen Elizabeth II
        date(2023, 5, 8),  # Coronation of King Charles III
        date(2026, 12, 28),  # Boxing Day substitute (26 Dec is a Saturday)
        date(2027, 12, 27),  # Christmas Day substitute
        date(2027, 12, 28),  # Boxing Day substitute
        date(2027, 3, 26),  # Good Friday 2027
        date(2027, 3, 29),  # Easter Monday 2027
    ],
)
def test_special_and_substitute_bank_holidays_are_not_working_days(day):
    assert day.weekday() < 5
    assert not is_working_day(day)


def test_weekends_are_not_working_days_and_ordinary_weekdays_are():
    assert not is_working_day(date(2026, 3, 7))  # Saturday
    assert not is_working_day(date(2026, 3, 8))  # Sunday
    assert is_working_day(date(2026, 3, 9))  # Monday


def test_add_working_days_across_christmas_2026_skips_boxing_day_substitute():
    # Thu 24 Dec 2026 + 3: Fri 25 (Christmas), Sat, Sun, Mon 28 (substitute) are skipped.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)
    # Thu 31 Dec + 1 skips New Year's Day (Fri 1 Jan 2027) and the weekend.
    assert add_working_days(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_add_working_days_across_easter_2027_skips_good_friday_and_easter_monday():
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_add_working_days_across_christmas_2027_skips_both_substitute_days():
    # Fri 24 Dec 2027 + 1: Sat 25, Sun 26, Mon 27 and Tue 28 (substitutes) are skipped.
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)


def test_add_working_days_from_a_weekend_starts_counting_on_monday():
    assert add_working_days(date(2026, 3, 7), 1) == date(2026, 3, 9)


def test_add_working_days_can_count_backwards_and_zero_is_the_same_day():
    assert add_working_days(date(2026, 12, 29), -1) == date(2026, 12, 24)
    assert add_working_days(date(2026, 3, 7), 0) == date(2026, 3, 7)


def test_bank_holiday_calendar_is_cached():
    assert dl.england_bank_holidays(2026) is dl.england_bank_holidays(2026)


def test_no_working_day_arithmetic_beyond_the_bank_holiday_calendar():
    with pytest.raises(ValueError):
        is_working_day(date(2101, 1, 3))


# ---- Calendar months -------------------------------------------------------------------------


def test_add_months_31_january_plus_1_month_is_28_february_2026():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_add_months_31_january_plus_1_month_is_29_february_in_leap_year_2028():
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_add_months_29_february_2024_plus_12_months_is_28_february_2025():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_add_months_crosses_the_year_end_and_counts_backwards():
    assert add_months(date(2025, 12, 31), 2) == date(2026, 2, 28)
    assert add_months(date(2026, 7, 31), -5) == date(2026, 2, 28)


# ---- New EHC needs assessment (statutory.md A.1/A.2 worked example) --------------------------


def test_decision_to_assess_6_weeks_received_mon_1_sep_2025_due_mon_13_oct_2025():
    deadline = dl.decision_to_assess(received=date(2025, 9, 1))
    assert deadline.due == date(2025, 10, 13)
    assert deadline.key == "decision_to_assess"
    assert "reg 5(1)" in deadline.basis
    assert deadline.kind == "statutory"


def test_no_plan_notice_16_weeks_received_1_sep_2025_due_22_dec_2025():
    deadline = dl.no_plan_notice(received=date(2025, 9, 1))
    assert deadline.due == date(2025, 12, 22)
    assert "reg 10(1)" in deadline.basis


def test_final_plan_20_weeks_received_1_sep_2025_due_19_jan_2026():
    deadline = dl.final_plan(received=date(2025, 9, 1))
    assert deadline.due == date(2026, 1, 19)
    assert "reg 13(2)" in deadline.basis


def test_weeks_are_calendar_weeks_even_across_christmas_and_bank_holidays():
    # Received Mon 10 Nov 2025: the 6 weeks run over no holidays, the 20 over Christmas/Easter.
    assert dl.decision_to_assess(received=date(2025, 11, 10)).due == date(2025, 12, 22)
    assert dl.final_plan(received=date(2025, 11, 10)).due == date(2026, 3, 30)


def test_draft_plan_target_week_14_is_a_target_not_a_statutory_limit():
    deadline = dl.draft_plan_target(received=date(2025, 9, 1))
    assert deadline.due == date(2025, 12, 8)
    assert deadline.kind == "target"
    assert "not a statutory limit" in deadline.basis


def test_advice_due_6_weeks_from_the_request_for_advice():
    deadline = dl.advice_due(requested=date(2025, 10, 20))
    assert deadline.due == date(2025, 12, 1)
    assert "reg 8(1)" in deadline.basis


def test_assessment_timetable_lists_the_four_main_dates_in_order():
    timetable = dl.assessment_timetable(received=date(2025, 9, 1))
    assert [d.key for d in timetable] == [
        "decision_to_assess",
        "draft_plan_target",
        "no_plan_notice",
        "final_plan",
    ]
    assert [d.due for d in timetable] == sorted(d.due for d in timetable)


def test_representations_window_15_days_beginning_with_service_2026_03_02_closes_2026_03_16():
    deadline = dl.representations_close(draft_served=date(2026, 3, 2))
    assert deadline.due == date(2026, 3, 16)
    assert "reg 13(1)(a)" in deadline.basis
    assert "beginning with the day" in deadline.basis


def test_representations_window_served_28_feb_2028_leap_year_closes_13_march():
    assert dl.representations_close(draft_served=date(2028, 2, 28)).due == date(2028, 3, 13)


# ---- Exceptions never move dates -------------------------------------------------------------


def test_exception_codes_cover_reg_10_4_a_to_d_reg_8_2_a_to_c_reg_44_3_and_si_2020_471():
    assert {r.value for r in ExceptionReason} == {
        "10_4_a",
        "10_4_b",
        "10_4_c",
        "10_4_d",
        "8_2_a",
        "8_2_b",
        "8_2_c",
        "44_3_a",
        "44_3_b",
        "44_3_c",
        "44_3_d",
        "cv_2020",
    }


def test_describe_exception_10_4_d_absent_from_area_for_4_weeks():
    text = dl.describe_exception("10_4_d")
    assert "at least 4 weeks in a row" in text
    assert "reg 10(4)(d)" in text


def test_describe_exception_8_2_c_missed_appointment_exists_only_for_advice():
    assert "appointment" in dl.describe_exception(ExceptionReason.ADVICE_MISSED_APPOINTMENT)
    assert ExceptionReason.ADVICE_MISSED_APPOINTMENT not in dl.exceptions_for("final_plan")
    assert ExceptionReason.ADVICE_MISSED_APPOINTMENT in dl.exceptions_for("advice_due")


def test_describe_exception_rejects_unknown_codes():
    with pytest.raises(ValueError):
        dl.describe_exception("10_4_e")


def test_reg_10_4_exceptions_attach_to_the_6_16_and_20_week_limits_only():
    for key in ("decision_to_assess", "no_plan_notice", "final_plan"):
        assert set(dl.exceptions_for(key)) == {
            ExceptionReason.INSTITUTION_CLOSED,
            ExceptionReason.EARLY_YEARS_CLOSED,
            ExceptionReason.PERSONAL_CIRCUMSTANCES,
            ExceptionReason.ABSENT_FROM_AREA,
        }
    assert dl.exceptions_for("representations_close") == ()


def test_exception_choices_pair_codes_with_descriptions():
    choices = dict(ExceptionReason.choices())
    assert choices["10_4_a"].startswith("The council asked a school or college")


# ---- Appeals to the SEND Tribunal ------------------------------------------------------------


def test_appeal_deadline_is_2_calendar_months_after_the_decision_was_sent():
    deadline = dl.appeal_deadline(decision_sent=date(2026, 3, 11))
    assert deadline.due == date(2026, 5, 11)  # a Monday
    assert deadline.key == "appeal_deadline"
    assert "r20(1)(c)" in deadline.basis
    assert "r12" not in deadline.basis


def test_appeal_deadline_decision_sent_31_dec_2024_ends_28_feb_2025_month_end():
    assert dl.appeal_deadline(decision_sent=date(2024, 12, 31)).due == date(2025, 2, 28)


def test_appeal_deadline_on_a_weekend_moves_to_the_next_working_day_r12_2():
    # 31 December 2025 + 2 months = Saturday 28 February 2026: in time on Monday 2 March.
    deadline = dl.appeal_deadline(decision_sent=date(2025, 12, 31))
    assert deadline.due == date(2026, 3, 2)
    assert "r20(1)(c)" in deadline.basis and "r12(2)" in deadline.basis
    # Sunday 10 May 2026 -> Monday 11 May 2026.
    assert dl.appeal_deadline(decision_sent=date(2026, 3, 10)).due == date(2026, 5, 11)


def test_appeal_deadline_on_a_bank_holiday_moves_to_the_next_working_day():
    # 25 May 2026 is the spring bank holiday (a Monday): in time on Tuesday 26 May.
    deadline = dl.appeal_deadline(decision_sent=date(2026, 3, 25))
    assert deadline.due == date(2026, 5, 26)
    assert "r12(2)" in deadline.basis


def test_appeal_deadline_certificate_later_than_2_months_gives_1_month_from_certificate():
    deadline = dl.appeal_deadline(
        decision_sent=date(2026, 3, 10), certificate_issued=date(2026, 5, 1)
    )
    assert deadline.due == date(2026, 6, 1)
    assert "mediation certificate" in deadline.basis


def test_appeal_deadline_certificate_early_so_2_months_from_decision_wins():
    deadline = dl.appeal_deadline(
        decision_sent=date(2026, 3, 11), certificate_issued=date(2026, 3, 20)
    )
    assert deadline.due == date(2026, 5, 11)


def test_appeal_deadline_certificate_31_jan_2028_ends_29_feb_2028_leap_year():
    deadline = dl.appeal_deadline(
        decision_sent=date(2027, 12, 1), certificate_issued=date(2028, 1, 31)
    )
    assert deadline.due == date(2028, 2, 29)


def test_appeal_deadline_in_august_2026_moves_to_first_working_day_of_september_2026_09_01():
    # 15 Aug 2026 falls in August; Mon 31 Aug is the summer bank holiday, 1 Sep a Tuesday.
    deadline = dl.appeal_deadline(decision_sent=date(2026, 6, 15))
    assert deadline.due == date(2026, 9, 1)
    assert "August" in deadline.basis


def test_appeal_deadline_on_31_august_also_moves_to_september():
    assert dl.appeal_deadline(decision_sent=date(2025, 6, 30)).due == date(2025, 9, 1)


def test_appeal_deadline_on_27_dec_2026_moves_to_4_jan_2027_after_new_year_and_weekend():
    # 1 Jan 2027 is a Friday bank holiday; 2 and 3 Jan are the weekend.
    deadline = dl.appeal_deadline(decision_sent=date(2026, 10, 27))
    assert deadline.due == date(2027, 1, 4)
    assert "25 December" in deadline.basis


def test_appeal_deadline_ending_on_1_january_moves_to_the_next_working_day():
    # 1 Nov 2025 + 2 months = Thu 1 Jan 2026 → Fri 2 Jan 2026.
    assert dl.appeal_deadline(decision_sent=date(2025, 11, 1)).due == date(2026, 1, 2)


def test_appeal_deadline_on_24_december_does_not_move():
    assert dl.appeal_deadline(decision_sent=date(2025, 10, 24)).due == date(2025, 12, 24)


def test_appeal_deadline_from_certificate_in_christmas_period_moves_to_january():
    # IPSEA's example: decision 1 Oct, certificate 29 Nov → 29 Dec → next working day in January.
    deadline = dl.appeal_deadline(
        decision_sent=date(2025, 10, 1), certificate_issued=date(2025, 11, 29)
    )
    assert deadline.due == date(2026, 1, 2)


# ---- Mediation -------------------------------------------------------------------------------


def test_mediation_adviser_contact_within_2_months_of_decision_reg_33():
    deadline = dl.mediation_adviser_contact_by(decision_sent=date(2026, 1, 31))
    assert deadline.due == date(2026, 3, 31)
    assert "reg 33" in deadline.basis


def test_mediation_certificate_3_working_days_after_declining_mediation_reg_34():
    deadline = dl.mediation_certificate_due(told_on=date(2026, 12, 23))
    assert deadline.due == date(2026, 12, 30)  # skips 25, 26-27 weekend, 28 substitute
    assert "reg 34" in deadline.basis


def test_mediation_held_within_30_calendar_days():
    assert dl.mediation_held_by(told_on=date(2026, 2, 10)).due == date(2026, 3, 12)


def test_icb_told_of_health_issues_within_3_working_days_over_easter_2027():
    assert dl.icb_notified_by(told_on=date(2027, 3, 25)).due == date(2027, 4, 1)


def test_mediation_certificate_after_mediation_or_when_not_arranged_3_working_days():
    assert dl.mediation_certificate_after_mediation(concluded_on=date(2026, 5, 1)).due == date(
        2026, 5, 7
    )  # Mon 4 May is the early May bank holiday
    assert dl.mediation_certificate_not_arranged(adviser_told_on=date(2026, 5, 1)).due == date(
        2026, 5, 7
    )


def test_mediation_agreement_on_non_appealable_matter_2_weeks_reg_42_3():
    [deadline] = dl.mediation_agreement_action_due(agreed_on=date(2026, 4, 1))
    assert deadline.due == date(2026, 4, 15)
    assert "reg 42(3)" in deadline.basis


def test_mediation_agreement_to_make_a_plan_uses_reg_44_periods_via_reg_42_2():
    draft, final = dl.mediation_agreement_action_due(
        agreed_on=date(2026, 4, 1), order_type="make_plan"
    )
    assert (draft.key, draft.due) == ("mediation_agreement_make_plan_draft", date(2026, 5, 6))
    assert (final.key, final.due) == ("mediation_agreement_make_plan_final", date(2026, 6, 17))
    assert "reg 42(2)" in draft.basis and "reg 44" in draft.basis


# ---- Tribunal orders (reg 44) and unopposed appeals (reg 45) ---------------------------------


def test_tribunal_order_to_assess_2_10_and_14_weeks():
    deadlines = dl.tribunal_order_deadlines(order_date=date(2026, 6, 1), order_type="assess")
    assert [(d.key, d.due) for d in deadlines] == [
        ("order_assess_notify", date(2026, 6, 15)),
        ("order_assess_no_plan_notice", date(2026, 8, 10)),
        ("order_assess_final_plan", date(2026, 9, 7)),
    ]
    assert all("reg 44" in d.basis for d in deadlines)


def test_tribunal_order_to_make_a_plan_draft_5_weeks_final_11_weeks():
    deadlines = dl.tribunal_order_deadlines(order_date=date(2026, 6, 1), order_type="make_plan")
    assert [d.due for d in deadlines] == [date(2026, 7, 6), date(2026, 8, 17)]


def test_tribunal_order_to_amend_5_weeks_and_to_change_section_i_only_2_weeks():
    [amend] = dl.tribunal_order_deadlines(order_date=date(2026, 6, 1), order_type="amend_plan")
    [name] = dl.tribunal_order_deadlines(order_date=date(2026, 6, 1), order_type="name_setting")
    assert amend.due == date(2026, 7, 6)
    assert name.due == date(2026, 6, 15)


def test_tribunal_dismisses_appeal_against_ceasing_plan_ceases_immediately():
    [cease] = dl.tribunal_order_deadlines(order_date=date(2026, 6, 1), order_type="cease_dismissed")
    assert cease.due == date(2026, 6, 1)


def test_tribunal_order_type_must_be_known():
    with pytest.raises(ValueError):
        dl.tribunal_order_deadlines(order_date=date(2026, 6, 1), order_type="reassess_later")


def test_unopposed_assessment_appeal_2_10_14_weeks_and_content_5_weeks_reg_45():
    assessment = dl.unopposed_appeal_deadlines(
        notified_tribunal_on=date(2026, 1, 5), kind="assessment"
    )
    assert [d.due for d in assessment] == [date(2026, 1, 19), date(2026, 3, 16), date(2026, 4, 13)]
    [amend] = dl.unopposed_appeal_deadlines(notified_tribunal_on=date(2026, 1, 5), kind="content")
    assert amend.due == date(2026, 2, 9)
    assert "reg 45" in amend.basis
    with pytest.raises(ValueError):
        dl.unopposed_appeal_deadlines(notified_tribunal_on=date(2026, 1, 5), kind="other")


# ---- Annual review ---------------------------------------------------------------------------


def test_review_due_within_12_months_starting_with_plan_issue_1_sep_2025_last_day_31_aug_2026():
    deadline = dl.review_due(last_issue_or_review=date(2025, 9, 1))
    assert deadline.due == date(2026, 8, 31)
    assert "s44(1)" in deadline.basis


def test_review_due_plan_issued_29_feb_2024_leap_day_last_day_28_feb_2025():
    assert dl.review_due(last_issue_or_review=date(2024, 2, 29)).due == date(2025, 2, 28)


def test_review_meeting_invitations_at_least_2_weeks_before_reg_20_3():
    deadline = dl.review_meeting_notice_by(meeting=date(2026, 3, 16))
    assert deadline.due == date(2026, 3, 2)
    assert "reg 20(3)" in deadline.basis


def test_review_advice_circulated_at_least_2_weeks_before_reg_20_4():
    deadline = dl.review_advice_circulated_by(meeting=date(2026, 3, 16))
    assert deadline.due == date(2026, 3, 2)
    assert "reg 20(4)" in deadline.basis


def test_review_report_within_2_weeks_of_meeting():
    assert dl.review_report_due(meeting=date(2026, 3, 16)).due == date(2026, 3, 30)


def test_review_decision_and_proposed_amendments_within_4_weeks_reg_20_10_and_devon():
    deadline = dl.review_decision_due(meeting=date(2026, 3, 16))
    assert deadline.due == date(2026, 4, 13)
    assert "reg 20(10)" in deadline.basis
    assert "[2022] EWHC 493 (Admin)" in deadline.basis


def test_amendment_representations_15_days_beginning_with_service_reg_22_2_c():
    deadline = dl.amendment_representations_close(notice_served=date(2026, 4, 13))
    assert deadline.due == date(2026, 4, 27)
    assert "reg 22(2)(c)" in deadline.basis


def test_amended_plan_8_weeks_from_amendment_notice_reg_22_3():
    deadline = dl.amended_plan_due(amendment_notice_sent=date(2026, 4, 13))
    assert deadline.due == date(2026, 6, 8)
    assert "reg 22(3)" in deadline.basis


def test_amended_plan_capped_at_12_weeks_after_meeting_when_amendment_notice_is_late():
    # Meeting 2 Mar; notice sent late on 13 Apr (6 weeks after): 8 weeks → 8 Jun, but the
    # 12-week cap from the meeting (Devon) → 25 May.
    deadline = dl.amended_plan_due(
        amendment_notice_sent=date(2026, 4, 13), meeting=date(2026, 3, 2)
    )
    assert deadline.due == date(2026, 5, 25)
    assert "reg 22(3)" in deadline.basis
    assert "Devon" in deadline.basis


def test_amended_plan_8_weeks_wins_when_notice_sent_promptly_after_meeting():
    deadline = dl.amended_plan_due(amendment_notice_sent=date(2026, 3, 9), meeting=date(2026, 3, 2))
    assert deadline.due == date(2026, 5, 4)


# ---- Phase transfers (reg 18) ----------------------------------------------------------------


def test_phase_transfer_school_plan_amended_before_15_february_2027_last_day_14_february():
    """SEND Regulations 2014 reg 18(1): "the local authority must review and amend ... the
    child or young person's EHC plan before— ... (b) 15 February in the calendar year of the
    child's transfer in any other case": the last day in time is 14 February."""
    deadline = dl.phase_transfer_deadline(transfer="school", transfer_year=2027)
    assert deadline.key == "phase_transfer_deadline"
    assert deadline.due == date(2027, 2, 14)
    assert "reg 18(1)(b)" in deadline.basis
    assert "before 15 February 2027 (last day 14 February)" in deadline.label


def test_phase_transfer_secondary_to_post16_before_31_march_2027_last_day_30_march():
    """Reg 18(1)(a): "before— (a) 31 March in the calendar year of the child or young person's
    transfer from secondary school to a post-16 institution"."""
    deadline = dl.phase_transfer_deadline(transfer="post16", transfer_year=2027)
    assert deadline.due == date(2027, 3, 30)
    assert "reg 18(1)(a)" in deadline.basis
    assert "before 31 March 2027 (last day 30 March)" in deadline.label


def test_phase_transfer_between_post16_institutions_5_months_before_31_july_is_28_february():
    deadline = dl.phase_transfer_deadline(transfer="post16_other", transfer_date=date(2026, 7, 31))
    assert deadline.due == date(2026, 2, 28)
    assert "reg 18(2)" in deadline.basis


def test_phase_transfer_needs_the_right_inputs():
    with pytest.raises(ValueError):
        dl.phase_transfer_deadline(transfer="school")
    with pytest.raises(ValueError):
        dl.phase_transfer_deadline(transfer="post16_other", transfer_year=2027)
    with pytest.raises(ValueError):
        dl.phase_transfer_deadline(transfer="university", transfer_year=2027)


# ---- Re-assessment and moving between councils -----------------------------------------------


def test_reassessment_decision_within_15_days_reg_25():
    deadline = dl.reassessment_decision_due(request_received=date(2026, 2, 20))
    assert deadline.due == date(2026, 3, 7)
    assert "reg 25" in deadline.basis


def test_reassessment_final_plan_14_weeks_reg_27():
    deadline = dl.reassessment_final_plan(notified=date(2026, 3, 7))
    assert deadline.due == date(2026, 6, 13)
    assert "reg 27" in deadline.basis


def test_transfer_between_councils_new_council_decides_on_reassessment_within_6_weeks():
    assert dl.transfer_between_las(move_notified=date(2026, 9, 1)).due == date(2026, 10, 13)


def test_transfer_review_due_is_the_later_of_12_months_from_review_and_3_months_from_transfer():
    """Reg 15(5): the new council reviews the plan "before the expiry of the later of" 12
    months beginning with the last review and 3 months beginning with the transfer."""
    # Recent review: the 12-month date is later.
    recent = dl.transfer_review_due(last_review=date(2026, 6, 1), transferred_on=date(2026, 9, 1))
    assert recent.due == date(2027, 5, 31)
    # Old review: 3 months beginning with 30 Nov (no 30 February: to the month end) is later.
    old = dl.transfer_review_due(last_review=date(2025, 12, 15), transferred_on=date(2026, 11, 30))
    assert old.due == date(2027, 2, 28)


# ---- Status colours --------------------------------------------------------------------------


def test_overdue_status_the_day_after_the_deadline_is_overdue():
    assert dl.overdue_status(due=date(2026, 3, 16), today=date(2026, 3, 17)) == "overdue"


def test_overdue_status_on_the_day_is_due_today():
    assert dl.overdue_status(due=date(2026, 3, 16), today=date(2026, 3, 16)) == "due_today"


def test_overdue_status_within_5_working_days_is_due_soon_counting_over_christmas_2026():
    # From Wed 23 Dec 2026 the 5 working days are 24, 29, 30, 31 Dec and Mon 4 Jan 2027
    # (25 and 28 Dec and 1 Jan are bank holidays).
    today = date(2026, 12, 23)
    assert dl.overdue_status(due=date(2027, 1, 4), today=today) == DeadlineStatus.DUE_SOON
    assert dl.overdue_status(due=date(2027, 1, 5), today=today) == DeadlineStatus.ON_TRACK
