"""Browser test harness: Playwright driving Debian's Chromium, with axe-core checks.

- Chromium is ``/usr/bin/chromium`` (Playwright cannot download browsers here).
- axe-core comes from ``node_modules/axe-core`` and is injected with ``page.evaluate`` so the
  page's strict CSP does not block it.
- Every check runs the WCAG 2.0, 2.1 and 2.2 A and AA rules, plus the best-practice rules in
  ``BEST_PRACTICE_RULES`` (axe tags ``region`` "best-practice", so a WCAG-tags-only run would
  never see content outside the landmarks); any violation fails the test with the rule, its help
  text and the offending elements. No rule is disabled.
- A failing test saves a full-page screenshot and the HTML to ``test-artifacts/``.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
#: Rules axe files under "best-practice" that the pages must pass as well: every piece of content
#: sits in a landmark (header, nav, main, footer), so a screen reader user can reach it by
#: landmark (axe rule ``region``; GOV.UK Design System: the phase banner goes inside the header).
BEST_PRACTICE_RULES = ["region"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """In the embedded run the live server's threads all share the test's one in-memory SQLite
    connection (Django passes it to them: an in-memory database exists only on that connection).
    Two requests at once (a page and its as-you-type suggestions) then run on one connection
    and fail ("cannot start a transaction within a transaction", a 500 page): seen in a run on a
    loaded machine. With SQLite the live server answers one request at a time; Django's server
    then closes each HTTP connection after its response, so the browser never waits on a kept-
    alive socket. PostgreSQL (the full-stack run) keeps the threaded server, a connection each."""
    from django.db import connection
    from django.test import testcases

    if connection.vendor != "sqlite":
        yield
        return
    threaded = testcases.LiveServerThread.server_class
    testcases.LiveServerThread.server_class = _one_request_server_class()
    yield
    testcases.LiveServerThread.server_class = threaded


def _one_request_server_class():
    from django.core.servers.basehttp import WSGIServer

    class OneRequestAtATimeServer(WSGIServer):
        """Django's plain WSGIServer, accepting the ``connections_override`` argument that
        ``LiveServerThread`` passes (the thread itself already installs those connections)."""

        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override

    return OneRequestAtATimeServer


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    browser = _playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _click_then_wait_for_the_page(click):
    """``click`` returns once a navigation it started has *committed*: the new address is set,
    but the new document may still be being parsed, so a ``count()`` or ``is_visible()`` straight
    after it can see a half-built page (a full-stack CI run failed so: the error summary of a form
    posted back to its own address counted 0). After every click the test therefore waits for the
    page in the frame to finish loading; when the click loaded nothing, the page has already
    loaded and the wait returns at once."""

    def click_and_wait(self, *args, **kwargs):
        result = click(self, *args, **kwargs)
        page = getattr(self, "page", self)
        page.wait_for_load_state("load")
        return result

    return click_and_wait


@pytest.fixture
def page(browser, live_server, request, transactional_db, monkeypatch):
    from playwright.sync_api import Locator, Page

    monkeypatch.setattr(Locator, "click", _click_then_wait_for_the_page(Locator.click))
    monkeypatch.setattr(Page, "click", _click_then_wait_for_the_page(Page.click))
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(str(exc)))
    page.console_errors = console_errors
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - the test already failed; say why no screenshot
            print(f"Could not save a screenshot: {exc!r}")
    context.close()


@pytest.fixture
def seeded_demo(transactional_db):
    """The demo as ``manage.py seed_demo`` builds it (letters' PDFs made): built by the first test
    of this process that asks for it, restored from a copy for the others
    (tests/demo_snapshot.py)."""
    from django.core.management import call_command

    from tests import demo_snapshot

    demo_snapshot.demo("seed-demo", lambda: call_command("seed_demo", stdout=io.StringIO()))


def assert_accessible(page, *, context: str = "") -> None:
    """Run axe-core on the page as it is now; fail on any WCAG 2.2 A/AA violation."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    results = page.evaluate(
        "async ([tags, extra]) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " rules: Object.fromEntries(extra.map((id) => [id, {enabled: true}])),"
        " resultTypes: ['violations']})",
        [WCAG_TAGS, BEST_PRACTICE_RULES],
    )
    violations = results["violations"]
    if violations:
        lines = [f"{len(violations)} axe violation(s) on {page.url} {context}".rstrip()]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {json.dumps(node['target'])}: {node['failureSummary']}")
        pytest.fail("\n".join(lines))


def assert_no_console_errors(page) -> None:
    errors = [e for e in page.console_errors if "favicon" not in e]
    assert not errors, f"JavaScript errors on {page.url}: {errors}"


def sign_in(page, email: str, password: str) -> None:
    """Sign in as a person would: password, then (for staff) the code from their authenticator
    app, setting the app up the first time (send_portal/security)."""
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/two-factor/" in page.url:
        enter_authenticator_code(page, email)


def enter_authenticator_code(page, email: str) -> None:
    """On the two-factor page (set-up or code), enter the code the person's app shows now."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.two_factor import code_for

    device = TOTPDevice.objects.filter(user__email__iexact=email).order_by("-confirmed").first()
    assert device is not None, f"{email} has no authenticator device"
    page.get_by_label("Code from your authenticator app").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
