"""Deadline reminders: right people, right thresholds, never twice, work only on what is due."""

from datetime import date, timedelta

import pytest

from ehcp import deadlines
from ehcp.models import Stage
from send_portal.models import Notification, ReminderPolicy
from send_portal.reminders import sweep, threshold_reached
from tests.ehcp.factories import case_at, caseworker, manager, parent_of

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)  # decision to assess due Monday 13 April 2026 (6 weeks)
DECISION_DUE = date(2026, 4, 13)


def reminders_for(user):
    return Notification.objects.filter(recipient=user, dedupe_key__startswith="reminder:")


@pytest.mark.parametrize(
    "today,expected",
    [
        # Good Friday 3 April and Easter Monday 6 April 2026 are not working days.
        (date(2026, 3, 25), None),  # 11 working days before
        (date(2026, 3, 26), "10wd"),  # 27, 30, 31 Mar, 1, 2, 7, 8, 9, 10, 13 Apr
        (date(2026, 4, 7), "10wd"),  # 4 working days before
        (date(2026, 4, 8), "3wd"),  # 9, 10, 13 April
        (DECISION_DUE, "due_today"),
        (date(2026, 4, 14), "overdue"),
    ],
)
def test_threshold_reached_counts_working_days_skipping_easter(today, expected):
    assert threshold_reached(DECISION_DUE, today, ReminderPolicy.default()) == expected


def test_caseworker_is_reminded_ten_working_days_before_the_decision_to_assess():
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    assert sweep(date(2026, 3, 26)) >= 1
    (reminder,) = reminders_for(case.caseworker)
    assert "Decision whether to carry out an EHC needs assessment" in reminder.subject
    assert "10 working days" in reminder.subject
    assert reminder.due_date == DECISION_DUE
    assert reminder.legal_basis == deadlines.RULES["decision_to_assess"].basis
    assert reminder.link.endswith(f"/cases/{case.reference}/")


def test_running_the_sweep_twice_sends_nothing_twice():
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    first = sweep(date(2026, 4, 8))
    second = sweep(date(2026, 4, 8))
    assert first >= 1 and second == 0
    assert reminders_for(case.caseworker).count() == 1


def test_each_threshold_is_sent_once_as_the_deadline_approaches_and_passes():
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    day = date(2026, 3, 20)
    while day <= date(2026, 4, 20):
        sweep(day)
        day += timedelta(days=1)
    keys = sorted(
        k.rsplit(":", 1)[1]
        for k in reminders_for(case.caseworker).values_list("dedupe_key", flat=True)
    )
    assert keys == ["10wd", "3wd", "due_today", "overdue"]


def test_an_unallocated_case_reminds_the_councils_send_managers():
    boss = manager()
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED, allocated=False)
    sweep(date(2026, 4, 8))
    assert reminders_for(boss).count() == 1
    assert case.caseworker is None


def test_a_councils_own_policy_sets_its_lead_times():
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    ReminderPolicy.objects.create(
        local_authority=case.local_authority, lead_working_days=[5], remind_when_overdue=False
    )
    assert sweep(date(2026, 3, 26)) == 0  # 10 working days before: not this council's lead
    sweep(date(2026, 4, 7))
    sweep(date(2026, 4, 20))
    keys = [
        k.rsplit(":", 1)[1]
        for k in reminders_for(case.caseworker).values_list("dedupe_key", flat=True)
    ]
    assert keys == ["5wd"]


def test_the_family_is_reminded_of_the_last_day_to_comment_on_the_draft():
    case = case_at(Stage.DRAFT_SERVED, received_on=RECEIVED)
    parent = parent_of(case.child)
    window = deadlines.representations_close(draft_served=case.draft_served_on)
    sweep(window.due)
    (reminder,) = reminders_for(parent)
    assert "comment on the draft plan" in reminder.subject
    assert "reg 13(1)" in reminder.legal_basis


def test_the_family_is_reminded_of_an_appeal_deadline_but_not_after_it_passes():
    case = case_at(Stage.NOT_ASSESSED, received_on=RECEIVED)
    parent = parent_of(case.child)
    decision = case.decisions.get()
    sweep(decision.appeal_deadline + timedelta(days=1))
    assert reminders_for(parent).count() == 0
    sweep(decision.appeal_deadline - timedelta(days=2))
    (reminder,) = reminders_for(parent)
    assert "appeal" in reminder.subject.lower()
    assert reminder.due_date == decision.appeal_deadline


def test_closed_cases_and_far_off_deadlines_are_not_read(django_assert_max_num_queries):
    worker = caseworker()
    for _ in range(3):
        case_at(Stage.FINAL_ISSUED, actor=worker, received_on=RECEIVED)
    # Nothing is due within the lead time on 1 March 2026 (before any request): the sweep's
    # work is a handful of indexed queries, whatever the number of plans.
    with django_assert_max_num_queries(8):
        assert sweep(date(2026, 3, 1)) == 0
