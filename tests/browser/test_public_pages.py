"""Every public page, checked with axe-core in Chromium."""

import pytest

from tests.browser.conftest import assert_accessible, assert_no_console_errors

PAGES = [
    ("/", "SEND Partnership Portal"),
    ("/sign-in/", "Sign in"),
    ("/password-reset/", "Reset your password"),
    ("/password-reset/sent/", "Check your email"),
    ("/password-reset/MQ/bad-token/", "This link has expired"),
    ("/signed-out/", "You have signed out"),
    ("/accessibility/", "Accessibility statement"),
    ("/privacy/", "Privacy notice"),
    ("/cookies/", "Cookies"),
    ("/help/", "Help and independent advice"),
    ("/your-rights/", "Your rights"),
    ("/your-rights/easy-read/", "Your rights"),
    ("/timescales/", "Work out the legal deadlines"),
    ("/no-such-page/", "Page not found"),
]


@pytest.mark.parametrize("path,heading", PAGES)
def test_public_page_has_no_axe_violations(page, path, heading):
    page.goto(path)
    assert heading in page.locator("h1").first.inner_text()
    assert_accessible(page)
    if path != "/no-such-page/":  # the 404 page's own status is reported as a console error
        assert_no_console_errors(page)


def test_sign_in_errors_are_summarised_accessibly(page):
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter your email address" in summary.inner_text()
    assert page.title().startswith("Error: ")
    assert_accessible(page, context="(sign-in errors)")
    summary.get_by_role("link", name="Enter your email address").click()
    assert page.evaluate("document.activeElement.id") == "id_username"


def test_password_reset_errors_are_summarised_accessibly(page):
    page.goto("/password-reset/")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Send the link").click()
    assert "correct format" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(password reset errors)")


def test_timescales_calculator_results_and_errors_are_accessible(page):
    page.goto("/timescales/")
    group = page.get_by_role("group", name="When did the council receive the request")
    group.get_by_label("Day").fill("1")
    group.get_by_label("Month").fill("9")
    group.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Work out the deadlines").click()
    table = page.locator("table.govuk-table")
    assert "Monday 13 October 2025" in table.inner_text()
    assert "reg 13(2)" in table.inner_text()
    assert_accessible(page, context="(results)")
    group = page.get_by_role("group", name="When did the council receive the request")
    group.get_by_label("Month").fill("13")
    page.get_by_role("button", name="Work out the deadlines").click()
    assert "must be a real date" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(errors)")
