"""The public calculator's parameters for the dates after a plan (issue 17): each adds its
milestones with key, due (the last day in time), label and basis; a bad or impossible date is
a 400 naming the parameter."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from ehcp.timescales import TimescaleInputError, calculate


def by_key(params):
    return {d.key: d for d in calculate(params)}


def errors_for(params):
    with pytest.raises(TimescaleInputError) as info:
        calculate(params)
    return info.value.errors


def test_plan_issued_1_march_2027_gives_annual_review_due_29_february_2028_s44_1():
    """CFA 2014 s44(1): reviewed "during the period of 12 months starting with the date on which
    the EHC plan was made"."""
    review = by_key({"plan_issued": "2027-03-01"})["annual_review_due"]
    assert review.due == date(2028, 2, 29)
    assert "s44(1)" in review.basis and review.label


def test_last_review_counts_the_12_months_from_the_review_not_the_plan():
    due = by_key({"plan_issued": "2024-02-29", "last_review": "2025-05-01"})
    assert due["annual_review_due"].due == date(2026, 4, 30)


def test_aware_of_move_alone_gives_15_working_days_beginning_with_that_day_reg_15_2():
    moved = by_key({"aware_of_move": "2026-10-05"})["plan_transferred_by"]
    assert moved.due == date(2026, 10, 23)
    assert "reg 15(2)" in moved.basis


def test_aware_of_move_15_working_days_before_the_move_date_gives_the_day_of_the_move():
    moved = by_key({"aware_of_move": "2026-10-01", "move_date": "2026-10-30"})
    assert moved["plan_transferred_by"].due == date(2026, 10, 30)
    assert "day of the move" in moved["plan_transferred_by"].basis


def test_transferred_on_gives_the_new_councils_notice_and_review_reg_15_4_and_15_5():
    due = by_key({"transferred_on": "2026-11-02", "last_review": "2026-06-01"})
    assert due["new_council_notice"].due == date(2026, 12, 14)
    assert "reg 15(4)" in due["new_council_notice"].basis
    assert due["transfer_review_due"].due == date(2027, 5, 31)
    assert "reg 15(5)" in due["transfer_review_due"].basis
    alone = by_key({"transferred_on": "2026-11-02"})["transfer_review_due"]
    assert alone.due == date(2027, 2, 1)
    assert "give the date of the last review" in alone.label


def test_post16_move_date_gives_the_reg_18_2_deadline_5_months_before():
    deadline = by_key({"post16_move_date": "2027-07-31"})["post16_transfer_deadline"]
    assert deadline.due == date(2027, 2, 28)
    assert "reg 18(2)" in deadline.basis


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (
            "assess",
            {"order_assess_notify", "order_assess_no_plan_notice", "order_assess_final_plan"},
        ),
        ("make_plan", {"order_make_plan_draft", "order_make_plan_final"}),
        ("continue_to_maintain", {"order_continue_to_maintain"}),
        ("amend_plan", {"order_amend_plan"}),
        ("name_setting", {"order_name_setting"}),
        ("cease_dismissed", {"order_cease_dismissed"}),
    ],
)
def test_tribunal_order_with_its_kind_gives_the_reg_44_compliance_dates(kind, expected):
    due = by_key({"tribunal_order": "2026-12-24", "order_kind": kind})
    assert set(due) == expected
    assert all("reg 44(2)" in d.basis for d in due.values())


def test_a_tribunal_order_needs_its_kind_and_a_kind_needs_the_order_date():
    assert list(errors_for({"tribunal_order": "2026-12-24"})) == ["order_kind"]
    assert list(errors_for({"order_kind": "amend_plan"})) == ["tribunal_order"]
    assert "order_kind" in errors_for({"tribunal_order": "2026-12-24", "order_kind": "appeal"})


def test_a_move_date_needs_the_date_the_old_council_found_out():
    assert list(errors_for({"move_date": "2026-10-30"})) == ["aware_of_move"]


@pytest.mark.parametrize(
    "key",
    [
        "mediation_requested",
        "plan_issued",
        "last_review",
        "aware_of_move",
        "move_date",
        "transferred_on",
        "post16_move_date",
        "tribunal_order",
    ],
)
def test_every_new_date_parameter_rejects_an_impossible_date_under_its_own_key(key):
    params = {key: "2027-02-29"}
    if key == "move_date":
        params["aware_of_move"] = "2026-10-01"
    if key == "tribunal_order":
        params["order_kind"] = "amend_plan"
    errors = errors_for(params)
    assert list(errors) == [key]
    assert "YYYY-MM-DD" in errors[key]


def test_a_last_review_before_the_plan_was_issued_is_an_error():
    errors = errors_for({"plan_issued": "2026-03-01", "last_review": "2026-02-01"})
    assert list(errors) == ["last_review"]


def test_a_transfer_year_before_the_regulations_is_a_400_naming_it_not_a_crash():
    assert list(errors_for({"transfer": "school", "transfer_year": "2014"})) == ["transfer_year"]


@pytest.mark.django_db
def test_the_api_answers_each_milestone_with_key_due_label_basis_and_400_names_the_parameter():
    api = APIClient()
    ok = api.get(
        "/api/v1/timescales/", {"tribunal_order": "2026-12-24", "order_kind": "amend_plan"}
    )
    assert ok.status_code == 200
    assert ok.json()["milestones"] == [
        {
            "key": "order_amend_plan",
            "due": "2027-01-28",
            "label": "Amended EHC plan issued",
            "basis": "SEND Regulations 2014 reg 44(2)(e) (Tribunal order to amend a plan): "
            "within 5 weeks",
        }
    ]
    bad = api.get("/api/v1/timescales/", {"plan_issued": "2027-02-30"})
    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["plan_issued"]
