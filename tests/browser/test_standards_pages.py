"""The National Standards catalogue in Chromium, with axe-core on every page visited: a parent
browses the illustrative standards without signing in; a DfE editor drafts a change and sees
exactly what changed."""

import pytest
from playwright.sync_api import expect

from send_portal import reference_data
from send_portal.models import Role
from standards import content
from standards.models import CatalogueVersion
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.factories import PASSWORD, organisation_for_role, person_with_role

ILLUSTRATIVE = "Illustrative content: DfE has not yet published the National Standards"


@pytest.fixture
def catalogue(transactional_db):
    reference_data.ensure()
    return content.install()


def _check(page, context: str) -> None:
    assert ILLUSTRATIVE in page.inner_text("main"), f"{context}: no illustrative label"
    expect(page.locator(".govuk-tag").first, f"{context}: no status tag").to_be_visible()
    assert_accessible(page, context=f"({context})")


def test_a_parent_browses_what_support_a_school_should_offer(page, catalogue):
    page.goto("/national-standards/")
    assert (
        "What support should your child's nursery, school or college offer?"
        in page.locator("h1").inner_text()
    )
    _check(page, "standards browser")
    assert_no_console_errors(page)

    page.get_by_label("Social, emotional and mental health").check()
    page.get_by_label("School", exact=True).check()
    page.get_by_role("button", name="Show the support").click()
    results = page.locator("#results").inner_text()
    assert "for social, emotional and mental health, in school" in results
    expect(page.get_by_role("link", name="A whole-setting approach to wellbeing")).to_be_visible()
    assert not page.get_by_role("link", name="Spotting speech, language").is_visible()
    _check(page, "filtered standards")

    page.get_by_role(
        "link", name="Targeted support for social, emotional and mental health"
    ).click()
    main = page.inner_text("main")
    assert "Who is responsible" in main and "Which budget pays" in main
    assert "Published" in main
    expect(
        page.get_by_role("link", name="find your council's website (opens GOV.UK)")
    ).to_be_visible()
    _check(page, "a standard")

    page.get_by_role("link", name="What changed in version 1").click()
    assert "first version you can see" in page.inner_text("main")
    _check(page, "changes in version 1")

    page.goto("/national-standards/versions/")
    assert "Version 2" not in page.inner_text("main"), "a version in development is not public"
    _check(page, "versions")


def test_a_dfe_editor_changes_a_draft_standard_and_sees_the_difference(page, catalogue):
    editor = person_with_role(Role.DFE_ANALYST, organisation_for_role(Role.DFE_ANALYST))
    sign_in(page, editor.email, PASSWORD)
    page.get_by_role("link", name="National Standards versions").click()
    _check(page, "versions for an editor")

    page.get_by_role("link", name="Version 2", exact=True).click()
    assert "In development" in page.inner_text("main")
    _check(page, "version 2")

    page.get_by_role("link", name="Support for specific learning difficulties").click()
    page.get_by_role("link", name="Change this standard").click()
    _check(page, "edit form")

    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save the standard").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter a title" in summary.inner_text()
    assert page.title().startswith("Error: ")
    _check(page, "edit form with errors")

    page.get_by_label("Title").fill("Support for dyslexia and other specific learning difficulties")
    page.get_by_label("Health", exact=True).check()
    page.get_by_role("button", name="Save the standard").click()
    assert "Standard CL-3 saved" in page.inner_text("main")
    _check(page, "saved standard")

    page.get_by_role("link", name="What changed in version 2").click()
    changes = page.inner_text("main")
    assert "CL-3" in changes and "Changed" in changes
    expect(page.locator("ins", has_text="dyslexia and other").first).to_be_visible()
    expect(page.locator("del", has_text="such as dyslexia").first).to_be_visible()
    _check(page, "changes in version 2")

    page.goto("/national-standards/versions/1/CL-3/change/")
    assert "Version 1 cannot be changed" in page.locator("h1").inner_text()
    _check(page, "a published version refuses changes")

    page.goto("/national-standards/versions/2/status/")
    _check(page, "change the stage")
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Confirm the new stage").click()
    assert "Version 2 is now published" in page.inner_text("main")
    _check(page, "version 2 published")
    assert CatalogueVersion.objects.get(number=2).status == CatalogueVersion.Status.PUBLISHED
