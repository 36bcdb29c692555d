"""The pages that put the statutory clock right: the SEND manager's correction of the request
date and sending a revised draft. Who may use them (the permission table has every role on one
case; here also a manager whose role ended and one of a deactivated council), what they show
(each date with its basis), and bad input (a GOV.UK error, nothing changed)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.models import Case, Plan, Stage
from ehcp.services import plans
from send_portal.models import Organisation, RoleAssignment
from tests.ehcp.factories import ChildFactory, case_at, manager, parent_of
from tests.ehcp.view_helpers import (
    date_data,
    error_summary,
    fresh,
    nothing_changes,
    page_text,
    url,
)

pytestmark = pytest.mark.django_db


def test_the_correction_page_shows_the_dates_now_with_their_basis_and_corrects_them(client):
    case = case_at(Stage.CONSIDERING)  # received Monday 2 March 2026
    client.force_login(manager())
    page = page_text(client.get(url("case-correct-request-date", case.reference)))
    assert "The dates now, from 2 March 2026" in page
    assert "Monday 13 April 2026" in page and "SEND Regulations 2014 reg 5(1)" in page
    response = client.post(
        url("case-correct-request-date", case.reference),
        {**date_data("received_on", date(2026, 2, 23)), "reason": "Logged a week late."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.received_on == date(2026, 2, 23)
    detail = page_text(client.get(url("case-detail", case.reference)))
    assert "Date the request was received corrected from 2 March 2026 to 23 February 2026" in (
        detail
    )
    assert "6 April 2026" in detail


def test_a_correction_to_a_future_or_impossible_date_is_a_govuk_error_and_changes_nothing(client):
    case = case_at(Stage.CONSIDERING)
    client.force_login(manager())
    with nothing_changes(case):
        future = client.post(
            url("case-correct-request-date", case.reference),
            {**date_data("received_on", date(2099, 1, 1)), "reason": "Typo"},
        )
        impossible = client.post(
            url("case-correct-request-date", case.reference),
            {**date_data("received_on", raw=(30, 2, 2026)), "reason": "Typo"},
        )
    assert future.status_code == impossible.status_code == 200
    assert error_summary(future) and error_summary(impossible)
    assert Case.objects.get(pk=case.pk).received_on == date(2026, 3, 2)


def test_a_manager_whose_role_ended_or_whose_council_is_deactivated_cannot_correct_the_date(
    client,
):
    case = case_at(Stage.CONSIDERING)
    ended = manager()
    RoleAssignment.objects.filter(user=ended).update(is_active=False)
    client.force_login(fresh(ended))
    with nothing_changes(case):
        response = client.post(
            url("case-correct-request-date", case.reference),
            {**date_data("received_on", date(2026, 2, 23)), "reason": "x"},
        )
    assert response.status_code == 404
    closed = manager()
    Organisation.objects.filter(pk=case.local_authority_id).update(is_active=False)
    client.force_login(fresh(closed))
    with nothing_changes(case):
        response = client.post(
            url("case-correct-request-date", case.reference),
            {**date_data("received_on", date(2026, 2, 23)), "reason": "x"},
        )
    # A deactivated organisation grants nothing (security review finding 7): its staff no
    # longer see the case at all, so it is out of scope (404), not merely forbidden.
    assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).received_on == date(2026, 3, 2)


def test_a_deactivated_councils_caseworker_cannot_send_a_revised_draft(client):
    case = case_at(Stage.DRAFT_SERVED)
    sent = case.plans.get(status=Plan.Status.DRAFT)
    plans.start_revised_draft(actor=case.caseworker, plan_id=sent.pk)
    Organisation.objects.filter(pk=case.local_authority_id).update(is_active=False)
    client.force_login(case.caseworker)
    with nothing_changes(case):
        page = client.get(url("case-serve-revised-draft", case.reference))
        posted = client.post(
            url("case-serve-revised-draft", case.reference), date_data("on", date(2026, 6, 1))
        )
    # A deactivated organisation grants nothing (security review finding 7): out of scope, 404.
    assert page.status_code == posted.status_code == 404
    assert Case.objects.get(pk=case.pk).revised_draft_served_on is None


def test_sending_a_revised_draft_shows_the_family_their_new_15_days_with_the_basis(client):
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFT_SERVED, child=child)  # draft served Monday 25 May 2026
    sent = case.plans.get(status=Plan.Status.DRAFT)
    plans.start_revised_draft(actor=case.caseworker, plan_id=sent.pk)
    client.force_login(case.caseworker)
    detail = page_text(client.get(url("case-detail", case.reference)))
    assert "Send the revised draft plan (version 2)" in detail
    response = client.post(
        url("case-serve-revised-draft", case.reference), date_data("on", date(2026, 6, 1))
    )
    assert response.status_code == 302
    client.force_login(parent)
    family = page_text(client.get(url("family-case", case.reference)))
    assert "15 June 2026" in family
    assert "counted again from the day the revised draft was served" in family


def test_a_revised_draft_dated_before_the_first_draft_is_refused_on_the_form(client):
    case = case_at(Stage.DRAFT_SERVED)
    sent = case.plans.get(status=Plan.Status.DRAFT)
    plans.start_revised_draft(actor=case.caseworker, plan_id=sent.pk)
    client.force_login(case.caseworker)
    with nothing_changes(case):
        response = client.post(
            url("case-serve-revised-draft", case.reference), date_data("on", date(2026, 5, 20))
        )
    assert error_summary(response) == [
        "The date the revised draft was sent must be on or after the date the last draft was "
        "sent (25 May 2026)"
    ]


def test_the_appeal_date_in_the_familys_letters_list_comes_with_its_legal_basis(client):
    """Every date shown to a family has its basis: the letters list gives the appeal deadline
    with Tribunal rule r20(1)(c) (and any rule that moved it)."""
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.NOT_ASSESSED, child=child)
    decision = case.decisions.get()
    client.force_login(parent)
    text = page_text(client.get(url("family-case", case.reference)))
    letters = text[text.index("Letters") :]
    assert (
        f"you can appeal until {decision.appeal_deadline:%-d %B %Y} (the law: "
        f"{decision.appeal_deadline_basis})"
    ) in letters
    assert "r20(1)(c)" in decision.appeal_deadline_basis
