"""The public timescales calculator: each parameter, each error, unknown parameters.

Pure tests: no database.
"""

from datetime import date

import pytest

from ehcp.timescales import NON_FIELD_ERRORS, PARAMETERS, TimescaleInputError, calculate


def due_by_key(params):
    return {d.key: d.due for d in calculate(params)}


def errors_for(params):
    with pytest.raises(TimescaleInputError) as excinfo:
        calculate(params)
    return excinfo.value.errors


# ---- Each parameter adds its milestones -----------------------------------------------------


def test_received_gives_the_20_week_timetable():
    assert due_by_key({"received": "2025-09-01"}) == {
        "decision_to_assess": date(2025, 10, 13),
        "draft_plan_target": date(2025, 12, 8),
        "no_plan_notice": date(2025, 12, 22),
        "final_plan": date(2026, 1, 19),
    }


def test_advice_requested_gives_advice_due():
    assert due_by_key({"advice_requested": "2025-10-20"}) == {"advice_due": date(2025, 12, 1)}


def test_draft_served_gives_representations_close():
    assert due_by_key({"draft_served": "2026-03-02"}) == {
        "representations_close": date(2026, 3, 16)
    }


def test_decision_sent_gives_appeal_deadline_and_mediation_adviser_contact():
    assert due_by_key({"decision_sent": "2026-03-11"}) == {
        "appeal_deadline": date(2026, 5, 11),
        "mediation_adviser_contact_by": date(2026, 5, 11),
    }
    # On a Sunday the Tribunal's rules (r12(2)) move the appeal deadline to the Monday; the
    # mediation adviser's 2 months (reg 33) have no such rule.
    assert due_by_key({"decision_sent": "2026-03-10"}) == {
        "appeal_deadline": date(2026, 5, 11),
        "mediation_adviser_contact_by": date(2026, 5, 10),
    }


def test_decision_sent_in_june_2026_appeal_deadline_rolls_to_1_september():
    assert due_by_key({"decision_sent": "2026-06-15"})["appeal_deadline"] == date(2026, 9, 1)


def test_certificate_issued_later_extends_the_appeal_deadline():
    due = due_by_key({"decision_sent": "2026-03-10", "certificate_issued": "2026-05-01"})
    assert due["appeal_deadline"] == date(2026, 6, 1)
    assert due["mediation_adviser_contact_by"] == date(2026, 5, 10)


def test_adviser_contacted_gives_the_certificate_date_only_mediation_counts_from_the_council():
    """One rule, one trigger: mediation is held within 30 days of the council being told the
    family wants it (the workflow's trigger), not of the family contacting the adviser."""
    assert due_by_key({"adviser_contacted": "2026-12-23"}) == {
        "mediation_certificate_due": date(2026, 12, 30),
    }


def test_mediation_requested_gives_mediation_held_by_30_days_after_the_council_was_told():
    assert due_by_key({"mediation_requested": "2026-12-23"}) == {
        "mediation_held_by": date(2027, 1, 22),
    }


def test_review_meeting_gives_report_and_decision_dates():
    assert due_by_key({"review_meeting": "2026-03-16"}) == {
        "review_report_due": date(2026, 3, 30),
        "review_decision_due": date(2026, 4, 13),
    }


def test_amendment_notice_sent_alone_gives_8_weeks():
    assert due_by_key({"amendment_notice_sent": "2026-04-13"}) == {
        "amended_plan_due": date(2026, 6, 8)
    }


def test_amendment_notice_with_review_meeting_is_capped_at_12_weeks_after_meeting():
    due = due_by_key({"review_meeting": "2026-03-02", "amendment_notice_sent": "2026-04-13"})
    assert due["amended_plan_due"] == date(2026, 5, 25)


def test_transfer_school_2027_gives_phase_transfer_deadline_before_15_february_last_day_14():
    """Reg 18(1)(b): the plan is reviewed and amended "before ... 15 February"."""
    assert due_by_key({"transfer": "school", "transfer_year": "2027"}) == {
        "phase_transfer_deadline": date(2027, 2, 14)
    }


def test_transfer_post16_2027_gives_phase_transfer_deadline_before_31_march_last_day_30():
    """Reg 18(1)(a): "before— (a) 31 March in the calendar year of the ... transfer"."""
    assert due_by_key({"transfer": "post16", "transfer_year": "2027"}) == {
        "phase_transfer_deadline": date(2027, 3, 30)
    }


def test_milestones_come_in_date_order_ties_broken_by_key():
    milestones = calculate({"received": "2026-01-05", "decision_sent": "2026-03-11"})
    order = [(d.due, d.key) for d in milestones]
    assert order == sorted(order)
    # appeal_deadline and mediation_adviser_contact_by share Monday 11 May 2026.
    keys = [d.key for d in milestones]
    assert keys.index("appeal_deadline") + 1 == keys.index("mediation_adviser_contact_by")


def test_every_milestone_carries_its_legal_basis():
    params = {
        "received": "2025-09-01",
        "advice_requested": "2025-09-10",
        "draft_served": "2025-12-01",
        "decision_sent": "2026-01-19",
        "certificate_issued": "2026-02-20",
        "adviser_contacted": "2026-02-17",
        "mediation_requested": "2026-02-18",
        "review_meeting": "2026-03-02",
        "amendment_notice_sent": "2026-03-20",
        "transfer": "school",
        "transfer_year": "2027",
    }
    milestones = calculate(params)
    assert {d.key for d in milestones} == {
        "decision_to_assess",
        "draft_plan_target",
        "no_plan_notice",
        "final_plan",
        "advice_due",
        "representations_close",
        "mediation_adviser_contact_by",
        "appeal_deadline",
        "mediation_certificate_due",
        "mediation_held_by",
        "review_report_due",
        "review_decision_due",
        "amended_plan_due",
        "phase_transfer_deadline",
    }
    assert all(d.basis and d.label for d in milestones)


def test_blank_values_count_as_not_given_like_an_empty_form_field():
    assert due_by_key({"received": "2025-09-01", "draft_served": "", "transfer": " "}) == (
        due_by_key({"received": "2025-09-01"})
    )


def test_surrounding_spaces_are_ignored():
    assert due_by_key({"received": " 2025-09-01 "})["final_plan"] == date(2026, 1, 19)


# ---- Errors ------------------------------------------------------------------------------------


def test_no_parameters_at_all_explains_what_to_give():
    errors = errors_for({})
    assert list(errors) == [NON_FIELD_ERRORS]
    assert "received" in errors[NON_FIELD_ERRORS]


def test_only_blank_parameters_is_the_same_as_none():
    assert NON_FIELD_ERRORS in errors_for({"received": "", "transfer": ""})


@pytest.mark.parametrize("bad", ["2025-2-1", "2025-02-30", "01/09/2025", "20250901", "tomorrow"])
def test_received_must_be_a_real_yyyy_mm_dd_date(bad):
    assert errors_for({"received": bad}) == {
        "received": "Enter the date the request was received as a real date in the format "
        "YYYY-MM-DD, for example 2025-09-01"
    }


@pytest.mark.parametrize(
    "key",
    [
        "advice_requested",
        "draft_served",
        "decision_sent",
        "adviser_contacted",
        "review_meeting",
        "amendment_notice_sent",
    ],
)
def test_every_date_parameter_rejects_an_impossible_date_under_its_own_key(key):
    errors = errors_for({key: "2026-02-29"})
    assert list(errors) == [key]
    assert "YYYY-MM-DD" in errors[key]


def test_dates_before_the_send_regulations_2014_are_refused():
    errors = errors_for({"received": "2014-08-31"})
    assert "1 September 2014" in errors["received"]


def test_dates_after_2099_are_refused():
    assert "31 December 2099" in errors_for({"decision_sent": "2100-01-01"})["decision_sent"]


def test_certificate_issued_without_decision_sent():
    errors = errors_for({"certificate_issued": "2026-05-01"})
    assert list(errors) == ["certificate_issued"]
    assert "decision letter was sent" in errors["certificate_issued"]


def test_certificate_issued_before_decision_sent():
    errors = errors_for({"decision_sent": "2026-03-10", "certificate_issued": "2026-03-09"})
    assert errors == {
        "certificate_issued": "The date the mediation certificate was issued must be the same "
        "as or after the date the decision letter was sent"
    }


def test_certificate_issued_before_adviser_contacted():
    errors = errors_for(
        {
            "decision_sent": "2026-03-10",
            "adviser_contacted": "2026-03-20",
            "certificate_issued": "2026-03-19",
        }
    )
    assert list(errors) == ["certificate_issued"]


def test_adviser_contacted_before_decision_sent():
    errors = errors_for({"decision_sent": "2026-03-10", "adviser_contacted": "2026-03-01"})
    assert list(errors) == ["adviser_contacted"]


def test_draft_served_before_received():
    errors = errors_for({"received": "2025-09-01", "draft_served": "2025-08-31"})
    assert list(errors) == ["draft_served"]
    assert "the date the request was received" in errors["draft_served"]


def test_advice_requested_before_received():
    errors = errors_for({"received": "2025-09-01", "advice_requested": "2025-08-01"})
    assert list(errors) == ["advice_requested"]


def test_decision_sent_before_received_is_an_error_only_when_received_is_given():
    errors = errors_for({"received": "2025-09-01", "decision_sent": "2025-08-01"})
    assert list(errors) == ["decision_sent"]
    assert "appeal_deadline" in due_by_key({"decision_sent": "2025-08-01"})


def test_same_day_dates_are_allowed():
    due = due_by_key({"received": "2025-09-01", "advice_requested": "2025-09-01"})
    assert due["advice_due"] == date(2025, 10, 13)


def test_amendment_notice_sent_before_review_meeting():
    errors = errors_for({"review_meeting": "2026-03-02", "amendment_notice_sent": "2026-03-01"})
    assert list(errors) == ["amendment_notice_sent"]


def test_transfer_without_transfer_year():
    errors = errors_for({"transfer": "school"})
    assert list(errors) == ["transfer_year"]


def test_transfer_year_without_transfer():
    errors = errors_for({"transfer_year": "2027"})
    assert list(errors) == ["transfer"]


def test_transfer_must_be_school_or_post16():
    errors = errors_for({"transfer": "post16_other", "transfer_year": "2027"})
    assert list(errors) == ["transfer"]
    assert "school" in errors["transfer"] and "post16" in errors["transfer"]


@pytest.mark.parametrize("bad", ["27", "2013", "2101", "20270", "two thousand", "2027.0"])
def test_transfer_year_must_be_4_digits_between_2014_and_2100(bad):
    errors = errors_for({"transfer": "school", "transfer_year": bad})
    assert list(errors) == ["transfer_year"]
    assert "2014" in errors["transfer_year"] and "2100" in errors["transfer_year"]


def test_unknown_parameters_are_errors_under_their_own_names():
    errors = errors_for({"received": "2025-09-01", "recieved": "2025-09-01", "format": "json"})
    assert set(errors) == {"recieved", "format"}
    assert errors["format"].startswith("Unknown parameter")


def test_only_unknown_parameters_also_says_what_to_give():
    errors = errors_for({"date": "2025-09-01"})
    assert set(errors) == {"date", NON_FIELD_ERRORS}


def test_all_errors_are_reported_together():
    errors = errors_for(
        {
            "received": "2025-13-01",
            "certificate_issued": "2026-01-01",
            "transfer": "college",
            "colour": "red",
        }
    )
    assert set(errors) == {"received", "certificate_issued", "transfer", "transfer_year", "colour"}


def test_error_message_text_joins_the_errors():
    with pytest.raises(TimescaleInputError, match="received: Enter the date"):
        calculate({"received": "nope"})


def test_public_parameter_list_is_the_documented_contract():
    assert PARAMETERS == (
        "received",
        "advice_requested",
        "draft_served",
        "decision_sent",
        "certificate_issued",
        "adviser_contacted",
        "review_meeting",
        "amendment_notice_sent",
        "transfer",
        "transfer_year",
        "mediation_requested",
        "plan_issued",
        "last_review",
        "aware_of_move",
        "move_date",
        "transferred_on",
        "post16_move_date",
        "tribunal_order",
        "order_kind",
    )
