"""Serving a revised draft plan (its own 15 days, SEND Regulations 2014 reg 13(1)(a)) and a SEND
manager's correction of the date the request was received (day 0 of every statutory date)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ehcp import deadlines, selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Case, CaseEvent, Plan, Stage
from ehcp.services import plans, revisions, workflow
from send_portal.models import AuditEvent, Notification
from tests.ehcp.factories import (
    PLACEMENT_TYPE,
    RECEIVED,
    TODAY,
    ChildFactory,
    case_at,
    caseworker,
    manager,
    parent_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _revised(case: Case) -> Plan:
    sent = case.plans.get(status=Plan.Status.DRAFT)
    return plans.start_revised_draft(actor=case.caseworker, plan_id=sent.pk)


def _issue(case: Case, on: date) -> Plan:
    return workflow.issue_final_plan(
        actor=case.caseworker,
        case_id=case.pk,
        issued_on=on,
        notice_sent_on=on,
        setting_type=PLACEMENT_TYPE,
    )


# ---- a revised draft --------------------------------------------------------------------------


def test_a_revised_draft_served_on_1_june_2026_gives_15_days_again_to_15_june_reg_13_1_a():
    """Reg 13(1)(a): the family has "at least 15 days, beginning with the day on which the draft
    plan was served" to comment: a materially revised draft is served again, so the 15 days start
    again with its service (1 June 2026, a Monday: last day Monday 15 June). The 20-week date
    (reg 13(2): 20 July 2026) does not move."""
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFT_SERVED, child=child)  # first draft served Monday 25 May 2026
    workflow.record_representations(
        actor=parent,
        case_id=case.pk,
        received_on=date(2026, 5, 28),
        comments="Nothing more to add.",
        no_further_representations=True,
    )
    revised = _revised(case)
    before = Notification.objects.filter(recipient=parent).count()

    plan = revisions.serve_revised_draft(
        actor=case.caseworker, case_id=case.pk, served_on=date(2026, 6, 1)
    )
    case.refresh_from_db()
    assert (plan.pk, plan.served_on) == (revised.pk, date(2026, 6, 1))
    assert case.draft_served_on == date(2026, 5, 25)  # the first draft's date stays
    assert case.revised_draft_served_on == date(2026, 6, 1)
    assert case.no_further_representations_on is None
    window = case.representations_window
    assert (window.key, window.due) == ("representations_close", date(2026, 6, 15))
    assert "reg 13(1)(a)" in window.basis and "revised draft" in window.basis
    assert (case.next_due_key, case.next_due_on) == ("final_plan", date(2026, 7, 20))
    served = case.events.get(kind=CaseEvent.Kind.REVISED_DRAFT_SERVED)
    assert "by 15 June 2026" in served.detail and "20 July 2026" in served.detail
    assert served.legal_basis == window.basis
    told = Notification.objects.filter(recipient=parent).order_by("-id").first()
    assert Notification.objects.filter(recipient=parent).count() == before + 1
    assert told.due_date == date(2026, 6, 15)

    # The first window closed on 8 June, but the family now has until 15 June.
    with pytest.raises(InvalidTransition, match="until 15 June 2026"):
        _issue(case, date(2026, 6, 9))
    _issue(case, date(2026, 6, 16))


def test_a_revised_draft_cannot_be_served_before_the_last_draft_or_without_one():
    case = case_at(Stage.DRAFT_SERVED)
    with pytest.raises(InvalidTransition, match="no revised draft to send"):
        revisions.serve_revised_draft(
            actor=case.caseworker, case_id=case.pk, served_on=date(2026, 6, 1)
        )
    _revised(case)
    with pytest.raises(DomainError, match=r"on or after the date the last draft was sent") as info:
        revisions.serve_revised_draft(
            actor=case.caseworker, case_id=case.pk, served_on=date(2026, 5, 24)
        )
    assert info.value.field == "served_on"
    with pytest.raises(DomainError, match="today or in the past"):
        revisions.serve_revised_draft(
            actor=case.caseworker, case_id=case.pk, served_on=date(2026, 11, 23)
        )
    case.refresh_from_db()
    assert case.revised_draft_served_on is None


def test_only_the_councils_staff_serve_a_revised_draft():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFT_SERVED, child=child)
    _revised(case)
    for person in (parent, caseworker("883")):
        with pytest.raises(PermissionDenied):
            revisions.serve_revised_draft(actor=person, case_id=case.pk, served_on=date(2026, 6, 1))
    assert Case.objects.get(pk=case.pk).revised_draft_served_on is None


# ---- correcting the request date --------------------------------------------------------------


def test_a_send_manager_corrects_the_request_date_and_every_date_is_recomputed_and_audited():
    """CFA 2014 s36(1) and reg 5(1): the 6 weeks run from the day the council received the
    request. A request entered as received on 2 March 2026 that arrived on 23 February: the
    decision is due on 6 April, not 13 April, and the timeline says so."""
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.CONSIDERING, child=child)  # received 2 March, told 4 March
    boss = manager()
    case = revisions.correct_request_date(
        actor=boss,
        case_id=case.pk,
        received_on=date(2026, 2, 23),
        reason="The email arrived on 23 February; it was logged when it was read.",
    )
    assert case.received_on == date(2026, 2, 23)
    assert (case.next_due_key, case.next_due_on) == ("decision_to_assess", date(2026, 4, 6))
    corrected = case.events.get(kind=CaseEvent.Kind.REQUEST_DATE_CORRECTED)
    assert corrected.title == (
        "Date the request was received corrected from 2 March 2026 to 23 February 2026"
    )
    assert "13 April 2026 is now 6 April 2026" in corrected.detail
    assert "20 July 2026 is now 13 July 2026" in corrected.detail
    assert "The email arrived on 23 February" in corrected.detail
    audit = AuditEvent.objects.filter(summary=f"{case.reference}: request date corrected").get()
    assert audit.detail["from"] == "2026-03-02" and audit.detail["to"] == "2026-02-23"
    assert audit.actor == boss
    told = Notification.objects.filter(recipient=parent).order_by("-id").first()
    assert told.due_date == deadlines.final_plan(received=date(2026, 2, 23)).due


def test_a_caseworker_cannot_correct_the_request_date():
    case = case_at(Stage.CONSIDERING)
    with pytest.raises(PermissionDenied, match="Only a SEND manager"):
        revisions.correct_request_date(
            actor=case.caseworker, case_id=case.pk, received_on=date(2026, 2, 23), reason="x"
        )
    with pytest.raises(PermissionDenied):
        revisions.correct_request_date(
            actor=manager("883"), case_id=case.pk, received_on=date(2026, 2, 23), reason="x"
        )
    assert Case.objects.get(pk=case.pk).received_on == RECEIVED


@pytest.mark.parametrize(
    ("received_on", "reason", "message"),
    [
        (date(2026, 3, 5), "Typo", "on or before the date people were told"),
        (date(2026, 11, 23), "Typo", "today or in the past"),
        (RECEIVED, "Typo", "already recorded as received on 2 March 2026"),
        (date(2026, 2, 23), "  ", "Enter why the date is being corrected"),
    ],
)
def test_a_request_date_correction_that_cannot_be_right_is_refused(received_on, reason, message):
    case = case_at(Stage.CONSIDERING)
    events = case.events.count()
    with pytest.raises(DomainError, match=message):
        revisions.correct_request_date(
            actor=manager(), case_id=case.pk, received_on=received_on, reason=reason
        )
    case.refresh_from_db()
    assert case.received_on == RECEIVED and case.events.count() == events


def test_a_final_plan_issued_on_day_141_reads_week_21_never_week_20():
    """Reg 13(2): the final plan "within 20 weeks" of the request: day 140 is the last day in
    time, so a plan issued on day 141 (Tuesday 21 July 2026 for a request of 2 March) is late
    and in week 21."""
    case = case_at(Stage.DRAFT_SERVED)
    _issue(case, date(2026, 7, 21))
    issued = case.events.get(kind=CaseEvent.Kind.FINAL_ISSUED)
    assert issued.detail.startswith(
        f"Section I: {PLACEMENT_TYPE}. Issued in week 21 (after the 20-week time limit)."
    )
