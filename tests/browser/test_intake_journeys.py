"""Intake in the browser (issue 20), every page checked with axe-core: a parent asks for an
assessment online without an account and is told the decision date and its law; the council
records it from the triage queue and invites the parent, who creates an account with their own
password and lands on the case; a caseworker records a request for a child the council already
knows (warned, linked), adds a carer who hears by post; schools are chosen from the directory
with suggestions as you type, or asked for by name and found in the directory before consulting.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core import mail
from playwright.sync_api import expect

from ehcp import deadlines
from ehcp.models import Case, FamilyContact, OnlineRequest, SettingRequest, Stage
from ehcp.selectors import today
from send_portal.models import Role, User
from tailored_lists.models import SettingProfile
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.ehcp.factories import ChildFactory, case_at
from tests.factories import PASSWORD, SettingFactory, la, person_with_role


def check(page, what: str) -> None:
    assert_accessible(page, context=f"({what})")
    assert_no_console_errors(page)


def submit(page, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def fill_date(page, name: str, value: date) -> None:
    page.fill(f"#id_{name}_0", str(value.day))
    page.fill(f"#id_{name}_1", str(value.month))
    page.fill(f"#id_{name}_2", str(value.year))


def directory():
    essex = la("881")
    hamilton = SettingFactory(
        name="Hamilton Primary School", postcode="CO2 7PJ", local_authority=essex
    )
    SettingProfile.objects.create(setting=hamilton, category="mainstream", town="Colchester")
    springs = SettingFactory(
        name="Lexden Springs School",
        postcode="CO3 9AB",
        local_authority=essex,
        setting_type="Community special school",
    )
    SettingProfile.objects.create(
        setting=springs, category="special", town="Colchester", is_specialist=True
    )
    return hamilton, springs


def test_a_parent_asks_online_the_council_records_it_and_the_parent_creates_an_account(
    page, browser, live_server, transactional_db
):
    worker = person_with_role(Role.CASEWORKER, la("881"), email="worker@example.org")
    hamilton, _ = directory()

    # The parent, signed out: the start page, then one question a page.
    page.goto("/request-an-assessment/")
    check(page, "start page")
    submit(page, "Start now")
    check(page, "council")
    submit(page, "Continue")
    assert page.title().startswith("Error: ")
    check(page, "council, with an error")
    page.get_by_label("Which council is responsible").select_option(label="Essex")
    submit(page, "Continue")
    check(page, "who are you")
    page.get_by_label("I am the child's parent or carer").check()
    submit(page, "Continue")
    check(page, "child's name")
    page.get_by_label("First name").fill("Ava")
    page.get_by_label("Last name").fill("Patel")
    submit(page, "Continue")
    check(page, "date of birth")
    fill_date(page, "date_of_birth", date(2016, 9, 14))
    submit(page, "Continue")
    check(page, "UPN")
    submit(page, "Continue")
    check(page, "address")
    page.get_by_label("Address line 1").fill("3 Queen Street")
    page.get_by_label("Town or city").fill("Colchester")
    page.get_by_label("Postcode").fill("CO1 2PJ")
    submit(page, "Continue")
    check(page, "your details")
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Patel")
    page.get_by_label("Mother").check()
    page.get_by_label("Yes").check()
    submit(page, "Continue")
    check(page, "your address")
    page.get_by_label("No, they live somewhere else").check()
    page.get_by_label("Address line 1").fill("5 Crouch Street")
    page.get_by_label("Town or city").fill("Colchester")
    page.get_by_label("Postcode").fill("CO3 3ES")
    submit(page, "Continue")
    check(page, "how to contact you")
    page.get_by_label("Email address (optional)").fill("priya.patel@example.org")
    page.get_by_label(re.compile("^E-mail")).check()
    submit(page, "Continue")
    check(page, "language and needs")
    page.get_by_label(re.compile("Do they need anything")).fill("Large print, please.")
    submit(page, "Continue")
    check(page, "parents and carers")
    page.get_by_label("No").check()
    submit(page, "Continue")
    check(page, "current setting")
    search = page.get_by_label("Search by name, town or postcode")
    search.fill("Hamil")
    # With JavaScript, suggestions from the directory as you type (a native datalist).
    page.wait_for_function(
        "() => document.querySelectorAll('#setting-suggestions option').length > 0"
    )
    suggestion = page.locator("#setting-suggestions option").first.get_attribute("value")
    assert suggestion == f"Hamilton Primary School, Colchester CO2 7PJ (URN {hamilton.urn})"
    assert "1 suggestion" in page.locator("#setting-suggestions-status").inner_text()
    search.fill(suggestion)
    submit(page, "Search")
    check(page, "current setting found")
    assert page.get_by_label("Hamilton Primary School", exact=True).is_checked()
    submit(page, "Continue")
    check(page, "why")
    page.get_by_label("Why are you asking for an assessment?").fill(
        "Ava cannot cope in class and is often sent home."
    )
    submit(page, "Continue")
    check(page, "check your answers")
    main = page.inner_text("main")
    assert "Hamilton Primary School" in main and "Priya Patel" in main
    page.get_by_role("link", name="Change first name").first.click()
    page.wait_for_load_state()
    check(page, "changing the child's name")
    page.get_by_label("First name").fill("Ava-Rose")
    submit(page, "Continue")
    assert page.url.endswith("/request-an-assessment/check/")
    expect(page.locator("#id_website"), "the honeypot is hidden").to_be_hidden()
    submit(page, "Send the request")
    assert "Confirm that the information is correct" in page.inner_text("main")
    check(page, "check your answers, with an error")
    page.get_by_label(re.compile("The information I have given is correct")).check()
    submit(page, "Send the request")
    check(page, "request sent")
    online = OnlineRequest.objects.get()
    due = deadlines.decision_to_assess(received=online.received_on)
    panel = page.locator(".govuk-panel").inner_text()
    assert online.reference in panel
    assert f"by {due.due:%A %-d %B %Y}" in page.inner_text("main")
    assert due.basis in page.inner_text("main")

    # The council's triage queue: record it as a request; the parent is invited.
    staff = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff.set_default_timeout(15_000)
    council = staff.new_page()
    council.console_errors = []
    sign_in(council, worker.email, PASSWORD)
    council.goto("/online-requests/")
    check(council, "online requests")
    council.get_by_role("link", name=online.reference).click()
    council.wait_for_load_state()
    check(council, "an online request")
    assert "Ava cannot cope in class" in council.inner_text("main")
    submit(council, "Record the request")
    check(council, "case page from an online request")
    case = Case.objects.get()
    assert case.received_on == online.received_on
    assert "Invited on" in council.inner_text("main")
    staff.close()

    # The parent opens the link in the e-mail and sets their own password.
    body = [m.body for m in mail.outbox if m.to == ["priya.patel@example.org"]][-1]
    link = re.search(r"https?://[^/]+(/invitations/\S+/)", body).group(1)
    page.goto(link)
    check(page, "create your account")
    page.get_by_label("Create a password").fill("short")
    page.get_by_label("Confirm your password").fill("short")
    submit(page, "Create my account")
    check(page, "create your account, with an error")
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    submit(page, "Create my account")
    assert page.url.endswith(f"/my-cases/{case.reference}/"), page.url
    check(page, "the parent's case page")
    assert User.objects.get(email="priya.patel@example.org").check_password(PASSWORD)
    page.goto(link)
    check(page, "the link used twice")
    assert "This link has already been used" in page.inner_text("main")


def test_a_caseworker_records_a_known_child_and_a_carer_who_hears_by_post(page, transactional_db):
    worker = person_with_role(Role.CASEWORKER, la("881"), email="worker@example.org")
    known = ChildFactory(first_name="Ruby", last_name="Fletcher", date_of_birth=date(2017, 4, 3))
    earlier = case_at(Stage.NOT_ASSESSED, child=known, actor=worker)
    sign_in(page, worker.email, PASSWORD)
    page.goto("/cases/new/")
    submit(page, "Start now")
    page.get_by_label("First name").fill("Ruby")
    page.get_by_label("Last name").fill("Fletcher")
    submit(page, "Continue")
    fill_date(page, "date_of_birth", date(2017, 4, 3))
    submit(page, "Continue")
    submit(page, "Continue")  # no UPN
    check(page, "the council may already know this child")
    expect(page.get_by_role("link", name=earlier.reference)).to_be_visible()
    page.get_by_label(re.compile("^Yes, it is Ruby Fletcher")).check()
    submit(page, "Continue")
    check(page, "who made the request (known child)")
    page.get_by_label("A school, college or early years setting").check()
    submit(page, "Continue")
    page.get_by_label("Name of the person or organisation").fill("Mrs A Patel, SENCo")
    submit(page, "Continue")
    page.get_by_label("Why was the request made?").fill("No progress despite SEN support.")
    submit(page, "Continue")
    fill_date(page, "received_on", today() - timedelta(days=2))
    submit(page, "Continue")
    check(page, "parents and carers of a known child: none added yet")
    page.get_by_label("Yes").check()
    submit(page, "Continue")
    page.get_by_label("First name").fill("Lee")
    page.get_by_label("Last name").fill("Fletcher")
    page.get_by_label("Foster carer").check()
    page.get_by_label("No", exact=True).check()
    submit(page, "Continue")
    page.get_by_label("No, they live somewhere else").check()
    page.get_by_label("Address line 1").fill("4 Mill Lane")
    page.get_by_label("Town or city").fill("Witham")
    page.get_by_label("Postcode").fill("CM8 2AB")
    submit(page, "Continue")
    page.get_by_label(re.compile("^Post")).check()
    submit(page, "Continue")
    page.get_by_label(re.compile("Which language")).fill("Polish")
    page.get_by_label("They need an interpreter at meetings").check()
    submit(page, "Continue")
    check(page, "one carer added")
    page.get_by_label("No").check()
    submit(page, "Continue")
    page.get_by_label("Not known yet").check()
    submit(page, "Continue")
    check(page, "check your answers for a known child")
    submit(page, "Record the request")
    check(page, "case page of a known child")
    case = Case.objects.get(child=known, stage=Stage.REQUEST_RECEIVED)
    main = page.inner_text("main")
    assert "Post: letters go to 4 Mill Lane, Witham, CM8 2AB" in main
    assert "Post to Lee Fletcher (4 Mill Lane, Witham, CM8 2AB)" in main
    assert FamilyContact.objects.get(child=known).needs_interpreter
    page.get_by_role("link", name="Add a parent, carer or the young person").click()
    page.wait_for_load_state()
    check(page, "add a contact")
    submit(page, "Save")
    check(page, "add a contact, with errors")
    assert case.child.contacts.count() == 1


def test_a_family_asks_for_a_school_not_in_the_directory_and_the_council_finds_it(
    page, browser, live_server, transactional_db
):
    from tests.ehcp.factories import parent_of

    _, springs = directory()
    case = case_at(Stage.DRAFT_SERVED)
    parent = parent_of(case.child)
    sign_in(page, parent.email, PASSWORD)
    page.goto(f"/my-cases/{case.reference}/request-setting/")
    check(page, "ask for a school")
    page.get_by_label("Type of school or college").select_option(label="Special school")
    submit(page, "Search")
    check(page, "special schools")
    expect(page.locator(".govuk-tag", has_text="Special school").first).to_be_visible()
    page.get_by_role("link", name="The school or college is not in the directory").click()
    page.wait_for_load_state()
    check(page, "not in the directory")
    page.get_by_label("Name of the school or college").fill("Lexden Springs")
    page.get_by_label("Town or area").fill("Colchester")
    submit(page, "Send your request")
    check(page, "family case after asking by name")
    assert "the council is finding it in the directory" in page.inner_text("main")

    staff = browser.new_context(base_url=live_server.url, locale="en-GB")
    staff.set_default_timeout(15_000)
    council = staff.new_page()
    council.console_errors = []
    sign_in(council, case.caseworker.email, PASSWORD)
    council.goto(f"/cases/{case.reference}/")
    check(council, "case with a request needing a directory setting")
    assert "Needs a directory setting" in council.inner_text("main")
    council.get_by_role("link", name=re.compile("Find it in the settings directory")).click()
    council.wait_for_load_state()
    check(council, "find it in the directory")
    council.get_by_label("Search by name, town or postcode").fill("Lexden Springs")
    submit(council, "Search")
    check(council, "found in the directory")
    submit(council, "Choose this setting")
    check(council, "case after matching")
    assert (
        SettingRequest.objects.get(case=case, setting_name="Lexden Springs, Colchester").setting
        == springs
    )
    staff.close()


def test_a_caseworker_proposes_a_school_changes_a_contact_and_records_a_young_person(
    page, browser, live_server, transactional_db
):
    _, springs = directory()
    case = case_at(Stage.DRAFT_SERVED)
    worker = case.caseworker
    from ehcp.services import contacts

    mother = contacts.add_contact(
        actor=worker,
        case_id=case.pk,
        values={
            "first_name": "Jo",
            "last_name": "Reed",
            "relationship": "mother",
            "parental_responsibility": "yes",
            "address_line_1": "1 Elm Close",
            "town": "Braintree",
            "postcode": "CM7 1AA",
            "email": "jo.reed@example.org",
            "preferred_contact": "email",
            "language": "English",
        },
    )
    sign_in(page, worker.email, PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name=re.compile("Record a school or college the family asked")).click()
    page.wait_for_load_state()
    check(page, "record a school to consult")
    page.get_by_label("Search by name, town or postcode").fill("CO3")
    submit(page, "Search")
    check(page, "schools in CO3")
    page.get_by_label("Lexden Springs School", exact=True).check()
    page.get_by_label(re.compile("^The council proposes it")).check()
    submit(page, "Record it")
    check(page, "case after proposing a school")
    request = SettingRequest.objects.get(case=case, setting=springs)
    assert not request.requested_by_family
    page.get_by_role("link", name=re.compile("^Change")).first.click()
    page.wait_for_load_state()
    check(page, "change a contact")
    page.get_by_label("Phone number (optional)").fill("01376 555 000")
    submit(page, "Save")
    check(page, "case after changing a contact")
    mother.refresh_from_db()
    assert mother.phone == "01376 555 000"

    # Someone signed in as another person opens the mother's invitation link.
    page.get_by_role("link", name=re.compile("Invite to create an account")).click()
    page.wait_for_load_state()
    submit(page, "Send the invitation")
    body = [m.body for m in mail.outbox if m.to == ["jo.reed@example.org"]][-1]
    link = re.search(r"https?://[^/]+(/invitations/\S+/)", body).group(1)
    page.goto(link)
    check(page, "an invitation for someone else")
    assert "This invitation is for someone else" in page.inner_text("main")

    # A young person's request: their own contact details are asked for.
    page.goto("/cases/new/")
    submit(page, "Start now")
    page.get_by_label("First name").fill("Tom")
    page.get_by_label("Last name").fill("Ward")
    submit(page, "Continue")
    fill_date(page, "date_of_birth", date(today().year - 17, 1, 20))
    submit(page, "Continue")
    submit(page, "Continue")
    page.get_by_label("Male", exact=True).check()
    submit(page, "Continue")
    page.get_by_label("Address line 1").fill("2 Station Road")
    page.get_by_label("Town or city").fill("Harlow")
    page.get_by_label("Postcode").fill("CM20 2AA")
    submit(page, "Continue")
    submit(page, "Continue")
    submit(page, "Continue")
    page.get_by_label("The young person (over compulsory school age)").check()
    submit(page, "Continue")
    submit(page, "Continue")
    page.get_by_label("Why was the request made?").fill("Tom wants support at college.")
    submit(page, "Continue")
    fill_date(page, "received_on", today() - timedelta(days=1))
    submit(page, "Continue")
    check(page, "parents of a young person: optional")
    page.get_by_label("No").check()
    submit(page, "Continue")
    check(page, "the young person's own contact details")
    assert "the rights in the case are theirs" in page.inner_text("main")
    page.get_by_label(re.compile("^Post")).check()
    submit(page, "Continue")
    page.get_by_label("Not known yet").check()
    submit(page, "Continue")
    check(page, "check answers for a young person")
    submit(page, "Record the request")
    check(page, "case page of a young person")
    tom = FamilyContact.objects.get(child__first_name="Tom")
    assert tom.relationship == "young_person" and tom.hears_by_post
