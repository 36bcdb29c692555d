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
    # work is a handful of indexed queries (one per source), whatever the number of plans.
    from send_portal.reminders import sources

    with django_assert_max_num_queries(3 + len(sources())):
        assert sweep(date(2026, 3, 1)) == 0


# ---- one sweep for every source, with council scope, digests and a record of each run ----------


def test_every_source_is_registered_in_the_one_sweep():
    from send_portal.reminders import sources

    assert set(sources()) == {
        "ehcp.case_next_due",
        "ehcp.advice_due",
        "ehcp.family_dates",
        "redress.compliance_steps",
        "redress.mediation_dates",
        "reviews.next_due",
        "reviews.family_dates",
    }


def test_a_reminder_belongs_to_the_cases_council_and_its_key_names_the_date(
    django_capture_on_commit_callbacks,
):
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    with django_capture_on_commit_callbacks(execute=True):
        sweep(date(2026, 4, 8))
    (reminder,) = reminders_for(case.caseworker)
    assert reminder.local_authority_id == case.local_authority_id
    assert reminder.dedupe_key == (
        f"reminder:ehcp.case:{case.pk}:decision_to_assess:2026-04-13:{case.caseworker.pk}:3wd"
    )
    assert reminder.email_delivery.status == "sent"


def test_the_sweep_checks_existing_reminders_a_chunk_at_a_time(django_assert_max_num_queries):
    from benchmarks.sweep import bulk_due_cases

    worker = caseworker()
    council = worker_council(worker)
    bulk_due_cases(local_authority=council, caseworker=worker, count=120, due=date(2026, 4, 13))
    assert sweep(date(2026, 4, 8)) == 120
    # A second run over 120 due items: the policies, one query per source, the batch's
    # caseworkers and one existence check per 500 items; not one query per item.
    from send_portal.reminders import sources

    with django_assert_max_num_queries(4 + len(sources())):
        assert sweep(date(2026, 4, 8)) == 0


def worker_council(user):
    from send_portal.models import Organisation

    return Organisation.objects.get(pk=user.organisations_for("caseworker")[0])


def test_a_daily_digest_lists_each_caseworkers_items_and_every_item_for_the_manager():
    boss = manager()
    mine = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    other = case_at(Stage.CONSIDERING, received_on=RECEIVED - timedelta(days=14))
    ReminderPolicy.objects.create(local_authority=mine.local_authority, daily_digest=True)
    day = date(2026, 4, 8)  # mine is due in 3 working days; other was due on 30 March
    sweep(day)
    sweep(day)  # once a day, however often the sweep runs
    (digest,) = Notification.objects.filter(
        recipient=mine.caseworker, dedupe_key__startswith="digest:"
    )
    assert digest.dedupe_key == f"digest:{mine.caseworker.pk}:2026-04-08"
    assert "0 overdue, 0 due today, 1 coming up" in digest.subject
    assert mine.reference in digest.what_happened and other.reference not in digest.what_happened
    assert deadlines.RULES["decision_to_assess"].basis in digest.what_happened
    (overview,) = Notification.objects.filter(recipient=boss, dedupe_key__startswith="digest:")
    assert "1 overdue, 0 due today, 1 coming up" in overview.subject
    assert mine.reference in overview.what_happened and other.reference in overview.what_happened
    assert overview.link == "/cases/"


def test_no_digest_unless_the_council_asks_for_it():
    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    sweep(date(2026, 4, 8))
    assert not Notification.objects.filter(
        recipient=case.caseworker, dedupe_key__startswith="digest:"
    ).exists()


def test_the_sweep_task_records_its_run_and_sends_digests_only_from_the_morning(settings):
    from send_portal.models import ReminderSweepRun
    from send_portal.tasks import run_reminder_sweep

    case = case_at(Stage.CONSIDERING, received_on=RECEIVED)
    ReminderPolicy.objects.create(local_authority=case.local_authority, daily_digest=True)
    settings.REMINDER_DIGEST_HOUR = 24  # never: reminders only
    assert run_reminder_sweep.apply(kwargs={"day": "2026-04-08"}).get() == 1
    settings.REMINDER_DIGEST_HOUR = 0
    assert run_reminder_sweep.apply(kwargs={"day": "2026-04-08"}).get() == 1  # the digest
    runs = list(ReminderSweepRun.objects.order_by("pk"))
    assert [(r.outcome, r.due_items, r.reminders_sent, r.digests_sent) for r in runs] == [
        ("done", 1, 1, 0),
        ("done", 1, 0, 1),
    ]


def test_the_council_is_reminded_that_mediation_must_be_held_within_30_days(monkeypatch):
    from ehcp import selectors
    from ehcp.redress.models import Matter
    from ehcp.redress.services import mediation
    from tests.redress.helpers import not_assessed

    monkeypatch.setattr(selectors, "today", lambda: date(2026, 11, 22))
    fam = not_assessed()
    case = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 10, 20)
    )
    mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=case.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 10, 26),
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    held_by = deadlines.mediation_held_by(told_on=date(2026, 10, 26))
    sweep(held_by.due)
    (reminder,) = Notification.objects.filter(
        recipient=fam.worker, dedupe_key__contains="redress.mediation"
    )
    assert "mediation must take place by" in reminder.subject
    assert reminder.due_date == held_by.due and reminder.legal_basis == held_by.basis
    assert reminder.link == f"/cases/{fam.case.reference}/mediation/{case.pk}/"


def test_reminder_settings_are_the_councils_send_managers_to_change(client):
    from django.urls import reverse

    from send_portal.models import AuditEvent
    from tests.factories import la

    boss = manager()
    client.force_login(boss)
    page = client.get(reverse("reminder-settings"))
    assert page.status_code == 200 and 'value="10, 3"' in page.content.decode()
    refused = client.post(reverse("reminder-settings"), {"lead_working_days": "ten"})
    assert "Enter whole numbers" in refused.content.decode()
    client.post(
        reverse("reminder-settings"),
        {"lead_working_days": "2, 15, 5", "remind_on_the_day": "on", "daily_digest": "on"},
    )
    policy = ReminderPolicy.objects.get(local_authority=la("881"))
    assert policy.lead_working_days == [15, 5, 2]
    assert (policy.remind_on_the_day, policy.remind_when_overdue, policy.daily_digest) == (
        True,
        False,
        True,
    )
    assert AuditEvent.objects.filter(actor=boss, summary__startswith="Reminder settings").exists()
    client.force_login(caseworker())
    assert client.get(reverse("reminder-settings")).status_code == 404
