"""Two-factor sign-in pages in Chromium with axe checks: setting up the app (QR code), a wrong
code, the code page, and the demo help."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from send_portal.models import Role
from tests.browser.conftest import assert_accessible, assert_no_console_errors
from tests.factories import PASSWORD, la, person_with_role
from tests.two_factor import code_for


def _password(page, email):
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_caseworker_sets_up_the_app_then_signs_in_with_a_code(page, settings):
    settings.DEMO_MODE = False
    worker = person_with_role(Role.CASEWORKER, la("881"))
    _password(page, worker.email)
    assert "/two-factor/set-up/" in page.url
    assert page.locator(".app-qr-code svg").count() == 1
    assert_accessible(page, context="(set up the authenticator app)")
    page.get_by_role("button", name="Continue").click()
    assert "Enter the 6-digit code" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(set up, error)")
    device = TOTPDevice.objects.get(user=worker)
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/two-factor/" not in page.url
    assert_no_console_errors(page)

    page.context.clear_cookies()
    _password(page, worker.email)
    assert page.url.endswith("/two-factor/?next=%2F") or "/two-factor/?" in page.url
    assert_accessible(page, context="(enter the code)")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    assert "That code is not right" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(wrong code)")
    # After one wrong code django-otp refuses any code for 1 second; a person takes longer than
    # that to type the next one, a browser test may not.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/two-factor/" not in page.url


def test_the_demo_shows_its_code(page, settings):
    settings.DEMO_MODE = True
    page.goto("/sign-in/")
    assert "Demo: staff accounts" in page.locator("main").inner_text()
    assert_accessible(page, context="(sign in, demo)")
