"""The EHC needs assessment in the browser: a caseworker takes a new request of the demo to the
final plan, the parent follows it and acts on the draft, and every page passes axe-core.

Dates are relative to today (the services refuse future dates): the request was received 60 days
ago, so the steps recorded "today" by the pages (referral to panel, the family's views) fall in
order, and the family ticking "nothing more to say" lets the final plan be issued today, inside
the 20 weeks.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from ehcp.models import Case, ChildRelationship, PanelMeeting, Stage
from send_portal import demo
from send_portal.models import GeneratedDocument, Organisation, Role, User
from tests import demo_snapshot
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.factories import PASSWORD, la, person_with_role


def _demo_user(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.DEMO_DOMAIN}")


@pytest.fixture
def demo_data(transactional_db, monkeypatch):
    """The demo (``seed_demo``), without making the PDFs of its cases' letters: they stay
    queued, which saves ~15 s. The letters of the journey's own case are made as it goes."""
    from send_portal import notifications

    enqueue = notifications._enqueue

    def enqueue_all_but_pdfs(task, *args):
        if not task.name.endswith("render_document"):
            enqueue(task, *args)

    def build():
        monkeypatch.setattr(notifications, "_enqueue", enqueue_all_but_pdfs)
        call_command("seed_demo", stdout=io.StringIO())
        monkeypatch.setattr(notifications, "_enqueue", enqueue)

    # Built once per test process, then restored from a copy (tests/demo_snapshot.py).
    demo_snapshot.demo("seed-demo-letters-queued", build)


def fill_date(page, name: str, value: date) -> None:
    """Type a date into a GOV.UK date input (three boxes: day, month, year)."""
    page.fill(f"#id_{name}_0", str(value.day))
    page.fill(f"#id_{name}_1", str(value.month))
    page.fill(f"#id_{name}_2", str(value.year))


def submit(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def check(page, what: str) -> None:
    """Every page the journey visits is checked with axe-core and for script errors."""
    assert_accessible(page, context=f"({what})")
    assert_no_console_errors(page)


def on_case_page(page, reference: str, what: str) -> None:
    assert page.url.endswith(f"/cases/{reference}/"), page.url
    check(page, f"case page after: {what}")


def follow(page, link_text: str, what: str, *, exact: bool = False) -> None:
    """Follow a link (or link styled as a button) and check the page it opens."""
    target = page.get_by_role("link", name=link_text, exact=exact)
    target.or_(page.get_by_role("button", name=link_text, exact=exact)).first.click()
    page.wait_for_load_state()
    check(page, what)


def test_a_caseworker_takes_a_request_to_the_final_plan_and_the_parent_sees_every_step(
    page, browser, live_server, demo_data
):
    today = date.today()
    received = today - timedelta(days=60)
    worker = _demo_user("caseworker")
    parent = _demo_user("parent")
    school = Organisation.objects.get(
        role_assignments__role=Role.SENCO, role_assignments__user=_demo_user("senco")
    )

    # The caseworker's caseload, then a new request: the intake question flow (issue 20).
    sign_in(page, worker.email, demo.DEMO_PASSWORD)
    page.goto("/cases/")
    check(page, "caseload")
    follow(page, "Record a new request", "intake start page")
    submit(page, "Start now")
    check(page, "intake: child's name")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Fletcher")
    submit(page, "Continue")
    check(page, "intake: date of birth")
    fill_date(page, "date_of_birth", date(today.year - 8, 4, 3))
    submit(page, "Continue")
    check(page, "intake: UPN")
    submit(page, "Continue")
    check(page, "intake: sex")
    page.get_by_label("Female").check()
    submit(page, "Continue")
    check(page, "intake: address")
    page.get_by_label("Address line 1").fill("12 High Street")
    page.get_by_label("Town or city").fill("Chelmsford")
    page.get_by_label("Postcode").fill("CM1 1AA")
    submit(page, "Continue")
    check(page, "intake: ethnicity")
    submit(page, "Continue")
    check(page, "intake: need")
    submit(page, "Continue")
    check(page, "intake: who made the request")
    page.get_by_label("A parent or carer").check()
    submit(page, "Continue")
    check(page, "intake: requested by")
    submit(page, "Continue")
    check(page, "intake: reasons")
    page.get_by_label("Why was the request made?").fill("Ruby is not making progress in speech.")
    submit(page, "Continue")
    check(page, "intake: received")
    fill_date(page, "received_on", received)
    submit(page, "Continue")
    check(page, "intake: parent's name")
    page.get_by_label("First name").fill(parent.first_name)
    page.get_by_label("Last name").fill(parent.last_name)
    page.get_by_label("Mother").check()
    page.get_by_label("Yes").check()
    submit(page, "Continue")
    check(page, "intake: parent's address")
    page.get_by_label("Yes").check()
    submit(page, "Continue")
    check(page, "intake: how to contact the parent")
    page.get_by_label("Email address (optional)").fill(parent.email)
    page.get_by_label(re.compile("^E-mail")).check()
    submit(page, "Continue")
    check(page, "intake: parent's language and needs")
    submit(page, "Continue")
    check(page, "intake: parents and carers")
    page.get_by_label("No").check()
    submit(page, "Continue")
    check(page, "intake: current setting")
    page.get_by_label("Search by name, town or postcode").fill(school.name)
    submit(page, "Search")
    check(page, "intake: current setting found")
    page.get_by_label(school.name, exact=True).check()
    submit(page, "Continue")
    check(page, "intake: check your answers")
    assert school.name in page.inner_text("main")
    submit(page, "Record the request")
    case = Case.objects.get(child__last_name="Fletcher")
    ref = case.reference
    assert f"Request recorded as case {ref}" in page.inner_text("main")
    on_case_page(page, ref, "request recorded")
    assert case.child.current_setting == school

    # The parent already has an account (another child): the caseworker invites them to link it
    # to this case, and they do, signed in, from the link in the e-mail.
    follow(page, "Invite to create an account", "invitation page")
    submit(page, "Send the invitation")
    assert page.url.endswith(f"/cases/{ref}/#family"), page.url
    check(page, "case page: invitation sent")
    link = re.search(r"https?://[^/]+(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    family = browser.new_context(base_url=live_server.url, locale="en-GB")
    family.set_default_timeout(15_000)
    home = family.new_page()
    home.console_errors = []
    home.on("console", lambda m: home.console_errors.append(m.text) if m.type == "error" else None)
    home.goto(link)
    check(home, "family: invitation for an existing account")
    sign_in(home, parent.email, demo.DEMO_PASSWORD)
    home.goto(link)
    check(home, "family: link your account")
    submit(home, "Link my account")
    assert home.url.endswith(f"/my-cases/{ref}/"), home.url
    check(home, "family: case page after linking")
    assert ChildRelationship.objects.filter(child=case.child, user=parent).exists()

    follow(page, "Tell people the council is considering an assessment", "consider form")
    fill_date(page, "on", received + timedelta(days=2))
    submit(page, "Record")
    on_case_page(page, ref, "considering")

    follow(page, "Decide whether to assess", "decide to assess form")
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", received + timedelta(days=30))
    fill_date(page, "notice_sent_on", received + timedelta(days=30))
    submit(page, "Record decision and send letter")
    on_case_page(page, ref, "decided to assess")

    follow(page, "Ask for advice", "advice request form", exact=True)
    page.get_by_label("Psychological advice (reg 6(1)(d))").check()
    # The picker names each adviser's profession and service, not the name alone.
    picker = page.get_by_label("Adviser with a portal account")
    ep = _demo_user("ep")
    assert picker.locator(f'option[value="{ep.pk}"]').inner_text() == (
        f"{ep.get_full_name()}: Educational psychologist, Essex"
    )
    picker.select_option(value=str(ep.pk))
    fill_date(page, "requested_on", received + timedelta(days=31))
    submit(page, "Send request")
    on_case_page(page, ref, "advice requested")

    follow(page, "Record as received", "advice received form")
    fill_date(page, "received_on", received + timedelta(days=55))
    page.get_by_label("Summary of the advice").fill("Needs in communication and interaction.")
    submit(page, "Record")
    on_case_page(page, ref, "advice received")

    # A panel meeting, the referral and the panel's recommendation.
    page.goto("/panels/")
    check(page, "panels")
    follow(page, "Arrange a panel meeting", "new panel form")
    fill_date(page, "meets_on", today)
    page.get_by_label(_demo_user("panel").get_full_name()).check()
    submit(page, "Arrange meeting")
    check(page, "panel arranged")
    page.goto(f"/cases/{ref}/")
    follow(page, "Refer to the multi-agency panel", "refer to panel form")
    meeting = PanelMeeting.objects.latest("pk")
    assert meeting.meets_on == today and list(meeting.members.all()) == [_demo_user("panel")]
    page.get_by_label("Panel meeting").select_option(str(meeting.pk))
    page.get_by_label("Case summary for the panel").fill("EP advice: needs beyond SEN support.")
    submit(page, "Add to the agenda")
    on_case_page(page, ref, "referred to panel")
    follow(page, str(meeting), "panel agenda")
    follow(page, "Record recommendation for Ruby Fletcher", "panel recommendation form")
    page.get_by_label("Issue a plan", exact=True).check()
    page.get_by_label("The panel's reasons").fill("Needs require provision beyond SEN support.")
    submit(page, "Record recommendation")
    check(page, "recommendation recorded")

    page.goto(f"/cases/{ref}/")
    follow(page, "Decide whether to issue a plan", "decide to issue form")
    assert "The panel advises; the council decides." in page.inner_text("main")
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", today)
    fill_date(page, "notice_sent_on", today)
    submit(page, "Record decision and send letter")
    on_case_page(page, ref, "decided to issue")

    follow(page, "Send the draft plan", "send draft form")
    fill_date(page, "on", today)
    submit(page, "Record the draft as sent")
    on_case_page(page, ref, "draft sent")

    # The parent, in their own browser: views on the draft, and a school from the directory.
    home.goto("/my-cases/")
    check(home, "family: my cases")
    follow(home, "See the case for Ruby Fletcher", "family: case page with the draft")
    assert "You can comment on the draft plan" in home.inner_text("main")
    follow(home, "Give your views on the draft plan", "family: views form")
    home.get_by_label("What do you think of the draft plan?").fill(
        "Section F should say how often speech and language therapy happens."
    )
    home.get_by_label(re.compile("I have nothing more to say")).check()
    submit(home, "Send your views")
    assert "Your views have been sent to the council" in home.inner_text("main")
    check(home, "family: views sent")
    follow(home, "Ask for a school or college", "family: school request form")
    rights = home.locator(".govuk-inset-text")
    expect(rights).to_be_visible()
    assert "You can ask for any school or college the law allows" in rights.inner_text()
    submit(home, "Send your request")
    assert (
        "Search for the school or college, then choose it from the results"
        in home.locator(".govuk-error-summary").inner_text()
    )
    assert home.title().startswith("Error: ")
    check(home, "family: school request form with an error")
    home.get_by_label("Search by name, town or postcode").fill(school.name)
    submit(home, "Search")
    check(home, "family: schools found in the directory")
    home.get_by_label(school.name, exact=True).check()
    submit(home, "Send your request")
    assert f"You asked for {school.name}." in home.inner_text("main")
    check(home, "family: school requested")

    # Back to the caseworker: consult the school, record its reply, name it, issue the plan.
    page.goto(f"/cases/{ref}/")
    check(page, "case page with the family's request")
    follow(page, f"Consult {school.name}", "consult form")
    fill_date(page, "on", today)
    submit(page, "Record consultation")
    on_case_page(page, ref, "consulted")
    follow(page, f"Record reply from {school.name}", "setting reply form")
    page.get_by_label("Can meet the child's needs").check()
    fill_date(page, "responded_on", today)
    submit(page, "Record reply")
    on_case_page(page, ref, "reply recorded")
    follow(page, f"Decide whether to name {school.name}", "naming decision form")
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", today)
    submit(page, "Record decision")
    on_case_page(page, ref, "setting named")
    follow(page, "Issue the final plan", "final plan form")
    assert f"Section I will name {school.name} (URN" in page.inner_text("main")
    submit(page, "Issue the final plan")
    errors = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the issue date" in errors and "Enter the date the plan was sent" in errors
    check(page, "final plan form with errors")
    fill_date(page, "issued_on", today)
    fill_date(page, "notice_sent_on", today)
    submit(page, "Issue the final plan")
    assert "Final plan issued and letter queued" in page.inner_text("main")
    on_case_page(page, ref, "final plan issued")

    # The parent sees every step with its date and the law, the appeal deadline and the letters.
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    home.reload()
    check(home, "family: case page after the final plan")
    main = home.inner_text("main")
    assert "Final plan issued" in home.locator(".govuk-summary-list").first.inner_text()
    items = home.locator(".app-timeline__item")
    shown = list(case.events.filter(visible_to_family=True))
    assert items.count() == len(shown) >= 14
    for item, event in zip(items.all(), shown, strict=True):
        text = item.inner_text()
        assert event.title in text
        assert f"{event.occurred_on:%-d %B %Y}" in text
        if event.legal_basis:
            assert f"The law: {event.legal_basis}" in text
    statutory = {
        "request_received",
        "considering",
        "decided_to_assess",
        "advice_requested",
        "advice_received",
        "decided_to_issue",
        "draft_served",
        "representations",
        "setting_requested",
        "setting_consulted",
        "placement_decided",
        "final_issued",
    }
    assert statutory <= {e.kind for e in shown if e.legal_basis}
    assert "Panel recommendation" not in main  # the panel advises the council, not the family
    final = case.decisions.get(kind="final_plan")
    rights = home.locator(".app-rights").inner_text()
    assert f"until {final.appeal_deadline:%-d %B %Y}" in rights
    letters = home.get_by_role("link", name=re.compile("read the letter"))
    assert letters.count() == 3
    assert all(
        d.status == GeneratedDocument.Status.READY
        for d in GeneratedDocument.objects.filter(owner_type="ehcp.case", owner_id=str(case.pk))
    )
    family.close()


def test_the_demo_caseload_flags_the_overdue_case_and_filters_accessibly(page, demo_data):
    sign_in(page, f"caseworker@{demo.DEMO_DOMAIN}", demo.DEMO_PASSWORD)
    page.goto("/cases/")
    check(page, "caseload")
    overdue = page.locator("tr.app-row--overdue")
    assert overdue.count() == 1
    assert "Ella Morris" in overdue.inner_text()
    tag = overdue.locator(".govuk-tag--red", has_text="Overdue")
    expect(tag).to_be_visible()
    assert tag.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    expect(overdue.locator(".govuk-tag", has_text="Exception applies")).to_be_visible()

    page.get_by_label("Next deadline").select_option("overdue")
    page.get_by_label("Sort by").select_option("name")
    submit(page, "Apply")
    check(page, "caseload filtered to overdue cases")
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Ella Morris" in rows.inner_text()
    assert "1 case" in page.locator("caption").inner_text()

    # The demo council also holds the dashboards' synthetic plans (about 20,000, as Essex has):
    # the pages over all of them take longer than a page of one caseworker's cases.
    page.set_default_timeout(60_000)
    page.get_by_role("link", name="All of the council's cases").click()
    page.get_by_label("Stage").select_option(label="Final plan issued")
    submit(page, "Apply")
    check(page, "caseload: all cases at one stage")
    # Every row is at that stage; the demo council also holds the dashboards' synthetic plans
    # (thousands, as a real council does), so the family's case is found by name among them.
    stages = page.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert stages and all(text.startswith("Final plan issued") for text in stages)
    page.get_by_label("Child's name or case reference").fill("Oliver Green")
    submit(page, "Apply")
    check(page, "caseload: searched at one stage")
    assert "Oliver Green" in page.locator("tbody").inner_text()

    page.get_by_role("link", name="Oliver Green").click()
    check(page, "a closed case")
    assert "Final plan issued" in page.inner_text("main")


def test_an_empty_form_gets_a_govuk_error_summary_that_passes_axe(page, transactional_db):
    worker = person_with_role(Role.CASEWORKER, la("881"), email="worker@example.org")
    sign_in(page, worker.email, PASSWORD)
    page.goto("/cases/new/")
    check(page, "intake start page")
    submit(page, "Start now")
    submit(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error: ")
    assert summary.locator("h2").inner_text() == "There is a problem"
    messages = summary.locator("li").all_inner_texts()
    assert messages == [
        "Enter the child or young person's first name",
        "Enter the child or young person's last name",
    ]
    assert page.locator(".govuk-form-group--error").count() == len(messages)
    assert page.evaluate("document.activeElement.closest('.govuk-error-summary') !== null")
    check(page, "child's name with errors")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Fletcher")
    submit(page, "Continue")
    submit(page, "Continue")
    summary = page.locator(".govuk-error-summary")
    assert summary.locator("li").all_inner_texts() == ["Enter the date of birth"]
    check(page, "date of birth with an error")
    summary.get_by_role("link", name="Enter the date of birth").click()
    assert page.evaluate("document.activeElement.id") == "id_date_of_birth_0"
    assert not Case.objects.exists()
