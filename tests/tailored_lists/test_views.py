"""Who may open each tailored-list page, and what the pages say."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ehcp.selectors import today
from ehcp.services import workflow
from send_portal.models import Role
from tailored_lists import services
from tailored_lists.models import Preference, TailoredList
from tests.ehcp.factories import caseworker, manager, parent_of
from tests.factories import person_with_role
from tests.query_baselines import at_most
from tests.tailored_lists.helpers import (
    GLENWOOD,
    THRIFTWOOD,
    child_case,
    import_real,
    pilot_area,
    set_profile,
    setting,
)

pytestmark = pytest.mark.django_db

STAFF_PAGES = (
    "tailored-list-case",
    "tailored-list-build",
    "tailored-list-add",
    "tailored-list-send",
)
FAMILY_PAGES = (
    "tailored-list-family",
    "tailored-list-preferences",
    "tailored-list-preference-from-list",
    "tailored-list-preference-other",
    "tailored-list-preferences-check",
)


@pytest.fixture
def world():
    import_real()
    area = pilot_area("881")
    set_profile(THRIFTWOOD, needs=["ASD"], provision=["salt"], vacancies=3)
    case = child_case(served=True)
    parent = parent_of(case.child)
    first = services.build_list(actor=case.caseworker, case_id=case.pk, on=today())
    services.send_list(actor=case.caseworker, list_id=first.pk, sent_on=today())
    services.build_list(actor=case.caseworker, case_id=case.pk, on=today())  # v2, not sent
    # A school consulted about another child of the same council, and one about this child.
    consulted = setting(GLENWOOD)
    request = workflow.request_setting(
        actor=case.caseworker, case_id=case.pk, requested_on=today(), setting=consulted
    )
    workflow.consult_setting(
        actor=case.caseworker, setting_request_id=request.pk, consulted_on=today()
    )
    people = {
        "caseworker": case.caseworker,
        "manager": manager("881"),
        "other_council": caseworker("883"),
        "parent": parent,
        "other_parent": parent_of(child_case().child),
        "senco_consulted": person_with_role(Role.SENCO, consulted),
        "senco_other": person_with_role(Role.SENCO, setting(THRIFTWOOD)),
        "analyst": person_with_role(Role.DFE_ANALYST),
        "board_member": area.member,
    }
    return case, people


def _get(client, user, name, case):
    if user is not None:
        client.force_login(user)
    return client.get(reverse(name, args=[case.reference]))


EXPECTED_STAFF = {
    "caseworker": 200,
    "manager": 200,
    "other_council": 404,
    "parent": 403,
    "other_parent": 404,
    "senco_consulted": 403,
    "senco_other": 404,
    "analyst": 404,
    "board_member": 404,
}
EXPECTED_FAMILY = {**EXPECTED_STAFF, "caseworker": 403, "manager": 403, "parent": 200}


@pytest.mark.parametrize("name", STAFF_PAGES + FAMILY_PAGES)
def test_every_page_for_every_role(client, world, name):
    case, people = world
    expected = EXPECTED_STAFF if name in STAFF_PAGES else EXPECTED_FAMILY
    response = _get(client, None, name, case)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    for who, status in expected.items():
        client.logout()
        response = _get(client, people[who], name, case)
        assert response.status_code == status, (who, name, response.status_code)


def test_the_evaluation_is_for_councils_boards_regions_group_and_dfe(client, world):
    case, people = world
    url = reverse("tailored-list-evaluation")
    assert client.get(url).status_code == 302
    for who, status in {
        "caseworker": 200,
        "manager": 200,
        "analyst": 200,
        "board_member": 200,
        "parent": 403,
        "senco_consulted": 403,
    }.items():
        client.force_login(people[who])
        assert client.get(url).status_code == status, who


def test_the_evaluation_suppresses_small_numbers(client, world):
    case, people = world
    client.force_login(people["analyst"])
    text = client.get(reverse("tailored-list-evaluation")).content.decode()
    assert "Essex" in text
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">c</td>' in text
    assert "shown as &ldquo;c&rdquo;" in text


def test_the_family_sees_the_sent_list_with_its_date_and_the_rights_notice(
    client, world, django_assert_max_num_queries
):
    case, people = world
    client.force_login(people["parent"])
    with django_assert_max_num_queries(at_most("tailored_lists.family_list_page")):
        response = _get(client, None, "tailored-list-family", case)
    text = response.content.decode()
    sent = TailoredList.objects.get(case=case, version=1)
    assert f"Version 1, sent {today():%-d %B %Y}" in text
    assert "Version 2" not in text, "the family does not see a version not sent to them"
    assert "Your rights are not changed by this list" in text
    assert "including one that is not on this list" in text
    assert "SEND Tribunal can name a school or college that is not on this list" in text
    assert "Find your local SENDIASS" in text
    assert "Thriftwood School" in text
    assert sent.entries.count() >= 4


def test_the_query_count_of_the_family_list_does_not_grow_with_the_list(
    client, world, django_assert_max_num_queries
):
    case, people = world
    client.force_login(people["parent"])
    sent = TailoredList.objects.get(case=case, version=1)
    for urn in ("115444", "115453", "115466"):
        services_entry(sent, urn)
    with django_assert_max_num_queries(at_most("tailored_lists.family_list_page")):
        _get(client, None, "tailored-list-family", case)


def services_entry(tailored, urn):
    from tailored_lists.models import ListEntry

    ListEntry.objects.create(
        tailored_list=tailored,
        setting=setting(urn),
        position=tailored.entries.count() + 1,
        category="special",
        reasons=["Added for the test."],
    )


def test_the_caseworker_page_says_why_lists_are_off(client):
    import_real()
    pilot_area("881", pilot=False)
    case = child_case()
    client.force_login(case.caseworker)
    text = _get(client, None, "tailored-list-case", case).content.decode()
    assert "Tailored lists are switched off for Essex" in text
    assert "not a tailored lists pilot area" in text
    assert "Build the list" not in text
    response = _get(client, None, "tailored-list-build", case)
    assert response.status_code == 302


def test_the_caseworker_builds_adds_and_sends_through_the_pages(client, world):
    case, people = world
    client.force_login(people["caseworker"])
    response = client.post(reverse("tailored-list-build", args=[case.reference]), {})
    assert "Select which school year the list is for" in response.content.decode()
    add = reverse("tailored-list-add", args=[case.reference])
    page = client.get(add, {"q": "Grove House"}).content.decode()
    assert "Grove House School" in page
    grove = setting("141945")
    response = client.post(add, {"q": "Grove House", "setting": grove.pk, "reason": ""})
    assert "Enter why this setting is on the list" in response.content.decode()
    response = client.post(
        add, {"q": "Grove House", "setting": grove.pk, "reason": "Parent visited."}
    )
    assert response.status_code == 302
    current = TailoredList.objects.get(case=case, version=2)
    assert current.entries.filter(setting=grove, added_by_caseworker=True).exists()
    response = client.post(reverse("tailored-list-send", args=[case.reference]))
    assert response.status_code == 302
    current.refresh_from_db()
    assert current.is_sent


def test_the_family_chooses_through_the_pages(client, world):
    case, people = world
    client.force_login(people["parent"])
    latest = TailoredList.objects.get(case=case, version=1)
    entry = latest.entries.order_by("position").first()
    url = reverse("tailored-list-preference-from-list", args=[case.reference])
    assert "Select a school or college from the list" in client.post(url).content.decode()
    client.post(url, {"entry": entry.pk})
    other = reverse("tailored-list-preference-other", args=[case.reference])
    response = client.post(other, {"q": "", "setting_name": ""})
    assert "Choose a school or college from the search results, or type its name" in (
        response.content.decode()
    )
    page = client.get(other, {"q": "Glenwood"}).content.decode()
    assert "Glenwood School" in page
    client.post(other, {"q": "Glenwood", "setting": setting(GLENWOOD).pk})
    client.post(other, {"q": "", "setting_name": "Hillside Academy, Bristol"})
    prefs = list(Preference.objects.filter(tailored_list=latest).order_by("rank"))
    assert [p.on_list for p in prefs] == [True, False, False]
    # Glenwood was already requested by the caseworker in the world: sending reports it.
    response = client.post(reverse("tailored-list-preferences-check", args=[case.reference]))
    assert "Glenwood School has already been requested" in response.content.decode()
    client.post(
        reverse("tailored-list-preferences", args=[case.reference]),
        {"preference": prefs[1].pk, "action": "remove"},
    )
    response = client.post(reverse("tailored-list-preferences-check", args=[case.reference]))
    assert response.status_code == 302
    latest.refresh_from_db()
    assert latest.preferences_sent_on == today()
    text = _get(client, None, "tailored-list-family", case).content.decode()
    assert "You sent your preferences on" in text
    assert "Hillside Academy, Bristol (not on the list)" in text


def test_case_pages_link_to_the_list(client, world):
    case, people = world
    client.force_login(people["caseworker"])
    assert (
        reverse("tailored-list-case", args=[case.reference])
        in client.get(reverse("case-detail", args=[case.reference])).content.decode()
    )
    client.force_login(people["parent"])
    assert (
        reverse("tailored-list-family", args=[case.reference])
        in client.get(reverse("family-case", args=[case.reference])).content.decode()
    )
