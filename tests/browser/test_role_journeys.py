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

from ehcp.models import DecisionApproval, PanelAgendaItem, PanelMeeting
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
    """Follow a link (or a link styled as a button) and check the page it opens."""
    link = page.get_by_role("link", name=name, exact=exact)
    link.or_(page.get_by_role("button", name=name, exact=exact)).first.click()
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
def person(browser, live_server, demo_data, request, settings):
    """``person("senco")``: a signed-in demo person's page in a browser context of their own
    (``person(None)``: someone not signed in). Contexts close, with a screenshot of each open
    page when the test failed. The service is named as ``make demo`` names it."""
    settings.COUNCIL_NAME = demo.DEMO_OPERATOR
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


# ---- caseworker --------------------------------------------------------------------------------


def test_a_caseworker_issues_a_final_plan_schedules_its_review_and_decides_another(person):
    page = person("caseworker")
    click_link(page, "Caseload", "my cases", exact=True)
    click_link(page, "Alex Taylor", "Alex's case at consultation")
    # The family has said they have nothing more to add: the final plan need not wait.
    click_link(page, "Record the family's views", "family's views form")
    page.get_by_label("Views on the draft plan").fill(
        "Happy with the draft now section F is fixed."
    )
    page.get_by_label(re.compile("I have nothing more to say")).check()
    fill_date(page, "received_on", date.today())
    press(page, "Record views", "case after the family's views")
    click_link(page, "Record reply from", "record the school's reply")
    page.get_by_label("Can meet the child's needs").check()
    press(page, "Record reply", "case after the school's reply")
    click_link(page, "Decide whether to name", "naming decision")
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", date.today())
    press(page, "Record decision", "case with the school named")
    click_link(page, "Issue the final plan", "final plan form")
    fill_date(page, "issued_on", date.today())
    fill_date(page, "notice_sent_on", date.today())
    press(page, "Issue the final plan", "case with its final plan")
    assert "Final plan issued" in main_text(page)
    # After the plan: the first annual review goes in the council's list.
    click_link(
        page,
        "Reviews of the plan, re-assessment, stopping the plan or moving to another council",
        "after the plan",
    )
    click_link(page, "Schedule the next review", "schedule a review")
    press(page, "Schedule the review", "review scheduled")
    # Another review, whose school has sent its report, needs the council's decision.
    reported = Review.objects.filter(
        stage=Review.Stage.REPORTED, case__local_authority__la_code="881"
    ).first()
    page.goto("/")
    click_link(page, "Reviews of EHC plans", "reviews list")
    page.goto(f"/reviews/{reported.pk}/")
    check(page, "review with its report")
    click_link(page, "Record the council's decision", "review decision")
    assert "Proposed amendments" in main_text(page)  # and where to prepare them
    page.get_by_label("Keep the plan as it is").check()
    page.get_by_label("Reasons").fill("Progress is good; the plan still meets the needs.")
    fill_date(page, "decided_on", date.today())
    fill_date(page, "notice_sent_on", date.today())
    press(page, "Record the decision and send the letter", "review after the decision")
    reported.refresh_from_db()
    assert reported.stage == Review.Stage.COMPLETED


# ---- parent ------------------------------------------------------------------------------------


def _parent_signs_in(person):
    """The demo parent, signed in. (A family invited at intake creates its account first: that
    step belongs before this one.)"""
    return person("parent")


def test_a_parent_comments_asks_for_a_school_and_follows_the_reviews(person):
    page = _parent_signs_in(person)
    click_link(page, "Your child's case", "your cases", exact=True)
    click_link(page, "See the case for Alex Taylor", "Alex's case")
    assert "Does not apply" not in main_text(page)
    click_link(page, "Read the draft plan and comment on each section", "the draft plan")
    click_link(page, "Comment on this section (Section B", "comment on section B")
    page.get_by_label("Your comment").fill("Please add that Alex finds the dining hall too loud.")
    press(page, "Send your comment", "draft after the comment")
    page.goto("/my-cases/")
    click_link(page, "See the case for Alex Taylor", "Alex's case again")
    click_link(page, "Ask for a school or college", "ask for a school")
    # Schools are chosen from the settings directory, never typed as free text (issue 20).
    page.get_by_label("Search by name, town or postcode").fill("Great Baddow High School")
    press(page, "Search", "schools found in the directory")
    page.get_by_label("Great Baddow High School", exact=True).check()
    press(page, "Send your request", "case after asking for a school")
    assert "You asked for Great Baddow High School." in main_text(page)
    click_link(page, "All your rights, in plain English", "rights from the case page")
    # Reviews: the next review is open for views; the last one changed the plan.
    page.goto("/")
    click_link(page, "Reviews of the plan", "your reviews", exact=True)
    assert "Ruby Taylor" in main_text(page)
    click_link(page, "What happens next and your views for Ruby Taylor", "Ruby's open review")
    click_link(page, "Give your views for the review", "views for the review")
    page.get_by_label("What is going well?").fill("Ruby enjoys phonics group and reads at home.")
    page.get_by_label("What should change?").fill("A quieter place to eat lunch.")
    press(page, "Send your views", "review after sending views")
    assert "You sent your views" in main_text(page)
    click_link(page, "Back to your reviews", "your reviews again")
    click_link(page, "See the review for Ruby Taylor", "Ruby's finished review")
    click_link(page, "See what changed in the plan after the review", "the plan compared")
    assert "Ruby reads about a year below her age" in main_text(page)


# ---- partnership board -------------------------------------------------------------------------


def test_the_board_approves_the_next_plan_and_the_chair_submits_it(person):
    waiting = PlanVersion.objects.get(status=PlanVersion.Status.AWAITING_BOARD)
    member = person("board.member")
    click_link(member, "Local inclusion plans", "plans for the board member", exact=True)
    click_link(member, waiting.plan.title, "the plan and its versions")
    click_link(member, f"Version {waiting.number}", "version waiting for the board")
    click_link(member, "Record your decision", "board member's decision")
    member.get_by_label("Yes, I approve it").check()
    member.get_by_label("Comment").fill("The parent carer forum supports it.")
    press(member, "Record my decision", "plan with the member's approval")
    chair = person("board.chair")
    click_link(chair, "Local inclusion plans", "plans for the chair", exact=True)
    click_link(chair, waiting.plan.title, "the plan for the chair")
    click_link(chair, f"Version {waiting.number}", "version waiting for the chair")
    click_link(chair, "Record your decision", "chair's decision")
    chair.get_by_label("Yes, I approve it").check()
    press(chair, "Record my decision", "plan approved by the board")
    click_link(chair, "Submit to the DfE Regions Group", "submit to the Regions Group")
    press(chair, "Submit the plan", "plan submitted")
    waiting.refresh_from_db()
    assert waiting.status == PlanVersion.Status.SUBMITTED
    # Another partnership's chair publishes the plan the Regions Group signed off.
    southend = person("board.chair.southend")
    signed_off = PlanVersion.objects.get(status=PlanVersion.Status.SIGNED_OFF)
    click_link(southend, "Local inclusion plans", "Southend-on-Sea's plans", exact=True)
    click_link(southend, signed_off.plan.title, "Southend-on-Sea's plan")
    click_link(southend, "Version 1", "signed-off version")
    click_link(southend, "Publish the plan", "publish")
    press(southend, "Publish the plan", "published plan")


# ---- SEND manager ------------------------------------------------------------------------------


def test_a_send_manager_allocates_cases_and_approves_a_reserved_decision(person):
    page = person("manager")
    click_link(page, "All open cases", "the team's open cases")
    assert "My team's open cases" in page.locator("[aria-current=page]").first.inner_text()
    page.goto("/")
    click_link(page, "Your team's caseloads", "team caseloads")
    click_link(page, "Allocate the unallocated cases", "unallocated cases")
    page.locator("input[name=cases]").first.check()
    page.get_by_label("Move them to").select_option(label="Priya Shah")
    press(page, "Move the cases", "team after the move")
    assert "1 case moved to Priya Shah" in main_text(page)
    click_link(page, "Choose the decisions a SEND manager must approve", "reserved decisions")
    page.goto("/")
    click_link(page, "Decisions to approve", "approval queue")
    click_link(page, DecisionApproval.objects.get().case.child.full_name, "decision to approve")
    page.get_by_label("Approve: make this decision and send the letter").check()
    press(page, "Save", "queue after approving")
    assert "Decision approved and letter queued" in main_text(page)
    assert DecisionApproval.objects.get().status == DecisionApproval.Status.APPROVED


def test_a_panel_member_cannot_record_for_a_meeting_still_to_come(person):
    coming = PanelMeeting.objects.filter(meets_on__gt=date.today()).get()
    page = person("panel")
    click_link(page, "Multi-agency panels", "panels", exact=True)
    click_link(page, str(coming), "agenda of a meeting to come")
    assert "can be recorded once it has met" in main_text(page)
    assert page.get_by_role("link", name="Record recommendation").count() == 0
