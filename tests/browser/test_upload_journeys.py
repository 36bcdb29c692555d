"""Sending and reading documents in Chromium, with axe-core on every page visited.

A parent sends the council a report: the empty form and a program renamed ``.pdf`` are refused
with an error summary, then a real PDF goes through and is listed on their case page. The
caseworker sees it on the case page and downloads it (the same bytes), and adds a letter of
their own. The educational psychologist asked for advice sees the family's evidence and attaches
their report to the request.
"""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

from ehcp.models import AdviceRequest, ChildRelationship, EvidenceUpload, Stage
from ehcp.services import workflow
from send_portal import reference_data
from send_portal.models import Role
from tests.browser.conftest import assert_accessible, assert_no_console_errors, sign_in
from tests.ehcp.factories import ChildFactory, case_at, day
from tests.ehcp.view_helpers import link_family
from tests.factories import PASSWORD, UserFactory, la, person_with_role
from tests.send_portal.upload_samples import EXE, pdf_bytes


@pytest.fixture
def world(transactional_db):
    reference_data.ensure()
    # The workflow's decision letters are never opened here: leave them queued.
    with mock.patch("send_portal.tasks.render_document.delay"):
        essex = la("881")
        worker = person_with_role(Role.CASEWORKER, essex)
        child = ChildFactory(first_name="Amira", last_name="Khan")
        case = case_at(Stage.ASSESSING, child=child, actor=worker)
        parent = link_family(child, UserFactory(), ChildRelationship.Kind.PARENT)
        adviser = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, essex)
        advice = workflow.request_advice(
            actor=worker,
            case_id=case.pk,
            advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
            requested_on=day(case, "advice_requested"),
            adviser=adviser,
        )
    return {"case": case, "worker": worker, "parent": parent, "adviser": adviser, "advice": advice}


def check(page, context: str) -> None:
    assert_accessible(page, context=f"({context})")
    assert_no_console_errors(page)


def as_user(page, user) -> None:
    page.context.clear_cookies()
    sign_in(page, user.email, PASSWORD)


def choose_file(page, name: str, content: bytes, mime: str = "application/pdf") -> None:
    page.get_by_label("Upload a file").set_input_files(
        files=[{"name": name, "mimeType": mime, "buffer": content}]
    )


def test_a_parent_sends_evidence_and_the_caseworker_reads_it(page, world, tmp_path):
    case = world["case"]
    report = pdf_bytes("Speech and language therapy report for Amira")

    as_user(page, world["parent"])
    page.goto(f"/my-cases/{case.reference}/")
    check(page, "family case page, no documents")
    assert "No documents yet." in page.locator("main").inner_text()
    page.get_by_role("link", name="Send a document to the council").click()
    page.wait_for_load_state()
    check(page, "send a document")

    page.get_by_role("button", name="Send the document").click()
    page.wait_for_load_state()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Select what kind of document this is" in summary
    assert "Enter a short description of the document" in summary
    assert "Select a file to upload" in summary
    check(page, "send a document, nothing answered")

    page.get_by_label("Report from a professional").check()
    page.get_by_label("Describe the document").fill("Speech and language therapy report, March")
    choose_file(page, "report.pdf", EXE)
    page.get_by_role("button", name="Send the document").click()
    page.wait_for_load_state()
    assert (
        "The selected file must be a PDF, JPG, PNG, DOCX or ODT"
        in page.locator(".govuk-error-summary").inner_text()
    )
    check(page, "send a document, a program renamed .pdf")
    assert not EvidenceUpload.objects.exists()

    page.get_by_label("Report from a professional").check()
    choose_file(page, "SALT report.pdf", report)
    page.get_by_role("button", name="Send the document").click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "SALT_report.pdf has been added" in main
    assert "Speech and language therapy report, March" in main
    check(page, "family case page with the document")

    as_user(page, world["worker"])
    page.goto(f"/cases/{case.reference}/")
    check(page, "case page with the family's document")
    documents = page.locator("#evidence ~ table").first
    assert "SALT_report.pdf" in documents.inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="SALT_report.pdf (download)").click()
    download = download_info.value
    assert download.suggested_filename == "SALT_report.pdf"
    saved = tmp_path / "saved.pdf"
    download.save_as(saved)
    assert Path(saved).read_bytes() == report

    page.get_by_role("link", name="Add a document").click()
    page.wait_for_load_state()
    check(page, "add a document (council)")
    page.get_by_label("Letter").check()
    page.get_by_label("Describe the document").fill("Letter from the GP about sleep")
    choose_file(page, "gp letter.pdf", pdf_bytes("GP letter"))
    page.get_by_role("button", name="Add the document").click()
    page.wait_for_load_state()
    assert "gp_letter.pdf has been added" in page.locator("main").inner_text()
    check(page, "case page with two documents")


def test_an_adviser_sees_the_familys_evidence_and_attaches_their_report(page, world):
    from ehcp.uploads.services import upload_evidence
    from tests.send_portal.upload_samples import upload

    upload_evidence(
        actor=world["parent"],
        case=world["case"],
        file=upload("school letter.pdf", pdf_bytes("School letter")),
        kind=EvidenceUpload.Kind.SCHOOL,
        description="Letter from the SENCo",
    )
    as_user(page, world["adviser"])
    page.goto(f"/advice/{world['advice'].pk}/")
    main = page.locator("main").inner_text()
    assert "Evidence from the family" in main and "school_letter.pdf" in main
    check(page, "advice page with the family's evidence")
    page.get_by_role("link", name="Attach a report").click()
    page.wait_for_load_state()
    check(page, "attach a report")
    page.get_by_label("Describe the document").fill("Psychological advice report")
    choose_file(page, "EP report.pdf", pdf_bytes("EP report"))
    page.get_by_role("button", name="Attach the report").click()
    page.wait_for_load_state()
    assert "EP_report.pdf has been added" in page.locator("main").inner_text()
    check(page, "advice page with the report attached")
    assert EvidenceUpload.objects.get(source="adviser").advice_request == world["advice"]
