"""Retention rules as data, the records past them, and the sweep that lists or acts on them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from ehcp.models import Child, Stage
from send_portal import audit, erasure, retention
from send_portal.celery import app as celery_app
from send_portal.models import (
    ApiToken,
    AuditEvent,
    EmailDelivery,
    Notification,
    ReminderSweepRun,
)
from tests.ehcp.factories import ChildFactory, case_at, manager
from tests.factories import la

pytestmark = pytest.mark.django_db

#: The factories' default child: born 14 May 2016.
PLAN_DUE = date(2047, 5, 14)  # date of birth + 31 years
NO_PLAN_DUE = date(2040, 5, 14)  # 24th birthday (later than 2026 + 6 years)


@pytest.fixture(autouse=True)
def _ledger(settings, tmp_path):
    settings.ERASURE_LEDGER_PATH = str(tmp_path / "erasure-ledger.jsonl")


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def run_command(*args) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


# ---- the rules ----------------------------------------------------------------------------------


def test_every_rule_says_what_it_covers_how_long_and_why():
    for rule in retention.RULES.values():
        assert rule.records and rule.basis and rule.action in ("erase", "delete"), rule.key
        assert "{n}" in rule.counted and str(rule.period) in rule.description


def test_the_plan_rule_follows_the_irms_toolkit_as_council_policy_not_statute():
    rule = retention.RULES[retention.PLAN_RECORD]
    assert rule.description == "The young person's date of birth + 31 years"
    assert rule.basis.startswith("Council policy, following the IRMS")


def test_a_council_can_change_a_period_in_settings(settings):
    settings.RETENTION_PERIODS = {retention.PLAN_RECORD: 35}
    assert retention.RULES[retention.PLAN_RECORD].description.endswith("+ 35 years")


# ---- children -----------------------------------------------------------------------------------


def test_a_child_with_a_plan_is_kept_until_31_years_after_birth():
    case = case_at(Stage.FINAL_ISSUED)
    assert retention.child_due(case.child_id, PLAN_DUE - timedelta(days=1)) is None
    due = retention.child_due(case.child_id, PLAN_DUE)
    assert (due.rule.key, due.due_on) == (retention.PLAN_RECORD, PLAN_DUE)


def test_a_refused_request_is_kept_six_years_and_not_before_the_24th_birthday():
    case = case_at(Stage.NOT_ASSESSED)
    assert retention.child_due(case.child_id, NO_PLAN_DUE - timedelta(days=1)) is None
    due = retention.child_due(case.child_id, NO_PLAN_DUE)
    assert (due.rule.key, due.due_on) == (retention.NO_PLAN_RECORD, NO_PLAN_DUE)


def test_a_refused_request_of_a_young_person_is_kept_six_years_after_the_appeal_deadline():
    child = ChildFactory(date_of_birth=date(2000, 1, 10))
    case = case_at(Stage.NOT_ASSESSED, child=child)
    decision = case.decisions.get()
    due = retention.child_due(child.pk, date(2040, 1, 1))
    assert due.due_on == decision.appeal_deadline.replace(year=decision.appeal_deadline.year + 6)


def test_a_child_with_an_open_request_is_never_past_retention():
    case = case_at(Stage.ASSESSING)
    assert retention.child_due(case.child_id, date(2100, 1, 1)) is None


def test_an_erased_child_is_not_listed_again():
    case = case_at(Stage.NOT_ASSESSED)
    erasure.erase_child(actor=manager(), child_id=case.child_id, reason="Request")
    assert retention.children_due(date(2100, 1, 1)) == []


# ---- housekeeping -------------------------------------------------------------------------------


def old_records(years_ago: int):
    """One record of each housekeeping kind, ``years_ago`` years old."""
    today = timezone.localdate()
    then = aware(today.replace(year=today.year - years_ago))
    boss = manager()
    child = ChildFactory()
    audit.record_view(actor=boss, obj=child, child_id=child.pk, summary="Viewed")
    audit.record(actor=boss, action=AuditEvent.Action.SIGN_IN, summary="Signed in")
    AuditEvent.objects.update(at=then)
    note = Notification.objects.create(recipient=boss, subject="Old", what_happened="Old news")
    EmailDelivery.objects.create(notification=note, to_address=boss.email)
    Notification.objects.update(created_at=then)
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=then)
    ApiToken.objects.create(
        name="Old",
        user=boss,
        local_authority=child.local_authority,
        key_prefix="abc",
        key_digest="d" * 64,
        revoked_at=then,
    )
    ReminderSweepRun.objects.create(day=then.date())
    ReminderSweepRun.objects.update(started_at=then)


def test_housekeeping_lists_old_records_and_apply_deletes_them():
    old_records(7)
    report = retention.run()
    assert report.housekeeping == {
        retention.ACCESS_LOG: 1,
        retention.SIGN_IN_LOG: 1,
        retention.NOTIFICATIONS: 1,
        retention.SIGN_IN_ATTEMPTS: 0,
        retention.SESSIONS: 1,
        retention.API_TOKENS: 1,
        retention.SWEEP_RUNS: 1,
    }
    assert AuditEvent.objects.count() == 2

    retention.run(apply=True)

    assert not AuditEvent.objects.filter(action__in=["view", "sign_in"]).exists()
    assert not Notification.objects.exists() and not EmailDelivery.objects.exists()
    assert not Session.objects.exists() and not ApiToken.objects.exists()
    assert not ReminderSweepRun.objects.exists()


def test_records_within_their_period_are_kept():
    old_records(1)
    report = retention.run(apply=True)
    assert report.housekeeping[retention.ACCESS_LOG] == 0
    assert report.housekeeping[retention.NOTIFICATIONS] == 0
    assert AuditEvent.objects.filter(action="view").exists()
    assert Notification.objects.exists()


def test_the_record_of_an_erasure_is_never_deleted_by_retention():
    case = case_at(Stage.NOT_ASSESSED)
    erasure.erase_child(actor=manager(), child_id=case.child_id, reason="Request")
    erasure.erasure_events().update(at=aware(date(2000, 1, 1)))
    retention.run(apply=True)
    assert erasure.erasure_events().count() == 1


# ---- the command --------------------------------------------------------------------------------


def test_the_dry_run_lists_records_past_retention_and_changes_nothing():
    # A name that cannot occur in the report's own words (a random short name could).
    plan = case_at(Stage.FINAL_ISSUED, child=ChildFactory(first_name="Zephyrine"))
    refused = case_at(Stage.NOT_ASSESSED)
    open_case = case_at(Stage.ASSESSING)

    out = run_command("--dry-run", "--on", "2047-06-01")

    assert f"child {plan.child_id}: ehcp-plan, due 14 May 2047" in out
    assert f"child {refused.child_id}: ehcp-no-plan, due 14 May 2040" in out
    assert f"child {open_case.child_id}:" not in out
    assert "Dry run: nothing was changed" in out
    assert plan.child.first_name not in out  # ids only: the report holds no personal data
    assert Child.objects.get(pk=plan.child_id).first_name == plan.child.first_name
    assert not erasure.erasure_events().exists()


def test_apply_erases_every_record_past_retention_as_the_system():
    plan = case_at(Stage.FINAL_ISSUED)
    later = case_at(Stage.FINAL_ISSUED, child=ChildFactory(date_of_birth=date(2020, 1, 1)))

    out = run_command("--apply", "--on", "2047-06-01")

    assert f"child {plan.child_id}: ehcp-plan, due 14 May 2047 (" in out
    assert "Erased: 1 children's records" in out
    assert Child.objects.get(pk=plan.child_id).first_name == erasure.ERASED
    assert Child.objects.get(pk=later.child_id).first_name != erasure.ERASED
    event = erasure.erasure_events().get()
    assert event.actor is None and event.detail["rule"] == "ehcp-plan"
    assert event.detail["by"] == "system"


def test_council_limits_the_sweep_to_one_council():
    essex = case_at(Stage.NOT_ASSESSED)
    thurrock = case_at(Stage.NOT_ASSESSED, child=ChildFactory(local_authority=la("883")))
    out = run_command("--council", "883", "--on", "2041-01-01")
    assert f"child {thurrock.child_id}:" in out
    assert f"child {essex.child_id}:" not in out


def test_an_unknown_council_is_an_error():
    with pytest.raises(CommandError, match="No council"):
        run_command("--council", "000")


def test_the_rules_can_be_printed():
    out = run_command("--rules")
    assert "ehcp-plan:" in out and "basis: Council policy, following the IRMS" in out


def test_reapply_erasures_after_a_restore(django_capture_on_commit_callbacks):
    case = case_at(Stage.NOT_ASSESSED)
    name = case.child.first_name
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_child(actor=manager(), child_id=case.child_id, reason="Request")
    # The restored backup predates the erasure.
    erasure.erasure_events().delete()
    Child.objects.filter(pk=case.child_id).update(first_name=name)

    assert f"Erasures re-applied: 1 (children {case.child_id})" in run_command("--reapply-erasures")
    assert Child.objects.get(pk=case.child_id).first_name == erasure.ERASED


# ---- the monthly sweep --------------------------------------------------------------------------


def test_the_monthly_sweep_is_scheduled():
    entry = django_settings.CELERY_BEAT_SCHEDULE["retention-sweep"]
    assert entry["task"] in celery_app.tasks


def test_the_monthly_sweep_only_reports_unless_the_council_switches_it_on(settings):
    case = case_at(Stage.NOT_ASSESSED, child=ChildFactory(date_of_birth=date(1995, 1, 1)))
    case.decisions.update(appeal_deadline=date(2019, 1, 1))
    case.events.update(occurred_on=date(2019, 1, 1))
    case.__class__.objects.filter(pk=case.pk).update(closed_on=date(2019, 1, 1))
    Child.objects.filter(pk=case.child_id).update(created_at=aware(date(2018, 1, 1)))

    summary = retention.run_retention.delay().get()

    assert summary["children_due"] == 1 and summary["children_erased"] == 0
    assert not erasure.erasure_events().exists()

    settings.RETENTION_APPLY = True
    summary = retention.run_retention.delay().get()

    assert summary["children_erased"] == 1
    assert Child.objects.get(pk=case.child_id).first_name == erasure.ERASED
