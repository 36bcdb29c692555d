"""The system administrator's pages, checked with axe-core."""

import pytest

from send_portal import demo
from tests.browser.conftest import assert_accessible, sign_in


@pytest.fixture
def demo_data(seeded_demo):
    """The demo as ``seed_demo`` builds it (restored from this process's copy after the first
    build: tests/demo_snapshot.py)."""


def test_an_administrator_adds_a_person_gives_a_role_and_edits_an_organisation(page, demo_data):
    sign_in(page, f"admin@{demo.DEMO_DOMAIN}", demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Administration").first.click()
    assert_accessible(page, context="(administration)")
    page.get_by_role("link", name="People and roles").click()
    assert_accessible(page, context="(people)")
    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Create account").click()
    assert "Enter their first name" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(add a person, errors)")
    page.get_by_label("First name").fill("Ravi")
    page.get_by_label("Last name").fill("Singh")
    page.get_by_label("Email address").fill("ravi.singh@example.org")
    page.get_by_role("button", name="Create account").click()
    assert page.locator("h1").inner_text() == "Ravi Singh"
    assert_accessible(page, context="(person)")
    page.get_by_role("link", name="Add a role").click()
    page.get_by_label("Local authority caseworker").check()
    page.get_by_role("button", name="Add role").click()
    assert "Select the organisation" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(add a role, errors)")
    page.get_by_label("Local authority caseworker").check()
    page.get_by_label("Organisation").select_option(label="Essex (881)")
    page.get_by_role("button", name="Add role").click()
    assert "Local authority caseworker" in page.locator("table").inner_text()
    assert_accessible(page, context="(person with a role)")
    page.goto("/administration/organisations/?kind=icb")
    assert_accessible(page, context="(organisations)")
    page.get_by_role("link", name="NHS Mid and South Essex Integrated Care Board").click()
    assert_accessible(page, context="(edit organisation)")
    page.get_by_label("Telephone").fill("01268 000000")
    page.get_by_role("button", name="Save").click()
    assert "Saved NHS Mid and South Essex Integrated Care Board" in page.inner_text("main")


def test_an_administrator_resets_the_two_factor_authentication_of_someone_with_a_new_phone(
    page, demo_data
):
    from send_portal.models import User
    from tests.two_factor import device_for

    worker = User.objects.get(email=f"caseworker@{demo.DEMO_DOMAIN}")
    device_for(worker)
    sign_in(page, f"admin@{demo.DEMO_DOMAIN}", demo.DEMO_PASSWORD)
    page.goto(f"/administration/people/{worker.pk}/")
    assert "Authenticator app set up" in page.inner_text("main")
    assert_accessible(page, context="(person with an authenticator app)")
    page.get_by_role("button", name="Reset two-factor authentication").click()
    assert "will set up their authenticator app again" in page.inner_text("main")
    assert "Not set up yet" in page.inner_text("main")
    assert_accessible(page, context="(two-factor authentication reset)")


def test_a_case_role_for_an_administrator_is_approved_by_a_second_one_on_the_audit_page(
    page, demo_data
):
    """Security review finding 4: the request waits on the audit page until another system
    administrator approves it."""
    from send_portal import administration
    from send_portal.models import Role, User
    from tests.factories import PASSWORD, la, person_with_role

    first = User.objects.get(email=f"admin@{demo.DEMO_DOMAIN}")
    colleague = person_with_role(Role.SYSTEM_ADMIN, email="colleague.admin@example.org")
    second = person_with_role(Role.SYSTEM_ADMIN, email="second.admin@example.org")
    administration.add_role(
        actor=first, person_id=colleague.pk, role=Role.CASEWORKER, organisation=la("881")
    )
    sign_in(page, second.email, PASSWORD)
    page.goto("/administration/")
    page.get_by_role("link", name="Audit of people, roles and organisations").click()
    assert "Roles waiting for a second system administrator" in page.inner_text("main")
    assert_accessible(page, context="(audit, a role waiting)")
    page.get_by_role("button", name="Approve").click()
    assert f"Approved by {second.display_name}" in page.inner_text("main")
    assert_accessible(page, context="(audit, approved)")
