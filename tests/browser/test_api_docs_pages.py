"""The API documentation (Swagger UI) works under the portal's CSP, from local files:
no blocked script or style, and the operations are listed."""

from __future__ import annotations

from tests.browser.conftest import assert_no_console_errors


def test_swagger_ui_lists_the_public_operations_without_csp_errors(page):
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    text = page.locator("#swagger-ui").inner_text()
    assert "/api/v1/timescales/" in text
    assert "/api/v1/cases/" not in text  # not signed in: public resources only
    assert_no_console_errors(page)
