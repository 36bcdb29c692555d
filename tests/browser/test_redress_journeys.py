"""Mediation and appeals in Chromium, with axe-core on every page visited.

1. A parent asks for a mediation certificate without mediating; the council records it and the
   parent sees the certificate and the appeal deadline.
2. Another parent mediates: the council arranges it, the mediator records the meeting, who took
   part, the agreement and issues the certificate; the parent sees what was agreed.
3. An appeal is registered, decided with a Tribunal order, and the council's compliance is
   tracked to completion.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from unittest import mock

import pytest

from ehcp import selectors
from ehcp.redress.models import MediationCase
from send_portal import reference_data
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.factories import PASSWORD
from tests.redress.helpers import TODAY, final_plan, mediator, not_assessed


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


@pytest.fixture
def data(transactional_db):
    reference_data.ensure()


@contextmanager
def letters_not_rendered():
    """The cases are set up through the workflow, whose decision letters (PDFs) these journeys
    never open: leave them queued rather than rendering each one."""
    with mock.patch("send_portal.tasks.render_document.delay"):
        yield


def check(page, context: str) -> None:
    assert_accessible(page, context=f"({context})")
    assert_no_console_errors(page)


def as_user(page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, user.email, PASSWORD)


def fill_date(page, legend: str, value: date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(value.day))
    group.get_by_label("Month").fill(str(value.month))
    group.get_by_label("Year").fill(str(value.year))


def submit(page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def action(page, name: str) -> None:
    """Follow one of the "What you can do" links (the first is styled as a button)."""
    page.locator(".app-actions a", has_text=name).click()
    page.wait_for_load_state()


def banner(page) -> str:
    return page.locator(".govuk-notification-banner").first.inner_text()


def test_a_parent_asks_for_a_certificate_without_mediating(page, data):
    with letters_not_rendered():
        fam = not_assessed()
    as_user(page, fam.parent)
    check(page, "parent's landing page")
    page.get_by_role("link", name="Mediation and appeals").click()
    assert page.locator("h1").inner_text() == "If you disagree with a decision"
    check(page, "mediation and appeals explained")

    page.goto(f"/my-cases/{fam.ref}/")
    page.get_by_role("link", name="Mediation, appeals and complaints: what you can do").click()
    main = page.inner_text("main")
    assert "Mediation: optional" in main and "You do not need a certificate" in main
    check(page, "the family's routes")

    page.get_by_role("button", name="Tell us you have contacted the mediation adviser").click()
    check(page, "contacted the adviser form")
    submit(page, "Send")
    assert "There is a problem" in page.inner_text(".govuk-error-summary")
    check(page, "contacted the adviser form with errors")
    page.get_by_label(
        "Not to carry out an EHC needs assessment (letter sent 19 October 2026)"
    ).check()
    fill_date(page, "When did you contact the mediation adviser?", date(2026, 11, 19))
    submit(page, "Send")
    assert "we have recorded that you contacted the mediation adviser" in banner(page)
    check(page, "routes after contacting the adviser")

    page.get_by_role("button", name="Tell us whether you want mediation").click()
    check(page, "do you want mediation")
    page.get_by_label("No, I do not want mediation: I want the certificate").check()
    submit(page, "Send")
    assert "Your mediation certificate must be issued by Wednesday 25 November 2026" in banner(page)
    check(page, "certificate due")

    as_user(page, fam.worker)
    page.goto(f"/cases/{fam.ref}/")
    page.get_by_role("link", name="Mediation and appeals for this case").click()
    check(page, "council's mediation and appeals")
    page.get_by_role("link", name="Open mediation").click()
    assert "Not mediating: certificate due" in page.inner_text("main")
    check(page, "council's mediation case")
    action(page, "Record the mediation certificate the adviser issued")
    check(page, "record the certificate")
    fill_date(page, "Date the certificate was issued", TODAY)
    submit(page, "Issue the certificate")
    assert "The appeal deadline is now 22 December 2026" in banner(page)
    check(page, "certificate recorded")

    as_user(page, fam.parent)
    page.goto(f"/my-cases/{fam.ref}/disagree/")
    main = page.inner_text("main")
    assert "Certificate issued" in main and "Tue 22 Dec 2026" in main
    check(page, "parent sees the certificate and the new appeal deadline")


def test_a_parent_mediates_and_reaches_agreement(page, data):
    with letters_not_rendered():
        fam = not_assessed()
    med = mediator()
    as_user(page, fam.parent)
    page.goto(f"/my-cases/{fam.ref}/disagree/")
    page.get_by_role("button", name="Tell us you have contacted the mediation adviser").click()
    page.get_by_label(
        "Not to carry out an EHC needs assessment (letter sent 19 October 2026)"
    ).check()
    fill_date(page, "When did you contact the mediation adviser?", date(2026, 11, 16))
    submit(page, "Send")
    page.get_by_role("button", name="Tell us whether you want mediation").click()
    page.get_by_label("Yes, I want to try mediation").check()
    page.get_by_label("The decision not to carry out an EHC needs assessment").check()
    submit(page, "Send")
    assert "it must take place by Tuesday 22 December 2026" in banner(page)
    check(page, "mediation wanted")

    as_user(page, fam.worker)
    page.goto("/mediation/")
    check(page, "council's mediation cases")
    page.get_by_role("link", name=fam.case.child.full_name).click()
    action(page, "Arrange the mediation")
    check(page, "arrange the mediation")
    page.get_by_label("Mediation adviser or mediator").select_option(label=med.display_name)
    fill_date(page, "Date of the mediation", TODAY)
    submit(page, "Arrange")
    assert "Mediation arranged" in banner(page)
    check(page, "mediation arranged")

    as_user(page, med)
    page.get_by_role("link", name="Your mediation cases").click()
    assert page.locator("h1").inner_text() == "Your mediation cases"
    check(page, "mediator's cases")
    page.get_by_role("link", name=fam.case.child.full_name).click()
    check(page, "mediator's case page")
    action(page, "Record a mediation meeting")
    check(page, "record a meeting")
    fill_date(page, "Date of the meeting", TODAY)
    page.get_by_label("Video call").check()
    submit(page, "Record meeting")
    action(page, "Add someone who took part")
    check(page, "add a participant")
    page.get_by_label("Name", exact=True).fill("Priya Shah, SEND caseworker")
    page.get_by_label("Council (education)").check()
    page.get_by_label("They had authority to resolve the issues for their organisation").check()
    submit(page, "Add")
    action(page, "Record the outcome")
    check(page, "record the outcome")
    page.get_by_label("Agreement reached on all the issues").check()
    fill_date(page, "Date the mediation ended", TODAY)
    submit(page, "Record outcome")
    action(page, "Record something agreed")
    check(page, "record an agreement")
    page.get_by_label("What was agreed?").fill("Educational psychologist to observe in class.")
    page.get_by_label("No: something else (for example a visit or a meeting)").check()
    submit(page, "Record")
    assert "Agreement recorded with its deadlines" in banner(page)
    action(page, "Issue the mediation certificate")
    check(page, "issue the certificate")
    fill_date(page, "Date the certificate was issued", TODAY)
    submit(page, "Issue the certificate")
    assert "Mediation certificate issued" in banner(page)
    main = page.inner_text("main")
    assert "Certificate issued" in main and "Educational psychologist to observe" in main
    check(page, "mediation finished")
    assert MediationCase.objects.get(decision=fam.decision).outcome == "agreed"

    as_user(page, fam.parent)
    page.goto(f"/my-cases/{fam.ref}/disagree/")
    main = page.inner_text("main")
    assert "What was agreed at mediation, and by when" in main
    assert "Sun 6 Dec 2026" in main  # 2 weeks from the agreement on 22 November
    check(page, "parent sees the agreement")


def test_an_appeal_is_decided_with_an_order_and_compliance_is_tracked_to_completion(page, data):
    with letters_not_rendered():
        plan = final_plan()
    as_user(page, plan.worker)
    page.get_by_role("link", name="Appeals and mediation").click()
    check(page, "appeals and compliance, empty")
    page.goto(f"/cases/{plan.ref}/mediation/")
    page.get_by_role("link", name="Record an appeal registered by the Tribunal").click()
    check(page, "register an appeal")
    page.get_by_label("Final EHC plan issued (letter sent 16 November 2026)").check()
    page.get_by_label("The school or college named, or the type of setting (section I)").check()
    fill_date(page, "Date the Tribunal registered the appeal", date(2026, 11, 17))
    page.get_by_label("Tribunal reference (optional)").fill("EH881/26/00123")
    submit(page, "Record the appeal")
    assert "Appeal EH881/26/00123" in page.locator("h1").inner_text()
    check(page, "appeal registered")

    action(page, "Set the hearing date")
    fill_date(page, "Date of the hearing", date(2026, 11, 20))
    submit(page, "Save")
    action(page, "Record the Tribunal's decision")
    check(page, "record the decision")
    page.get_by_label("Appeal allowed: decided in the family's favour").check()
    fill_date(page, "Date of the decision", date(2026, 11, 20))
    submit(page, "Record decision")
    action(page, "Record an order of the Tribunal")
    check(page, "record an order")
    page.get_by_label("Change only the school or college named in section I").check()
    submit(page, "Record order")
    main = page.inner_text("main")
    assert "Council must comply" in main and "Fri 4 Dec 2026" in main
    check(page, "order with its compliance step")

    page.goto("/appeals/")
    assert "Amended EHC plan issued naming the school or college (section I)" in page.inner_text(
        "main"
    )
    check(page, "appeals list with a step to do")
    page.get_by_role("link", name="Record as done").click()
    check(page, "record the step as done")
    fill_date(page, "Date it was done", TODAY)
    submit(page, "Record as done")
    main = page.inner_text("main")
    assert "Council has complied" in main and "Every step is done" in main
    check(page, "complied")
    page.goto("/appeals/")
    assert "Nothing to do" in page.inner_text("main")
    check(page, "appeals list, all done")
