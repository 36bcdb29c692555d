"""Every demo role walks its whole journey on a fresh demo, in Chromium, with axe-core (WCAG 2.2 A
and AA, and the ``region`` rule) on every page it sees (issue 20, "Done when").

Each test starts from the demo as ``seed_demo`` builds it (``demo_data``: built once per test
process, restored for each test), signs in as a demo login the way a person does (password, then
the authenticator code for staff) and follows links from the home page, as a person would, rather
than typing addresses. One browser serves every test (the session's ``browser``); each person
gets their own browser context.

The parent's journey starts from a signed-in parent: the invitation and account creation of a
new family are issue 20's intake part (another branch) and slot in at ``_parent_signs_in``.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from ehcp.models import PanelAgendaItem, PanelMeeting
from ehcp.reviews.models import Review
from partnerships.models import PlanVersion
from send_portal import demo
from standards.models import CatalogueVersion
from tests.browser.conftest import ARTIFACTS, assert_accessible, assert_no_console_errors, sign_in
from tests.browser.test_ehcp_journeys import demo_data, fill_date

__all__ = ["demo_data"]


def check(page, what: str) -> None:
    assert_accessible(page, context=f"({what})")
    assert_no_console_errors(page)


def click_link(page, name: str, what: str, *, exact: bool = False) -> None:
    page.get_by_role("link", name=name, exact=exact).first.click()
    page.wait_for_load_state()
    check(page, what)


def press(page, name: str, what: str | None = None) -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()
    if what:
        check(page, what)


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def main_text(page) -> str:
    return page.locator("main").inner_text()


@pytest.fixture
def person(browser, live_server, demo_data, request):
    """``person("senco")``: a signed-in demo person's page in a browser context of their own
    (``person(None)``: someone not signed in). Contexts close, with a screenshot of each open
    page when the test failed."""
    contexts = []

    def open_as(key: str | None):
        context = browser.new_context(
            base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.console_errors = []
        page.on(
            "console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
        if key:
            sign_in(page, f"{key}@{demo.DEMO_DOMAIN}", demo.DEMO_PASSWORD)
            assert heading(page) == "What you can do here", page.url
            check(page, f"home page of {key}")
        return page

    yield open_as
    failed = getattr(request.node, "rep_call", None)
    for number, context in enumerate(contexts):
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[-120:]
            for page in context.pages:
                try:
                    page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True)
                except Exception as exc:  # noqa: BLE001 - already failing; say why
                    print(f"No screenshot: {exc!r}")
        context.close()


# ---- public pages ------------------------------------------------------------------------------


def test_public_pages_someone_not_signed_in_reads(person):
    page = person(None)
    page.goto("/")
    check(page, "start page")
    click_link(page, "Timescales", "timescales calculator", exact=True)
    assert "Work out the legal deadlines" in heading(page)
    click_link(page, "Support to expect", "National Standards browser", exact=True)
    page.get_by_label("Social, emotional and mental health").check()
    press(page, "Show the support", "standards for a need")
    click_link(page, "Help", "help page", exact=True)
    click_link(page, "Your rights, in plain English", "rights")
    assert heading(page) == "Your rights"
    text = main_text(page)
    assert text.index("By when:") < text.index("The law:")
    click_link(page, "Your rights in easy read", "rights in easy read")
    click_link(page, "Read more about your rights", "rights again")
    page.goto("/local-inclusion-plans/")
    check(page, "published local inclusion plans")
    click_link(page, "Essex local inclusion plan 2025 to 2028", "a published plan")
    page.goto("/dashboards/")
    check(page, "dashboards index")
    page.get_by_label("Find your council's dashboard").select_option(label="Essex")
    press(page, "Show dashboard", "Essex's public dashboard")
    click_link(page, "Easy read version", "dashboard in easy read")


# ---- adviser -------------------------------------------------------------------------------------


def test_an_adviser_sends_structured_advice_and_keeps_its_receipt(person):
    page = person("ep")
    click_link(page, "Advice requests", "advice inbox", exact=True)
    click_link(page, "Isla Hughes", "advice request")
    click_link(page, "Add a need", "need form")
    page.get_by_label("Social, emotional and mental health").check()
    page.get_by_label("The need").fill("Very anxious at the start of the day and at transitions.")
    press(page, "Save", "advice with a need")
    click_link(page, "Add provision you recommend", "provision form")
    page.get_by_label("The provision you recommend").fill("ELSA sessions with a trained TA.")
    page.get_by_label("How often").fill("Weekly")
    page.get_by_label("How long each time").fill("30 minutes")
    press(page, "Save", "advice with provision")
    page.get_by_label("Your advice").fill("Seen twice in school and once at home.")
    press(page, "Send your advice")
    assert "Advice received by Essex" in heading(page)
    check(page, "receipt")
    receipt = main_text(page)
    assert re.search(r"ADV-\d{6}-[0-9A-F]{8}", receipt)
    assert "ELSA sessions" in receipt and "Isla Hughes" not in receipt
    click_link(page, "Back to advice you have sent", "sent advice")
    assert "After the due date" in main_text(page) or "ADV-" in main_text(page)
    click_link(page, "Back to advice requests", "inbox after sending")
    assert "Isla Hughes" not in main_text(page)


# ---- school SENCo ------------------------------------------------------------------------------


def test_a_senco_replies_to_a_consultation_and_sends_a_review_report(person):
    page = person("senco")
    click_link(page, "Consultations", "consultations", exact=True)
    waiting = page.locator("table", has_text="Waiting for your reply")
    assert "Alex Taylor" in waiting.inner_text()
    click_link(page, "Alex Taylor", "consultation")
    page.get_by_label("Can meet the child's needs").check()
    page.get_by_label("Your reasons").fill("We can deliver section F with our hearing unit.")
    press(page, "Send your reply", "consultations after replying")
    assert "Alex Taylor" not in page.locator("table", has_text="Waiting").inner_text()
    assert "Alex Taylor" in page.locator("table", has_text="You have replied").inner_text()

    held = Review.objects.filter(
        setting__role_assignments__user__email=f"senco@{demo.DEMO_DOMAIN}",
        stage=Review.Stage.HELD,
        meeting_held_on__isnull=False,
    ).first()
    page.goto("/")
    click_link(page, "Reviews your setting holds", "reviews the school holds")
    click_link(page, held.case.child.full_name, "a review held, waiting for its report")
    click_link(page, "Send the report of the meeting", "report form")
    fill_date(page, "sent_on", date.today())
    page.get_by_label("Progress towards the outcomes in section E").fill(
        "Settles well in the mornings; reading is about a year behind."
    )
    page.get_by_label("Keep the plan as it is").check()
    press(page, "Send the report", "review after the report")
    assert "Report received" in main_text(page)


# ---- multi-agency panel ------------------------------------------------------------------------


def test_a_panel_member_records_the_recommendation_of_a_meeting_held(person):
    held = (
        PanelMeeting.objects.filter(
            items__recommendation="",
            meets_on__lte=date.today(),
            members__email__startswith="panel@",
        )
        .distinct()
        .get()
    )
    item = held.items.get(recommendation="")
    page = person("panel")
    click_link(page, "Multi-agency panels", "panels", exact=True)
    click_link(page, str(held), "agenda of a meeting held")
    click_link(page, "Record recommendation", "recommendation form")
    offered = page.locator("fieldset").first.inner_text()
    assert "Issue a plan" in offered and "Assess" not in offered.replace("assessment", "")
    page.get_by_label("Issue a plan", exact=True).check()
    page.get_by_label("The panel's reasons").fill("Needs beyond what SEN Support can provide.")
    press(page, "Record recommendation", "agenda after the recommendation")
    item.refresh_from_db()
    assert item.recommendation == PanelAgendaItem.Recommendation.ISSUE


# ---- DfE Regions Group -------------------------------------------------------------------------


def test_the_regions_group_agrees_and_signs_off_a_submitted_plan(person):
    submitted = PlanVersion.objects.get(status=PlanVersion.Status.SUBMITTED)
    page = person("regions.officer")
    click_link(page, "Local inclusion plans in your region", "plans in the region")
    click_link(page, f"{submitted.plan.title}, version {submitted.number}", "submitted plan")
    click_link(page, "Agree the plan", "agree form")
    page.get_by_label("Why are you agreeing the plan?").fill(
        "It rests on a joint needs assessment and families shaped it."
    )
    press(page, "Agree the plan", "agreed plan")
    click_link(page, "Quality assure and sign off", "choose the standards version")
    published = CatalogueVersion.objects.filter(status="published").order_by("-number").first()
    page.get_by_label(f"Version {published.number} (published)").check()
    press(page, "Continue", "sign-off checklist")
    for entry in published.entries.all():
        if entry.tier == "specialist":
            page.locator(f"#id_outcome_{entry.pk}_1").check()
            page.locator(f"#id_note_{entry.pk}").fill("Set out in individual EHC plans")
        else:
            page.locator(f"#id_outcome_{entry.pk}_0").check()
    page.get_by_label("Reasons for signing off the plan").fill(
        "Every relevant standard is met; commitments name their commissioners."
    )
    press(page, "Continue", "check answers before signing off")
    press(page, "Sign off the plan", "signed-off plan")
    submitted.refresh_from_db()
    assert submitted.status == PlanVersion.Status.SIGNED_OFF
