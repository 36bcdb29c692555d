"""The standard EHC plan in the browser: a caseworker writes the draft from the structured advice
of the demo's educational psychologist, sees the quality checks and sends it; the parent reads
it, comments on a section and asks for a school; the caseworker issues the final plan; both
download the PDF, and the parent sees what changed. Every page passes axe-core.

The case is the demo's Ava Ahmed, whose plan the council decided to issue a week ago. Steps
recorded "today" fall after the decision, and the parent saying they have nothing more to add
lets the final plan be issued today (SEND Regulations 2014 reg 13(1)).
"""

from __future__ import annotations

import re
from datetime import date

from ehcp.models import Case, Child, ChildRelationship, Plan, PlanComment, Stage
from ehcp.services import workflow
from send_portal import demo
from send_portal.models import Organisation, Role, User
from tests.browser.conftest import sign_in
from tests.browser.test_ehcp_journeys import check, demo_data, fill_date, follow, submit

__all__ = ["demo_data"]  # the fixture, shared with the assessment journey


def _demo_user(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.DEMO_DOMAIN}")


def _pdf(page, href: str) -> bytes:
    response = page.request.get(href)
    assert response.status == 200, href
    assert response.headers["content-type"] == "application/pdf", response.headers
    body = response.body()
    assert body.startswith(b"%PDF")
    return body


def test_a_plan_is_drafted_from_advice_commented_on_issued_and_downloaded(
    page, browser, live_server, demo_data
):
    today = date.today()
    worker = _demo_user("caseworker")
    parent = _demo_user("parent")
    case = Case.objects.get(child__first_name="Ava", child__last_name="Ahmed")
    assert case.stage == Stage.DRAFTING
    ref = case.reference
    school = Organisation.objects.get(
        role_assignments__role=Role.SENCO, role_assignments__user=_demo_user("senco")
    )
    # There is no page for linking a family account: the council links the demo parent.
    workflow.link_family_member(
        actor=worker,
        child=Child.objects.get(pk=case.child_id),
        user=parent,
        kind=ChildRelationship.Kind.PARENT,
    )

    # The caseworker starts the draft and takes the EP's advice into sections B, E and F.
    sign_in(page, worker.email, demo.DEMO_PASSWORD)
    page.goto(f"/cases/{ref}/")
    check(page, "case page at drafting")
    follow(page, "Write the draft plan", "plan versions before the draft")
    submit(page, "Start writing the draft plan")
    assert page.url.endswith(f"/cases/{ref}/plan/1/"), page.url
    check(page, "empty draft with checks and advice")
    main = page.locator("main")
    assert "Section B: No special educational needs are recorded yet." in main.inner_text()
    advice = page.locator("#advice")
    assert "Psychological advice" in advice.inner_text()
    for target in ["section B"] * 2 + ["section E", "section F", "section F"]:
        advice.get_by_role("button", name=re.compile(f"^Add to {target}")).first.click()
        page.wait_for_load_state()
    check(page, "draft after taking in the advice")
    text = main.inner_text()
    assert "B1" in text and "E1" in text and "F2" in text
    assert "Added to the draft as F2" in text
    assert "Section B: No special educational needs" not in page.locator("#quality").inner_text()
    follow(page, "Add a need to section B", "need form")
    page.get_by_label("Cognition and learning").check()
    page.get_by_label("The need").fill("Reading is about 18 months behind; decoding is slow.")
    submit(page, "Save")
    assert "B2 saved" in page.locator("main").inner_text()  # cognition comes before SEMH
    check(page, "draft after adding a need")
    quality = page.locator("#quality").inner_text()
    assert "B2 has no provision in section F" in quality
    follow(page, "Send the draft plan", "send draft form")
    fill_date(page, "on", today)
    submit(page, "Record the draft as sent")
    check(page, "case page after sending the draft")
    draft = case.plans.get(version=1)
    assert draft.served_on == today and draft.document is not None

    # The parent, in their own browser: reads the draft, comments on section F, asks for a school.
    family = browser.new_context(base_url=live_server.url, locale="en-GB")
    family.set_default_timeout(15_000)
    home = family.new_page()
    home.console_errors = []
    home.on("console", lambda m: home.console_errors.append(m.text) if m.type == "error" else None)
    sign_in(home, parent.email, demo.DEMO_PASSWORD)
    home.goto("/my-cases/")
    check(home, "family: my cases")
    follow(home, "See the case for Ava Ahmed", "family: case with the draft")
    follow(home, "Read the draft plan and comment on each section", "family: the draft plan")
    assert "Change" not in home.locator("#section-F").inner_text()
    follow(
        home,
        "Comment on this section (Section F: Special educational provision)",
        "family: comment on section F",
    )
    submit(home, "Send your comment")
    assert "Enter your comment" in home.locator(".govuk-error-summary").inner_text()
    check(home, "family: comment form with an error")
    home.get_by_label("Your comment").fill("Please make speech therapy twice a week.")
    submit(home, "Send your comment")
    assert "has been sent to the council" in home.locator("main").inner_text()
    check(home, "family: the draft after commenting")
    assert PlanComment.objects.get(plan=draft).section == "F"
    home.goto(f"/my-cases/{ref}/")
    follow(home, "Ask for a school or college", "family: school request form")
    home.get_by_label("Search by name, town or postcode").fill(school.name)
    home.get_by_role("button", name="Search").click()
    home.wait_for_load_state()
    check(home, "family: schools found in the directory")
    home.get_by_label(school.name, exact=True).check()
    submit(home, "Send your request")
    assert f"You asked for {school.name}." in home.inner_text("main")
    check(home, "family: school requested")
    follow(home, "Give your views on the draft plan", "family: views on the whole draft")
    home.get_by_label("What do you think of the draft plan?").fill("Apart from F, it is right.")
    home.get_by_label(re.compile("I have nothing more to say")).check()
    submit(home, "Send your views")
    check(home, "family: views sent")

    # The caseworker consults the school, names it and issues the final plan.
    page.goto(f"/cases/{ref}/")
    follow(page, f"Consult {school.name}", "consult form")
    fill_date(page, "on", today)
    submit(page, "Record consultation")
    follow(page, f"Record reply from {school.name}", "reply form")
    page.get_by_label("Can meet the child's needs").check()
    fill_date(page, "responded_on", today)
    submit(page, "Record reply")
    follow(page, f"Decide whether to name {school.name}", "naming form")
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", today)
    submit(page, "Record decision")
    check(page, "case page with the school named")
    follow(page, "Issue the final plan", "check before issuing")
    checks = page.locator("main").inner_text()
    assert "The final plan will be version 2, copied from version 1: draft plan" in checks
    assert f"Section I will name {school.name} (URN" in checks
    assert "1 comment on sections of the draft" in checks
    fill_date(page, "issued_on", today)
    fill_date(page, "notice_sent_on", today)
    submit(page, "Issue the final plan")
    assert "Final plan issued and letter queued" in page.inner_text("main")
    check(page, "case page after the final plan")
    final = case.plans.get(version=2)
    assert final.status == Plan.Status.FINAL and final.section_i_setting == school

    # Both download the PDF; the parent sees what changed from the draft.
    follow(page, "All versions of the plan", "plan versions after the final plan")
    staff_pdf = _pdf(
        page, page.get_by_role("link", name="Download version 2 as a PDF").get_attribute("href")
    )
    home.goto(f"/my-cases/{ref}/")
    check(home, "family: case page after the final plan")
    link = home.get_by_role("link", name="download the PDF of version 2")
    family_pdf = _pdf(home, link.get_attribute("href"))
    assert staff_pdf == family_pdf  # made once, never rebuilt
    follow(home, "See what changed between versions 1 and 2", "family: what changed")
    changes = home.locator("#changes-I").inner_text()
    assert "Changed" in changes and school.name in changes
    assert "Section A: Views, interests and aspirations Not changed" in home.inner_text("main")
    family.close()
