"""The corrected statutory dates in the browser (issue 17), every page checked with axe-core.

A SEND manager corrects a wrongly entered request date, the caseworker sends a revised draft,
and the parent then sees the corrected dates, each with its legal basis: the 20 weeks from the
corrected day (reg 13(2)) and 15 days again from the revised draft (reg 13(1)(a)). The public
calculator works out the dates after a plan with their bases.

Dates are relative to today: the services refuse future dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from ehcp import deadlines
from ehcp.models import Plan, Stage
from ehcp.services import plans
from send_portal.models import Role
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.ehcp.factories import ChildFactory, case_at, parent_of
from tests.factories import PASSWORD, UserFactory, la, person_with_role


def _check(page, what: str) -> None:
    assert_accessible(page, context=f"({what})")
    assert_no_console_errors(page)


def _fill_date(page, name: str, value: date) -> None:
    page.fill(f"#id_{name}_0", str(value.day))
    page.fill(f"#id_{name}_1", str(value.month))
    page.fill(f"#id_{name}_2", str(value.year))


def _long(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def test_a_corrected_request_date_and_a_revised_draft_reach_the_family_with_their_bases(
    browser, live_server, transactional_db
):
    today = date.today()
    received = today - timedelta(days=100)
    corrected = received - timedelta(days=7)
    child = ChildFactory(first_name="Sam")
    parent = parent_of(child, UserFactory(email="parent@example.org"))
    worker = person_with_role(Role.CASEWORKER, la("881"), email="worker@example.org")
    case = case_at(Stage.DRAFT_SERVED, child=child, received_on=received, actor=worker)
    sent = case.plans.get(status=Plan.Status.DRAFT)
    plans.start_revised_draft(actor=case.caseworker, plan_id=sent.pk)
    manager = person_with_role(Role.SEND_MANAGER, la("881"), email="manager@example.org")

    # The SEND manager corrects the date: a wrong date first (a GOV.UK error), then the right one.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    sign_in(page, manager.email, PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Correct the date the request was received").click()
    page.wait_for_load_state()
    assert "The dates now, from" in page.inner_text("main")
    _check(page, "request date correction")
    _fill_date(page, "received_on", today + timedelta(days=3))
    page.get_by_label("Why is the date being corrected?").fill("Logged a week late.")
    page.get_by_role("button", name="Correct the date").click()
    page.wait_for_load_state()
    assert "today or in the past" in page.locator(".govuk-error-summary").inner_text()
    _check(page, "request date correction with an error")
    _fill_date(page, "received_on", corrected)
    page.get_by_role("button", name="Correct the date").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/cases/{case.reference}/")
    assert "Date the request was received corrected from" in page.inner_text("main")
    _check(page, "case page after the correction")
    context.close()

    # The caseworker sends the revised draft today.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    sign_in(page, worker.email, PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Send the revised draft plan (version 2)").click()
    page.wait_for_load_state()
    _check(page, "send the revised draft")
    _fill_date(page, "on", today)
    page.get_by_role("button", name="Record the revised draft as sent").click()
    page.wait_for_load_state()
    assert "Revised draft EHC plan sent (version 2)" in page.inner_text("main")
    _check(page, "case page after the revised draft")
    context.close()

    # The parent sees the corrected dates, each with its basis.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.console_errors = []
    sign_in(page, parent.email, PASSWORD)
    page.goto(f"/my-cases/{case.reference}/")
    main = page.inner_text("main")
    window = deadlines.revised_representations_close(revised_draft_served=today)
    final = deadlines.final_plan(received=corrected)
    assert _long(window.due) in main
    assert "counted again from the day the revised draft was served" in main
    assert corrected.strftime("%-d %B %Y") in main
    table = page.locator("table.govuk-table").first.inner_text()
    assert final.due.strftime("%a %-d %b %Y") in table and "reg 13(2)" in table
    _check(page, "the family's case page")
    context.close()


def test_the_calculator_gives_the_dates_after_a_plan_with_their_bases(page):
    page.goto("/timescales/")
    plan_issued = page.get_by_role("group", name="When was the EHC plan first issued?")
    plan_issued.get_by_label("Day").fill("1")
    plan_issued.get_by_label("Month").fill("3")
    plan_issued.get_by_label("Year").fill("2027")
    order = page.get_by_role("group", name="When did the SEND Tribunal make its order?")
    order.get_by_label("Day").fill("24")
    order.get_by_label("Month").fill("12")
    order.get_by_label("Year").fill("2026")
    page.get_by_label("Continue to maintain the EHC plan").check()
    page.get_by_role("button", name="Work out the deadlines").click()
    table = page.locator("table.govuk-table").inner_text()
    assert "Tuesday 29 February 2028" in table and "s44(1)" in table
    assert "Thursday 24 December 2026" in table and "reg 44(2)(d)" in table
    assert "not law until Parliament passes it" in page.inner_text("main")
    assert_accessible(page, context="(dates after a plan)")
    order.get_by_label("Month").fill("2")
    order.get_by_label("Day").fill("30")
    page.get_by_role("button", name="Work out the deadlines").click()
    assert "real date" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(an impossible order date)")
