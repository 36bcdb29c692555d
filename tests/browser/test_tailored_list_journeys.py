"""Tailored lists in the browser, on the demo (Essex is a pilot area with a signed-off local
inclusion plan; the demo sent Alex Taylor's parent version 1 of a list):

- the caseworker builds version 2 from the plan, adds a setting with a reason and sends it;
- the parent sees it with its date and the rights notice, ranks two settings from the list and
  names one that is not on it, and sends them;
- the caseworker consults the first preference (CFA 2014 s39) and its SENCo replies in the portal;
- a DfE analyst opens the pilot evaluation.

Every page passes axe-core.
"""

from __future__ import annotations

import re
from datetime import date

from ehcp.models import Case, SettingRequest
from ehcp.services import workflow
from send_portal import demo
from send_portal.models import Organisation, Role, User
from tailored_lists.models import TailoredList
from tests.browser.conftest import sign_in
from tests.browser.test_ehcp_journeys import check, demo_data, fill_date, follow, submit
from tests.factories import PASSWORD, person_with_role

__all__ = ["demo_data"]


def _demo_user(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.DEMO_DOMAIN}")


def _switch_to(page, email: str, password: str = demo.DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    sign_in(page, email, password)


def test_a_list_is_built_sent_chosen_from_and_a_preference_consulted(
    page, browser, live_server, demo_data
):
    today = date.today()
    worker = _demo_user("caseworker")
    parent = _demo_user("parent")
    case = Case.objects.get(child__relationships__user=parent, child__first_name="Alex")
    ref = case.reference
    assert case.tailored_lists.get().is_sent, "the demo sent version 1"
    requested = set(case.setting_requests.values_list("setting_id", flat=True))

    # The caseworker builds version 2 from the plan, adds a setting and sends it.
    sign_in(page, worker.email, demo.DEMO_PASSWORD)
    page.goto(f"/cases/{ref}/")
    check(page, "case page")
    follow(page, "Tailored list of settings", "caseworker's list page")
    main = page.locator("main")
    assert "Tailored lists are switched on for Essex" in main.inner_text()
    assert "signed off by" in main.inner_text()
    follow(page, "Build a new version from the plan", "build page")
    submit(page, "Build the list")
    check(page, "build page with an error")
    assert "Select which school year the list is for" in main.inner_text()
    page.get_by_label(re.compile("^Next school year")).check()
    submit(page, "Build the list")
    check(page, "version 2 built")
    assert "Version 2, not sent yet" in main.inner_text()
    v2 = TailoredList.objects.get(case=case, version=2)
    on_list = set(v2.entries.values_list("setting_id", flat=True))
    extra = (
        Organisation.objects.filter(
            kind=Organisation.Kind.SETTING,
            local_authority__la_code="882",
            directory_profile__low_age__lte=v2.child_age,
            directory_profile__high_age__gt=v2.child_age,
        )
        .exclude(pk__in=on_list | requested)
        .order_by("urn")
        .first()
    )
    follow(page, "Add a setting", "add a setting")
    page.get_by_label("Search the settings directory").fill(extra.name)
    submit(page, "Search")
    check(page, "search results")
    page.get_by_label(re.compile(rf"\(URN {extra.urn}\)$")).check()
    page.get_by_label("Why is this setting on the list?").fill(
        "The family asked about schools near their grandparents in Southend."
    )
    submit(page, "Add to the list")
    check(page, "list with the added setting")
    assert "Added by the council: The family asked about schools" in main.inner_text()
    follow(page, "Check and send to the family", "check before sending")
    assert "Your rights are not changed by this list" in main.inner_text()
    submit(page, "Send the list to the family")
    check(page, "list sent")
    assert f"Version 2, sent {today:%-d %B %Y}" in main.inner_text()

    # The parent sees the list with its date and the rights notice, and chooses.
    _switch_to(page, parent.email)
    page.goto(f"/my-cases/{ref}/")
    check(page, "family case page")
    follow(page, re.compile("^Schools and colleges the council suggests"), "family list")
    text = main.inner_text()
    assert f"Version 2, sent {today:%-d %B %Y}" in text
    notice = page.get_by_test_id("rights-notice").inner_text()
    assert "You can still ask for any school or college the law allows" in notice
    assert "including one that is not on this list" in notice
    assert "mainstream school or college" in notice
    assert "the SEND Tribunal can name a school or college that is not on this list" in notice
    assert "SENDIASS" in notice
    choices = [
        e.setting
        for e in v2.entries.select_related("setting").order_by("position")
        if e.setting_id not in requested
    ][:2]
    off_list = (
        Organisation.objects.filter(kind=Organisation.Kind.SETTING, local_authority__la_code="883")
        .exclude(pk__in=on_list | requested | {extra.pk})
        .order_by("urn")
        .first()
    )
    follow(page, "Choose your preferences", "preferences, empty")
    for school in choices:
        follow(page, "Add a school or college from the list", "choose from the list")
        page.get_by_label(school.name, exact=True).check()
        submit(page, "Add to my preferences")
        check(page, f"preferences with {school.name}")
    follow(page, "Add any other school or college", "any other school")
    page.get_by_label("Search the settings directory").fill(off_list.name)
    submit(page, "Search")
    check(page, "directory search for the family")
    page.get_by_label(re.compile(rf"\(URN {off_list.urn}\)$")).check()
    submit(page, "Add to my preferences")
    check(page, "three preferences")
    page.get_by_role("button", name=f"Move up {choices[1].name}").click()
    page.wait_for_load_state()
    check(page, "preferences reordered")
    follow(page, "Check and send your preferences", "check preferences")
    rows = page.locator(".govuk-summary-list__value").all_inner_texts()
    assert rows[:3] == [
        choices[1].name,
        choices[0].name,
        f"{off_list.name} (not on the list)",
    ], rows
    submit(page, "Send my preferences")
    check(page, "preferences sent")
    assert "You sent your preferences on" in main.inner_text()
    first = SettingRequest.objects.get(case=case, setting=choices[1])
    assert first.status == SettingRequest.Status.REQUESTED

    # The caseworker consults the first preference; its SENCo replies in the portal.
    senco = person_with_role(Role.SENCO, choices[1], email="senco.tailored@example.org")
    _switch_to(page, worker.email)
    page.goto(f"/tailored-lists/cases/{ref}/")
    check(page, "caseworker sees the preferences")
    follow(page, f"Consult {choices[1].name}", "consult form")
    fill_date(page, "on", today)
    submit(page, "Record consultation")
    check(page, "case page after consulting")
    first.refresh_from_db()
    assert first.status == SettingRequest.Status.CONSULTED and first.response_due_on

    _switch_to(page, senco.email, PASSWORD)
    page.goto("/consultations/")
    check(page, "SENCo's consultations")
    follow(page, case.child.full_name, "consultation reply form")
    page.get_by_label("Can meet the child's needs").check()
    page.get_by_label("Your reasons").fill("We have an autism base with places in Year 6.")
    fill_date(page, "responded_on", today)
    submit(page, "Send your reply")
    check(page, "reply sent")
    first.refresh_from_db()
    assert first.status == SettingRequest.Status.RESPONDED

    # The council decides about each preference (the first is refused on a s39(4) ground), then
    # sends the family the decisions letter.
    workflow.decide_placement(
        actor=worker,
        setting_request_id=first.pk,
        name_it=False,
        decided_on=today,
        refusal_ground=SettingRequest.RefusalGround.RESOURCES,
        reasons="The autism base has no places left for September.",
    )
    for request in SettingRequest.objects.filter(case=case, status="requested"):
        workflow.consult_setting(actor=worker, setting_request_id=request.pk, consulted_on=today)
    for request in SettingRequest.objects.filter(case=case, status="consulted"):
        workflow.record_setting_response(
            actor=worker, setting_request_id=request.pk, response="can_meet", responded_on=today
        )
    named = SettingRequest.objects.get(case=case, setting=choices[0])
    workflow.decide_placement(
        actor=worker, setting_request_id=named.pk, name_it=True, decided_on=today
    )
    for request in SettingRequest.objects.filter(case=case, status="responded"):
        workflow.decide_placement(
            actor=worker,
            setting_request_id=request.pk,
            name_it=False,
            decided_on=today,
            refusal_ground=SettingRequest.RefusalGround.UNSUITABLE,
            reasons="Another school has been chosen.",
        )
    _switch_to(page, worker.email)
    page.goto(f"/tailored-lists/cases/{ref}/")
    check(page, "preferences decided")
    follow(page, "Send the family a letter with the decisions", "decisions letter")
    assert "Incompatible with the efficient use of resources" in main.inner_text()
    submit(page, "Send the letter")
    check(page, "decisions letter sent")

    _switch_to(page, parent.email)
    page.goto(f"/tailored-lists/my-cases/{ref}/")
    check(page, "family list after the decisions")
    link = page.get_by_role("link", name="Download the letter with the decisions (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    page.goto(f"/tailored-lists/my-cases/{ref}/?version=1")
    check(page, "an earlier version")
    assert "This is an earlier version" in main.inner_text()

    # The pilot evaluation, with small numbers suppressed.
    _switch_to(page, _demo_user("analyst").email)
    page.goto("/tailored-lists/evaluation/")
    check(page, "pilot evaluation")
    assert "Essex" in main.inner_text()
