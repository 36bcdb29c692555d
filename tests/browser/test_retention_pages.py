"""The SEND manager's retention, subject access and erasure pages, checked with axe-core."""

from __future__ import annotations

import pytest

from ehcp.models import Child, Stage
from send_portal import erasure
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.ehcp.factories import case_at, manager
from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _ledger(settings, tmp_path):
    settings.ERASURE_LEDGER_PATH = str(tmp_path / "erasure-ledger.jsonl")


def test_a_send_manager_downloads_the_access_log_and_erases_a_record(page):
    case = case_at(Stage.NOT_ASSESSED)
    boss = manager(email="send.manager@example.org")
    name = case.child.full_name

    sign_in(page, boss.email, PASSWORD)
    page.get_by_role("link", name="Retention, erasure and subject access").first.click()
    assert page.locator("h1").inner_text() == "Retention and erasure"
    assert_accessible(page, context="(retention index)")

    page.get_by_role("button", name="Find the record").click()
    assert "Enter a case reference" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(find, error)")
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_role("button", name="Find the record").click()
    assert page.locator("h1").inner_text() == name
    assert_accessible(page, context="(record)")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the access log").click()
    assert download.value.suggested_filename == f"access-log-child-{case.child_id}.csv"

    page.get_by_role("link", name="Erase this record").click()
    page.get_by_role("button", name="Continue").click()
    assert "Enter why you are erasing" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(reason, error)")
    page.get_by_label("Why are you erasing this record?").fill("Erasure request of 3 March")
    page.get_by_role("button", name="Continue").click()
    assert page.locator("h1").inner_text() == "Check before you erase the record"
    assert_accessible(page, context="(check)")
    page.get_by_role("button", name="Erase the record").click()
    assert "Record erased" in page.locator("h1").inner_text()
    assert_accessible(page, context="(erased)")
    assert_no_console_errors(page)
    assert Child.objects.get(pk=case.child_id).first_name == erasure.ERASED
