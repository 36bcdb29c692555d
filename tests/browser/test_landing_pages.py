"""Sign in as every demo role and check its landing page with axe-core."""

import pytest
from django.utils import timezone
from django.utils.html import escape
from playwright.sync_api import expect

from send_portal import demo
from send_portal.landing import GUIDES
from send_portal.models import Role, User
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in


@pytest.fixture
def demo_data(seeded_demo):
    """The demo as ``seed_demo`` builds it (restored from this process's copy after the first
    build: tests/demo_snapshot.py)."""


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_an_accessible_page(page, demo_data, role):
    user = User.objects.filter(role_assignments__role=role).order_by("pk").first()
    sign_in(page, user.email, demo.DEMO_PASSWORD)
    heading = page.locator("h1").first.inner_text()
    assert heading == "What you can do here"
    assert GUIDES[role].heading in page.locator("main").inner_text()
    assert_accessible(page, context=f"(landing page for {role})")
    assert_no_console_errors(page)
    assert escape(user.display_name)  # signed in as that person
    assert f"Signed in as {user.display_name}" in page.inner_text("body")


def test_notification_centre_is_accessible(page, demo_data):
    from send_portal.notifications import notify

    parent = User.objects.get(email=f"parent@{demo.DEMO_DOMAIN}")
    # The demo's EHC case has already told the parent about its steps: start from none unread.
    parent.notifications.filter(read_at=None).update(read_at=timezone.now())
    notify(
        recipient=parent,
        subject="Draft EHC plan for Alex sent to you",
        what_happened="Essex County Council sent you Alex's draft EHC plan on 2 March 2026.",
        what_to_do="Tell us what you think of it and which school you want named.",
        due_date=__import__("datetime").date(2026, 3, 16),
        legal_basis="SEND Regulations 2014 reg 13(1)(a)",
        link="/",
    )
    sign_in(page, parent.email, demo.DEMO_PASSWORD)
    page.get_by_role("link", name="Notifications (1 unread)").click()
    assert "Draft EHC plan for Alex sent to you" in page.inner_text("main")
    assert_accessible(page, context="(notifications)")
    page.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert_accessible(page, context="(notifications, read)")


def test_sign_out_from_any_page(page, demo_data):
    sign_in(page, f"caseworker@{demo.DEMO_DOMAIN}", demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    assert page.locator("h1").inner_text() == "You have signed out"
