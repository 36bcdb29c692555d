"""Every dashboard page in Chromium with axe checks: public (no sign-in), each restricted view
by a person allowed to see it, the SEN2 check page, and a CSV download from the page."""

import csv
import io
from pathlib import Path

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from dashboards import published
from send_portal.models import Organisation, OrganisationMembership, Role
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.dashboards import handbuilt
from tests.factories import PASSWORD, la, person_with_role

EAST = "E12000006"


@pytest.fixture
def area(settings):
    settings.DASHBOARDS_CACHE_SECONDS = 0
    cache.clear()
    built = handbuilt.build()
    essex = built["essex"]
    partnership = Organisation.objects.create(
        kind=Organisation.Kind.PARTNERSHIP,
        name="Essex and Thurrock SEND Partnership",
        region=essex.region,
        local_authority=essex,
    )
    for member in (essex, built["thurrock"]):
        OrganisationMembership.objects.create(group=partnership, member=member, sector="la")
    published.import_release(
        area_codes={"E92000001", EAST, essex.ons_code, built["thurrock"].ons_code}
    )
    built["partnership"] = partnership
    return built


def visit(page, path, heading, context):
    page.goto(path)
    assert heading in page.locator("h1").inner_text()
    assert_accessible(page, context=context)
    assert_no_console_errors(page)


def test_public_dashboards_are_readable_by_anyone(page, area):
    page.goto("/dashboards/")
    assert_accessible(page, context="(index)")
    # No council chosen: a GOV.UK error message (issue 20: the index is a select).
    page.get_by_role("button", name="Show dashboard").click()
    assert "Select your council" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, context="(index, nothing chosen)")
    page.get_by_label("Find your council's dashboard").select_option(label="Essex")
    page.get_by_role("button", name="Show dashboard").click()
    assert "EHC plans in Essex" in page.locator("h1").inner_text()
    assert_accessible(page, context="(public council)")
    # Charts are images with a text alternative, and the figures are in a table beside them.
    chart = page.locator("svg[role=img]").first
    assert chart.get_attribute("aria-labelledby")
    expect(page.locator("#table-key-figures")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator("a[href*='csv=need-mix']").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    table = page.locator("#table-need-mix tr")
    assert len(rows) == table.count()
    assert rows[0] == [c.strip() for c in table.nth(0).locator("th").all_inner_texts()]
    page.get_by_role("link", name="Easy read version").click()
    assert "the main facts" in page.locator("h1").inner_text()
    assert_accessible(page, context="(easy read)")
    visit(page, "/dashboards/public/england/", "EHC plans in England", "(public England)")
    visit(
        page,
        f"/dashboards/public/partnerships/{area['partnership'].pk}/",
        "EHC plans in Essex and Thurrock",
        "(public partnership)",
    )
    visit(page, "/dashboards/definitions/", "What the dashboard measures mean", "(definitions)")


def test_restricted_dashboards_for_each_role_that_may_see_them(page, area):
    essex = area["essex"]
    manager = person_with_role(Role.SEND_MANAGER, essex)
    sign_in(page, manager.email, PASSWORD)
    visit(page, "/dashboards/councils/881/", "Essex: inclusion dashboard", "(council, manager)")
    visit(page, "/dashboards/councils/881/sen2/?year=2025", "SEN2 return 2025", "(SEN2 check)")
    page.context.clear_cookies()

    board = person_with_role(Role.BOARD_MEMBER, area["partnership"])
    sign_in(page, board.email, PASSWORD)
    visit(
        page,
        f"/dashboards/partnerships/{area['partnership'].pk}/",
        "Essex and Thurrock SEND Partnership",
        "(partnership, board member)",
    )
    page.context.clear_cookies()

    officer = person_with_role(
        Role.REGIONS_GROUP_OFFICER,
        Organisation.objects.get(kind="regions_group", region__code=EAST),
    )
    sign_in(page, officer.email, PASSWORD)
    visit(page, f"/dashboards/regions/{EAST}/", "East of England", "(region, Regions Group)")
    page.context.clear_cookies()

    analyst = person_with_role(Role.DFE_ANALYST, Organisation.objects.get(kind="dfe"))
    sign_in(page, analyst.email, PASSWORD)
    page.goto("/dashboards/")
    page.get_by_role("link", name="England: national dashboard").click()
    assert "England: national inclusion dashboard" in page.locator("h1").inner_text()
    assert_accessible(page, context="(England, DfE)")
    response = page.goto(f"/dashboards/councils/{la('883').la_code}/sen2/")
    assert response.status == 404
