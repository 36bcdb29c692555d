"""Working-day and calendar deadlines of mediation and appeals, driven through the services,
across weekends, bank holidays and Christmas. Every expected date is worked out by hand in the
test's docstring (England and Wales bank holidays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ehcp import selectors
from ehcp.models import Decision
from ehcp.redress import policy
from ehcp.redress.models import Matter, Stage
from ehcp.redress.services import appeals, complaints, mediation
from tests.factories import la
from tests.redress.helpers import mediator, not_assessed

pytestmark = pytest.mark.django_db


def family_with_notice(notice: date, monkeypatch, today: date):
    """A decision not to assess sent on ``notice`` (day 35 of the request)."""
    monkeypatch.setattr(selectors, "today", lambda: today)
    return not_assessed(received_on=notice - timedelta(days=35))


def not_mediating(fam, told: date):
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=told
    )
    return mediation.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=told
    )


def test_certificate_told_on_wednesday_23_december_2026_is_due_30_december(monkeypatch):
    """Thu 24 Dec (1); Fri 25 Christmas; Sat 26, Sun 27; Mon 28 Boxing Day substitute;
    Tue 29 (2); Wed 30 (3)."""
    fam = family_with_notice(date(2026, 12, 1), monkeypatch, today=date(2027, 1, 15))
    m = not_mediating(fam, date(2026, 12, 23))
    assert m.certificate_due.due == date(2026, 12, 30)


def test_certificate_told_on_christmas_eve_2025_is_due_30_december(monkeypatch):
    """Thu 25 Christmas; Fri 26 Boxing Day; weekend; Mon 29 (1); Tue 30 (2); Wed 31 (3)."""
    fam = family_with_notice(date(2025, 12, 1), monkeypatch, today=date(2026, 1, 15))
    m = not_mediating(fam, date(2025, 12, 24))
    assert m.certificate_due.due == date(2025, 12, 31)


def test_certificate_told_on_a_friday_is_due_on_wednesday(monkeypatch):
    """Fri 13 Nov 2026: Mon 16 (1), Tue 17 (2), Wed 18 (3)."""
    fam = family_with_notice(date(2026, 11, 2), monkeypatch, today=date(2026, 11, 22))
    assert not_mediating(fam, date(2026, 11, 13)).certificate_due.due == date(2026, 11, 18)


def test_certificate_over_easter_2026(monkeypatch):
    """Thu 2 Apr: Fri 3 Good Friday; weekend; Mon 6 Easter Monday; Tue 7 (1), Wed 8 (2),
    Thu 9 (3)."""
    fam = family_with_notice(date(2026, 3, 9), monkeypatch, today=date(2026, 4, 20))
    assert not_mediating(fam, date(2026, 4, 2)).certificate_due.due == date(2026, 4, 9)


def test_certificate_over_the_may_bank_holiday(monkeypatch):
    """Fri 22 May 2026: Mon 25 spring bank holiday; Tue 26 (1), Wed 27 (2), Thu 28 (3)."""
    fam = family_with_notice(date(2026, 5, 1), monkeypatch, today=date(2026, 6, 1))
    assert not_mediating(fam, date(2026, 5, 22)).certificate_due.due == date(2026, 5, 28)


def test_certificate_after_mediation_ending_on_christmas_eve_2026(monkeypatch):
    """Thu 24 Dec: Fri 25, Mon 28 holidays; Tue 29 (1), Wed 30 (2), Thu 31 (3)."""
    fam = family_with_notice(date(2026, 12, 1), monkeypatch, today=date(2027, 1, 15))
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 12, 2)
    )
    mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 12, 2),
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    med = mediator()
    mediation.arrange_mediation(
        actor=fam.worker, mediation_id=m.pk, arranged_for=date(2026, 12, 24), mediator=med
    )
    mediation.record_session(
        actor=med, mediation_id=m.pk, held_on=date(2026, 12, 24), format="video"
    )
    m = mediation.conclude_mediation(
        actor=med, mediation_id=m.pk, concluded_on=date(2026, 12, 24), outcome="not_agreed"
    )
    assert m.certificate_due.due == date(2026, 12, 31)


def test_thirty_days_to_mediate_are_calendar_days_over_christmas(monkeypatch):
    """Told Tue 1 Dec 2026 + 30 calendar days = Thu 31 Dec (holidays do not add days)."""
    fam = family_with_notice(date(2026, 11, 30), monkeypatch, today=date(2026, 12, 10))
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 12, 1)
    )
    m = mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 12, 1),
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    assert m.held_by.due == date(2026, 12, 31)


def test_council_cannot_arrange_told_adviser_on_christmas_eve_2026(monkeypatch):
    """Thu 24 Dec: Tue 29 (1), Wed 30 (2), Thu 31 (3)."""
    fam = family_with_notice(date(2026, 12, 1), monkeypatch, today=date(2027, 1, 15))
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 12, 2)
    )
    mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 12, 2),
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    m = mediation.record_cannot_arrange(
        actor=fam.worker,
        mediation_id=m.pk,
        told_adviser_on=date(2026, 12, 24),
        reason="No mediator available before the new year",
    )
    assert m.certificate_due.due == date(2026, 12, 31)


def test_icb_told_within_three_working_days_over_the_august_bank_holiday(monkeypatch):
    """Fri 28 Aug 2026: Mon 31 Aug summer bank holiday; Tue 1 (1), Wed 2 (2), Thu 3 Sep (3)."""
    from tests.redress.helpers import final_plan

    monkeypatch.setattr(selectors, "today", lambda: date(2026, 9, 30))
    fam = final_plan(received_on=date(2026, 5, 11))  # final plan sent Mon 24 August 2026
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 8, 28)
    )
    m = mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 8, 28),
        issues=[Matter.HEALTH, Matter.SECTION_F],
    )
    assert m.icb_due.due == date(2026, 9, 3)


def test_appeal_deadline_after_a_certificate_ending_at_christmas_moves_to_january(monkeypatch):
    """Notice Mon 19 Oct 2026 (2 months: Sat 19 Dec). Certificate Thu 26 Nov 2026 + 1 month =
    Sat 26 Dec, between 25 Dec and 1 Jan: the next working day after 1 Jan is Mon 4 Jan 2027."""
    fam = family_with_notice(date(2026, 10, 19), monkeypatch, today=date(2026, 12, 1))
    m = not_mediating(fam, date(2026, 11, 24))
    mediation.issue_certificate(actor=fam.worker, mediation_id=m.pk, issued_on=date(2026, 11, 26))
    decision = Decision.objects.get(pk=fam.decision.pk)
    assert decision.appeal_deadline == date(2027, 1, 4)
    assert "25 December to 1 January" in decision.appeal_deadline_basis


def test_appeal_deadline_ending_in_august_moves_to_september(monkeypatch):
    """Notice Fri 29 May 2026 (2 months: Wed 29 July); certificate Wed 15 July + 1 month =
    Sat 15 Aug, later: August deadlines move to the first working day of September,
    Tue 1 Sep 2026."""
    fam = family_with_notice(date(2026, 5, 29), monkeypatch, today=date(2026, 7, 31))
    assert fam.decision.appeal_deadline == date(2026, 7, 29)
    m = not_mediating(fam, date(2026, 7, 13))
    mediation.issue_certificate(actor=fam.worker, mediation_id=m.pk, issued_on=date(2026, 7, 15))
    assert Decision.objects.get(pk=fam.decision.pk).appeal_deadline == date(2026, 9, 1)


def test_tribunal_order_periods_are_calendar_weeks_over_christmas(monkeypatch):
    """Order Fri 18 Dec 2026 to name a school: 2 weeks = Fri 1 Jan 2027 (a bank holiday: the
    regulations count weeks, not working days)."""
    from tests.redress.helpers import final_plan

    monkeypatch.setattr(selectors, "today", lambda: date(2027, 1, 10))
    fam = final_plan()
    appeal = appeals.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 20),
        matters=[Matter.SECTION_I],
    )
    appeals.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome="allowed", decided_on=date(2026, 12, 18)
    )
    order = appeals.record_order(
        actor=fam.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 12, 18),
    )
    assert order.steps.get().due_on == date(2027, 1, 1)


def test_complaint_policy_working_days_skip_christmas(monkeypatch):
    """Received Mon 21 Dec 2026 + 10 working days: 22, 23, 24 (3); 29, 30, 31 (6); Fri 1 Jan
    holiday; 4, 5, 6, 7 Jan (10) = Thu 7 Jan 2027."""
    monkeypatch.setattr(selectors, "today", lambda: date(2027, 1, 15))
    from tests.factories import person_with_role

    worker = person_with_role("caseworker", la("881"))
    c = complaints.record_complaint(
        actor=worker,
        local_authority=la("881"),
        received_on=date(2026, 12, 21),
        complainant_name="A parent",
        category="delay",
        summary="Late plan",
        responsible="council",
    )
    assert c.stages.get().response_due_on == date(2027, 1, 7)
    assert policy.response_due(Stage.LA_STAGE_1, date(2026, 12, 21)).due == date(2027, 1, 7)
