"""Reviews in the browser, as the caseworker, the SENCo and the parent, every page checked with
axe-core: a full annual review ending in an amended plan, a phase transfer from the cohort page
to the amended plan naming the secondary school, and the other steps after the plan
(re-assessment, stopping the plan, moving to another council).

The demo (``demo_data``) gives the logins. Each journey's child has a final plan issued about 95
days ago (made through the workflow services), at the demo SENCo's school, with the demo parent
linked. Dates typed into the pages are relative to today, in the order the law allows.
"""

from __future__ import annotations

from datetime import date, timedelta

from ehcp.models import ChildRelationship, Stage
from ehcp.reviews.models import PhaseTransfer, Review
from ehcp.services import management, workflow
from send_portal import demo
from send_portal.models import Organisation, Role, User
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_ehcp_journeys import check, demo_data, fill_date, follow, submit
from tests.ehcp.factories import ChildFactory, case_at

__all__ = ["demo_data"]


def _demo_user(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.DEMO_DOMAIN}")


def _school() -> Organisation:
    return Organisation.objects.get(
        role_assignments__role=Role.SENCO, role_assignments__user=_demo_user("senco")
    )


def _issued_case(first: str, last: str, *, date_of_birth: date):
    """A final plan issued ~95 days ago naming the demo SENCo's school, the demo parent linked."""
    worker = _demo_user("caseworker")
    school = _school()
    child = ChildFactory(
        first_name=first,
        last_name=last,
        date_of_birth=date_of_birth,
        local_authority=school.local_authority,
        current_setting=school,
    )
    workflow.link_family_member(
        actor=worker, child=child, user=_demo_user("parent"), kind=ChildRelationship.Kind.PARENT
    )
    return case_at(
        Stage.FINAL_ISSUED,
        child=child,
        actor=worker,
        received_on=date.today() - timedelta(days=200),
        setting=school,
    )


def _open(browser, live_server, key: str):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    sign_in(page, f"{key}@{demo.DEMO_DOMAIN}", demo.DEMO_PASSWORD)
    return page


def _senco_holds_the_meeting(senco, review: Review, today: date, *, parent=None) -> None:
    """The SENCo arranges the meeting (after one refused short notice), sends the advice,
    records the meeting (the parent giving views in between) and sends the report."""
    senco.goto("/school/reviews/")
    check(senco, "SENCo: reviews my school holds")
    senco.goto(f"/reviews/{review.pk}/")
    check(senco, "SENCo: review page")
    follow(senco, "Arrange the review meeting", "SENCo: arrange the meeting")
    fill_date(senco, "meeting_on", today - timedelta(days=40))
    fill_date(senco, "invitations_sent_on", today - timedelta(days=45))
    submit(senco, "Save the meeting")
    assert (
        "at least 2 weeks before the meeting" in senco.locator(".govuk-error-summary").inner_text()
    )
    check(senco, "SENCo: short notice refused")
    fill_date(senco, "invitations_sent_on", today - timedelta(days=60))
    senco.get_by_label("Where (optional)").fill("Room 4")
    submit(senco, "Save the meeting")
    check(senco, "SENCo: meeting arranged")
    follow(senco, "Record that the advice was sent", "SENCo: advice form")
    fill_date(senco, "on", today - timedelta(days=60))
    submit(senco, "Record the advice as sent")
    if parent is not None:
        parent()
    follow(senco, "Record that the meeting was held", "SENCo: meeting held form")
    fill_date(senco, "on", today - timedelta(days=40))
    submit(senco, "Record the meeting")
    follow(senco, "Send the report of the meeting", "SENCo: report form")
    fill_date(senco, "sent_on", today - timedelta(days=35))
    submit(senco, "Send the report")
    assert "Describe the progress" in senco.locator(".govuk-error-summary").inner_text()
    check(senco, "SENCo: report with an error")
    senco.get_by_label("Progress towards the outcomes in section E").fill(
        "Follows two-step instructions; reading is about a year behind."
    )
    senco.get_by_label("Change (amend) the plan").check()
    senco.get_by_label("Changes to the plan you recommend").fill("Add daily reading support.")
    submit(senco, "Send the report")
    check(senco, "SENCo: review after the report")
    assert "Report received" in senco.locator("main").inner_text()


def _caseworker_amends(page, review: Review, today: date, *, next_setting: bool) -> str:
    page.goto(f"/reviews/{review.pk}/")
    check(page, "caseworker: review with the report")
    submit(page, "Prepare proposed amendments")
    check(page, "caseworker: proposed amendments version")
    follow(page, "Add a need to section B", "caseworker: need form on the proposed version")
    page.get_by_label("Cognition and learning").check()
    page.get_by_label("The need").fill("Reading is about a year behind; decoding is slow.")
    submit(page, "Save")
    check(page, "caseworker: proposed version with the new need")
    page.goto(f"/reviews/{review.pk}/")
    named = ""
    if next_setting:
        follow(page, "Name the next school or college (section I)", "caseworker: section I form")
        select = page.get_by_label("Next school or college")
        select.select_option(index=1)
        named = select.locator("option:checked").inner_text().strip()
        submit(page, "Save section I")
    follow(page, "Record the council's decision", "caseworker: decision form")
    page.get_by_label("Change (amend) the plan").check()
    fill_date(page, "decided_on", today - timedelta(days=20))
    fill_date(page, "notice_sent_on", today - timedelta(days=20))
    submit(page, "Record the decision and send the letter")
    check(page, "caseworker: review while amending")
    assert "Amending the plan" in page.locator("main").inner_text()
    follow(page, "Issue the amended plan", "caseworker: issue form")
    fill_date(page, "issued_on", today)
    fill_date(page, "notice_sent_on", today)
    submit(page, "Issue the amended plan")
    check(page, "caseworker: review finished")
    text = page.locator("main").inner_text()
    assert "Review finished" in text and "Amended final" in text or "amended final" in text
    return named


def test_an_annual_review_ends_with_an_amended_plan(page, browser, live_server, demo_data):
    today = date.today()
    case = _issued_case("Zara", "Quinn", date_of_birth=date(today.year - 9, 3, 3))
    ref = case.reference

    # The caseworker schedules the review from the case.
    sign_in(page, _demo_user("caseworker").email, demo.DEMO_PASSWORD)
    page.goto(f"/cases/{ref}/")
    follow(
        page,
        "Reviews of the plan, re-assessment, stopping the plan or moving to another council",
        "caseworker: after the plan",
    )
    follow(page, "Schedule the next review", "caseworker: schedule form")
    submit(page, "Schedule the review")
    check(page, "caseworker: review scheduled")
    review = Review.objects.get(case=case)
    page.goto("/reviews/")
    check(page, "caseworker: review list")
    assert "Zara Quinn" in page.locator("main").inner_text()

    parent = _open(browser, live_server, "parent")

    def parent_gives_views():
        parent.goto("/my-cases/")
        follow(parent, "See the case for Zara Quinn", "parent: case")
        follow(parent, "Annual review: what happens next and your views", "parent: review")
        text = parent.locator("main").inner_text()
        assert "What happens next" in text and "reg 20" in text
        follow(parent, "Give your views for the review", "parent: views form")
        submit(parent, "Send your views")
        assert "Tell us what is going well" in parent.locator(".govuk-error-summary").inner_text()
        check(parent, "parent: views with an error")
        parent.get_by_label("What is going well?").fill("Zara loves art club.")
        parent.get_by_label("What should change?").fill("More help with reading.")
        submit(parent, "Send your views")
        check(parent, "parent: review after giving views")
        assert "You sent your views" in parent.locator("main").inner_text()

    senco = _open(browser, live_server, "senco")
    _senco_holds_the_meeting(senco, review, today, parent=parent_gives_views)

    _caseworker_amends(page, review, today, next_setting=False)
    review.refresh_from_db()
    assert review.stage == Review.Stage.COMPLETED and review.amended_plan.issued_on == today

    parent.goto(f"/my-reviews/{review.pk}/")
    check(parent, "parent: finished review")
    text = parent.locator("main").inner_text()
    assert "The review is finished" in text
    parent.goto(f"/my-cases/{ref}/")
    check(parent, "parent: case after the amended plan")


def test_a_phase_transfer_from_the_cohort_to_the_plan_naming_the_next_school(
    page, browser, live_server, demo_data
):
    today = date.today()
    year = today.year + (1 if today.month >= 9 else 0)
    case = _issued_case("Yusuf", "Rahman", date_of_birth=date(year - 12, 11, 1))

    sign_in(page, _demo_user("caseworker").email, demo.DEMO_PASSWORD)
    page.goto("/reviews/phase-transfers/")
    check(page, "caseworker: cohort")
    page.get_by_role("button", name=f"Add Essex's children moving in {year}").click()
    page.wait_for_load_state()
    check(page, "caseworker: cohort after adding")
    assert PhaseTransfer.objects.filter(case=case, transfer_year=year).exists()
    page.get_by_label("Child's name or case reference").fill("Rahman")
    submit(page, "Apply")
    check(page, "caseworker: cohort filtered")
    assert "1 of 1 transfer" in page.locator("main").inner_text()
    page.get_by_role("button", name="Schedule review for Yusuf Rahman").click()
    page.wait_for_load_state()
    check(page, "caseworker: phase transfer review")
    review = Review.objects.get(case=case)
    assert review.kind == Review.Kind.PHASE_TRANSFER

    parent = _open(browser, live_server, "parent")
    parent.goto(f"/my-reviews/{review.pk}/")
    check(parent, "parent: phase transfer review")
    assert "Phase transfer review" in parent.locator("main").inner_text()

    senco = _open(browser, live_server, "senco")
    _senco_holds_the_meeting(senco, review, today)

    named = _caseworker_amends(page, review, today, next_setting=True)
    transfer = PhaseTransfer.objects.get(case=case, transfer_year=year)
    assert transfer.named_on == today and transfer.next_setting.name == named

    page.goto(f"/reviews/phase-transfers/?year={year}&q=Rahman&risk=done")
    check(page, "caseworker: cohort with the transfer done")
    assert "1 of" in page.locator("main").inner_text()

    parent.goto(f"/my-reviews/{review.pk}/")
    check(parent, "parent: phase transfer finished")
    text = parent.locator("main").inner_text()
    assert "Amended EHC plan issued" in text and "appeal" in text.lower()


def test_reassessment_stopping_and_moving_pages(page, browser, live_server, demo_data):
    today = date.today()
    case = _issued_case("Xander", "Price", date_of_birth=date(today.year - 10, 2, 2))
    ref = case.reference
    sign_in(page, _demo_user("caseworker").email, demo.DEMO_PASSWORD)
    page.goto(f"/cases/{ref}/after-plan/")
    check(page, "after the plan")

    follow(page, "Record a request for a re-assessment", "re-assessment request form")
    page.get_by_label("The parent or young person").check()
    fill_date(page, "requested_on", today - timedelta(days=3))
    page.get_by_label("Reasons for the request").fill("New diagnosis of dyslexia.")
    submit(page, "Record the request")
    follow(page, "Decide", "re-assessment decision form", exact=True)
    page.get_by_label("No").check()
    fill_date(page, "decided_on", today)
    fill_date(page, "notice_sent_on", today)
    submit(page, "Record the decision and send the letter")
    assert "Give the reasons" in page.locator(".govuk-error-summary").inner_text()
    check(page, "re-assessment decision with an error")
    page.get_by_label("Reasons").fill("The annual review is due next month.")
    submit(page, "Record the decision and send the letter")
    check(page, "after refusing a re-assessment")
    assert "Not to carry out a re-assessment" in page.locator("main").inner_text()

    follow(page, "Record a move between post-16 institutions", "post-16 move form")
    submit(page, "Record the move")
    assert "Enter the date of the move" in page.locator(".govuk-error-summary").inner_text()
    check(page, "post-16 move form with an error")
    fill_date(page, "transfer_date", today + timedelta(days=200))
    page.get_by_label("Moving to").fill("Another college")
    submit(page, "Record the move")
    check(page, "after recording a post-16 move")
    assert "Post-16 to Another college" in page.locator("main").inner_text()

    # The demo's Essex reserves the decision to stop a plan to its SEND managers (issue 20; the
    # manager's approval has its own journey in test_role_journeys.py): this journey is about
    # the caseworker's own pages, so the council here reserves nothing.
    management.set_reserved_decisions(
        actor=_demo_user("manager"), local_authority_id=case.local_authority_id, kinds=()
    )
    follow(page, "Propose to stop maintaining the plan", "cease proposal form")
    page.get_by_label("The plan is no longer necessary (s45(1)(b))").check()
    page.get_by_label("Explain why").fill("All outcomes achieved.")
    fill_date(page, "consulted_on", today - timedelta(days=2))
    submit(page, "Send the consultation letter")
    follow(page, "Decide", "cease decision form", exact=True)
    page.get_by_label("Yes").check()
    page.get_by_label("Reasons").fill("Outcomes achieved; SEN support meets the needs.")
    fill_date(page, "decided_on", today)
    fill_date(page, "notice_sent_on", today)
    submit(page, "Record the decision and send the letter")
    check(page, "after deciding to stop")
    follow(page, "stop the plan", "cease confirm form")
    fill_date(page, "on", today)
    submit(page, "Stop the plan")
    assert "The family can appeal until" in page.locator(".govuk-error-summary").inner_text()
    check(page, "cease refused inside the appeal window")
    page.goto(f"/cases/{ref}/after-plan/")
    follow(page, "Record an appeal", "cease appeal form")

    page.goto(f"/cases/{ref}/after-plan/")
    follow(page, "Transfer the plan to a new council", "move form")
    thurrock_council = Organisation.objects.get(
        kind=Organisation.Kind.LOCAL_AUTHORITY, la_code="883"
    )
    page.get_by_label("New council").select_option(value=str(thurrock_council.pk))
    for name, days in [("moved_on", 10), ("old_council_aware_on", 8), ("transferred_on", 5)]:
        fill_date(page, name, today - timedelta(days=days))
    submit(page, "Transfer the plan")
    check(page, "review list after the move")
    response = page.goto(f"/cases/{ref}/after-plan/")
    assert response.status == 404
    assert_accessible(page, context="(old council: case no longer found)")
    page.console_errors.clear()  # the browser logs the 404 itself

    thurrock = _open(browser, live_server, "caseworker.thurrock")
    thurrock.goto(f"/cases/{ref}/after-plan/")
    check(thurrock, "new council: after the plan")
    follow(thurrock, "Decide whether to assess", "new council: decide after the move")
