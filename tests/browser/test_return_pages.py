"""The statutory returns pages (issue 18), each checked with axe-core (WCAG 2.2 A and AA), with
their GOV.UK error messages: the caseworker's details for the returns, placements and the end of
a plan on the case; the SEND manager's SEN2 check and download, designated officers, import and
Annex A check and download."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from dashboards.periods import ReportingYear
from ehcp.models import Case, Child
from ehcp.returns.sen2 import build_return
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.ehcp.factories import caseworker, manager
from tests.ehcp.returns.helpers import annex_a_valid_data, valid_data
from tests.factories import PASSWORD


def check(page, what: str) -> None:
    assert_accessible(page, context=f"({what})")
    assert_no_console_errors(page)


def fill_date(page, name: str, value: date) -> None:
    page.fill(f"#id_{name}_0", str(value.day))
    page.fill(f"#id_{name}_1", str(value.month))
    page.fill(f"#id_{name}_2", str(value.year))


def error_summary(page) -> str:
    """The error summary's text. A form posted back to its own address has committed, but may not
    yet be parsed, when `click` returns: `inner_text` waits for the element, `count` would not, so
    counts after a click use `expect(...).to_have_count`, which waits."""
    return page.locator(".govuk-error-summary").inner_text()


def test_a_caseworker_records_what_the_returns_need_on_the_case(page):
    data = valid_data()
    case = (
        Case.objects.filter(local_authority=data["essex"], final_issued_on__isnull=False)
        .order_by("pk")
        .first()
    )
    worker = caseworker(email="returns.caseworker@example.org")
    sign_in(page, worker.email, PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    check(page, "case page")

    page.get_by_role("link", name="Details for SEN2 and Annex A").click()
    assert page.locator("h1").inner_text() == "Details for statutory returns"
    check(page, "return details")
    page.get_by_label("Part of it is organised arrangements").check()
    page.get_by_label("A personal budget was taken up").uncheck()
    page.get_by_role("button", name="Save details").click()
    assert "organised arrangements" in error_summary(page)
    check(page, "return details, error")
    page.get_by_label("A personal budget was taken up").check()
    page.get_by_role("button", name="Save details").click()
    assert page.url.endswith(f"/cases/{case.reference}/")
    assert Case.objects.get(pk=case.pk).personal_budget_organised

    page.get_by_role("link", name="Record a placement").click()
    check(page, "record a placement")
    page.get_by_role("button", name="Record placement").click()
    assert "the date it started" in error_summary(page)
    check(page, "record a placement, errors")
    page.get_by_label("Otherwise, the kind of placement").select_option("EHE")
    page.get_by_label("Second placement (dual registration)").check()
    fill_date(page, "entry_on", date(2024, 9, 2))
    page.get_by_role("button", name="Record placement").click()
    assert page.url.endswith(f"/cases/{case.reference}/")
    placement = case.placements.get(rank=2)

    page.locator(f"a[href$='/placements/{placement.pk}/end/']").click()
    check(page, "end a placement")
    page.get_by_role("button", name="Record", exact=True).click()
    assert "the date it ended" in error_summary(page)
    check(page, "end a placement, error")
    fill_date(page, "leaving_on", date(2024, 12, 20))
    page.get_by_role("button", name="Record", exact=True).click()
    placement.refresh_from_db()
    assert placement.leaving_on == date(2024, 12, 20)

    page.get_by_role("link", name="Record that the plan ended").click()
    check(page, "plan ended")
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    check(page, "plan ended, errors")


def test_a_send_manager_checks_downloads_and_imports_the_councils_returns(page, tmp_path):
    data = annex_a_valid_data()
    essex = data["essex"]
    boss = manager(email="returns.manager@example.org")
    child = Child.objects.filter(local_authority=essex, cases__final_issued_on__isnull=False)[0]
    Child.objects.filter(pk=child.pk).update(postcode="")
    sign_in(page, boss.email, PASSWORD)

    page.goto("/dashboards/councils/881/sen2/?year=2025")
    assert "SEN2 return 2025" in page.locator("h1").inner_text()
    assert "Enter the home postcode" in page.locator("main").inner_text()
    check(page, "SEN2 check with problems")
    page.goto("/dashboards/councils/881/sen2/return.xml?year=2025")
    assert "/sen2/?year=2025" in page.url  # back to the problems: no file yet
    Child.objects.filter(pk=child.pk).update(postcode="CM1 1AA")
    page.goto("/dashboards/councils/881/sen2/?year=2025")
    check(page, "SEN2 check, no problems")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the SEN2 return (XML)").click()
    assert download.value.suggested_filename == "SEN2-881-2025.xml"

    page.get_by_role("link", name="Designated officers in post (DMO, DCO, DSCO)").click()
    check(page, "designated officers")
    page.get_by_label("A designated medical officer (DMO) is in post").check()
    page.get_by_role("button", name="Save").click()
    assert "/sen2/" in page.url

    page.goto("/returns/881/sen2/import/")
    check(page, "import")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    check(page, "import, no file")
    not_xml = tmp_path / "not-sen2.xml"
    not_xml.write_bytes(b"<Other/>")
    page.set_input_files("#id_file", str(not_xml))
    page.get_by_role("button", name="Upload").click()
    assert "not a SEN2 return" in error_summary(page)
    check(page, "import, wrong file")
    exported = tmp_path / "SEN2-881-2025.xml"
    exported.write_bytes(build_return(essex, ReportingYear(2025)).xml())
    page.set_input_files("#id_file", str(exported))
    page.get_by_role("button", name="Upload").click()
    assert "The file can be imported" in page.locator("main").inner_text()
    check(page, "import, checked")

    page.goto("/returns/881/annex-a/")
    assert "Annex A" in page.locator("h1").inner_text()
    check(page, "Annex A check")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download Annex A (XLSX)").click()
    assert download.value.suggested_filename.startswith("Annex-A-881-")
