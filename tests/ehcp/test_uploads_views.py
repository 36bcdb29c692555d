"""The upload pages and the download view: who can reach them (someone else's child and another
council are 404), what a refused file looks like (error summary, nothing changed), the list of
documents on the case pages, and the headers a download is sent with."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.urls import reverse

from ehcp.models import EvidenceUpload
from send_portal.models import AuditEvent
from tests.ehcp import upload_world
from tests.ehcp.view_helpers import error_summary, field_error, page_text
from tests.send_portal.upload_samples import EXE, SVG, image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return upload_world.build()


def post(client, address, *, file=None, kind="report", description="Speech therapy report"):
    data = {"description": description}
    if kind is not None:
        data["kind"] = kind
    if file is not None:
        data["file"] = file
    return client.post(address, data)


def family_url(world):
    return reverse("family-evidence-upload", args=[world.ref])


def case_url(world):
    return reverse("case-evidence-upload", args=[world.ref])


def advice_url(world, advice=None):
    return reverse("advice-evidence-upload", args=[(advice or world.advice).pk])


def download_url(world, evidence):
    return reverse("case-evidence-download", args=[world.ref, evidence.pk])


# ---- uploading ----------------------------------------------------------------------------------


def test_a_parent_sends_a_document_and_sees_it_listed_on_their_case_page(world, client):
    client.force_login(world.parent)
    page = client.get(family_url(world))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in body
    assert 'class="govuk-file-upload"' in body and 'type="file"' in body
    assert "smaller than 10 MB" in page_text(page)
    response = post(client, family_url(world), file=upload("Therapy report.pdf", pdf_bytes()))
    assert response.status_code == 302
    assert response["Location"] == reverse("family-case", args=[world.ref]) + "#evidence"
    evidence = EvidenceUpload.objects.get()
    text = page_text(client.get(reverse("family-case", args=[world.ref])))
    assert "Therapy_report.pdf has been added" in text
    assert f"Therapy_report.pdf (download) {evidence.size_label}. Speech therapy report" in text
    assert "Report from a professional" in text
    assert f"by {world.parent.display_name} (family)" in text
    assert (
        download_url(world, evidence)
        in client.get(reverse("family-case", args=[world.ref])).content.decode()
    )


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("report.pdf", EXE), "The selected file must be a PDF, JPG, PNG, DOCX or ODT"),
        (upload("drawing.svg", SVG, "image/svg+xml"), "The selected file must be a PDF, JPG"),
        (upload("scan.pdf", image_bytes("PNG")), "The selected file is a PNG but its name ends"),
        (upload("report.pdf", b""), "The selected file is empty"),
        (None, "Select a file to upload"),
    ],
)
def test_a_refused_file_shows_an_error_summary_and_changes_nothing(world, client, file, message):
    client.force_login(world.parent)
    events = world.case.events.count()
    response = post(client, family_url(world), file=file)
    assert response.status_code == 200
    assert any(line.startswith(message) for line in error_summary(response)), error_summary(
        response
    )
    assert field_error(response, "id_file").startswith(message)
    assert "Speech therapy report" in response.content.decode()  # the answers are kept
    assert not EvidenceUpload.objects.exists()
    assert world.case.events.count() == events


def test_every_problem_on_the_page_is_listed_together(world, client):
    client.force_login(world.parent)
    response = post(client, family_url(world), file=upload("report.pdf", EXE), kind=None)
    assert error_summary(response) == [
        "Select what kind of document this is",
        "The selected file must be a PDF, JPG, PNG, DOCX or ODT",
    ]
    response = post(client, family_url(world), file=None, kind=None, description="")
    assert error_summary(response) == [
        "Select what kind of document this is",
        "Enter a short description of the document",
        "Select a file to upload",
    ]


def test_a_file_over_the_limit_is_stopped_while_it_streams_in(world, client, settings):
    settings.SEND_PORTAL_UPLOAD_MAX_BYTES = 2000
    client.force_login(world.parent)
    big = pdf_bytes() + b"%" + b"x" * 5000
    response = post(client, family_url(world), file=upload("big.pdf", big))
    assert response.status_code == 200
    assert error_summary(response) == ["The selected file must be smaller than 2 KB"]
    assert not EvidenceUpload.objects.exists()


def test_the_upload_page_keeps_csrf_protection(world, client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(world.parent)
    response = post(csrf_client, family_url(world), file=upload("report.pdf", pdf_bytes()))
    assert response.status_code == 403
    assert not EvidenceUpload.objects.exists()


def test_the_caseworker_adds_a_document_from_the_case_page(world, client):
    client.force_login(world.caseworker)
    case_page = page_text(client.get(reverse("case-detail", args=[world.ref])))
    assert "Evidence and documents No documents have been added. Add a document" in case_page
    response = post(client, case_url(world), file=upload("letter.jpg", image_bytes("JPEG")))
    assert response["Location"] == reverse("case-detail", args=[world.ref]) + "#evidence"
    evidence = EvidenceUpload.objects.get()
    assert evidence.source == "council" and evidence.content_type == "image/jpeg"
    assert "letter.jpg (download)" in page_text(
        client.get(reverse("case-detail", args=[world.ref]))
    )


def test_an_adviser_attaches_a_report_to_their_open_request_and_sees_the_familys_evidence(
    world, client
):
    family = upload_world.add(world, "parent", name="Family letter.pdf")
    client.force_login(world.adviser)
    advice_page = client.get(reverse("advice-submit", args=[world.advice.pk]))
    text = page_text(advice_page)
    assert "Evidence from the family" in text and "Family_letter.pdf" in text
    assert "SEND Regulations 2014 reg 7" in text
    assert 'name="kind"' not in client.get(advice_url(world)).content.decode()
    response = post(client, advice_url(world), file=upload("EP report.pdf", pdf_bytes()), kind=None)
    assert response["Location"] == reverse("advice-submit", args=[world.advice.pk]) + "#attachments"
    report = EvidenceUpload.objects.exclude(pk=family.pk).get()
    assert report.kind == "report" and report.advice_request == world.advice
    text = page_text(client.get(reverse("advice-submit", args=[world.advice.pk])))
    yours = text.split("Your report", 1)[1].split("Evidence from the family", 1)[0]
    assert "EP_report.pdf (download)" in yours


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("parent", "family", 200),
        ("other_parent", "family", 404),
        ("other_council", "family", 404),
        ("caseworker", "family", 403),  # council staff add documents from the case page
        ("caseworker", "case", 200),
        ("manager", "case", 200),
        ("other_council", "case", 404),
        ("parent", "case", 403),
        ("other_parent", "case", 404),
        ("adviser", "advice", 200),
        ("closed_adviser", "advice", 404),
        ("caseworker", "advice", 403),
        ("parent", "advice", 403),
    ],
)
def test_who_can_open_each_upload_page(world, client, who, page, status):
    address = {"family": family_url, "case": case_url, "advice": advice_url}[page](world)
    client.force_login(getattr(world, who))
    assert client.get(address).status_code == status
    assert post(client, address, file=upload("report.pdf", pdf_bytes())).status_code in (
        status,
        302,
    )
    assert EvidenceUpload.objects.exists() == (status == 200)


def test_the_closed_advice_request_of_another_adviser_is_404(world, client):
    closed = world.case.advice_requests.get(adviser=world.closed_adviser)
    client.force_login(world.adviser)
    assert client.get(advice_url(world, closed)).status_code == 404


@pytest.mark.parametrize("page", ["family", "case", "advice"])
def test_anonymous_people_are_sent_to_sign_in_and_the_body_is_not_read(world, client, page):
    address = {"family": family_url, "case": case_url, "advice": advice_url}[page](world)
    response = post(client, address, file=upload("report.pdf", pdf_bytes()))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not EvidenceUpload.objects.exists()


# ---- downloading --------------------------------------------------------------------------------


@pytest.fixture
def documents(world):
    return {
        "family": upload_world.add(world, "parent", name="Zoë's report.pdf"),
        "council": upload_world.add(world, "caseworker", name="letter.pdf"),
        "adviser": upload_world.add(world, "adviser", name="ep.pdf"),
    }


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("parent", {"family": 200, "council": 200, "adviser": 404}),
        ("caseworker", {"family": 200, "council": 200, "adviser": 200}),
        ("manager", {"family": 200, "council": 200, "adviser": 200}),
        ("adviser", {"family": 200, "council": 404, "adviser": 200}),
        ("closed_adviser", {"family": 404, "council": 404, "adviser": 404}),
        ("other_parent", {"family": 404, "council": 404, "adviser": 404}),
        ("other_council", {"family": 404, "council": 404, "adviser": 404}),
    ],
)
def test_who_can_download_each_document(world, documents, client, who, expected):
    client.force_login(getattr(world, who))
    for source, status in expected.items():
        response = client.get(download_url(world, documents[source]))
        assert response.status_code == status, (who, source)


def test_anonymous_downloads_are_sent_to_sign_in(world, documents, client):
    response = client.get(download_url(world, documents["family"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_an_adviser_loses_access_when_their_advice_is_sent(world, documents, client):
    from ehcp.services import workflow
    from tests.ehcp.factories import day

    client.force_login(world.adviser)
    assert client.get(download_url(world, documents["family"])).status_code == 200
    workflow.record_advice_received(
        actor=world.adviser,
        advice_id=world.advice.pk,
        received_on=day(world.case, "advice_received"),
        summary="Needs support with communication.",
    )
    assert client.get(download_url(world, documents["family"])).status_code == 404
    assert client.get(download_url(world, documents["adviser"])).status_code == 404


def test_a_download_is_an_attachment_with_the_found_type_and_no_way_to_run_script(
    world, documents, client
):
    evidence = documents["family"]
    client.force_login(world.caseworker)
    response = client.get(download_url(world, evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == evidence.file.open("rb").read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"Zos_report.pdf\"; filename*=UTF-8''"
        + quote("Zoës_report.pdf", safe="")
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_staff_downloads_are_in_the_access_log_and_the_familys_are_their_own(
    world, documents, client
):
    evidence = documents["family"]
    for person in (world.caseworker, world.adviser, world.parent):
        client.force_login(person)
        assert client.get(download_url(world, evidence)).status_code == 200
    views = AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, object_id=str(evidence.pk), child_id=world.case.child_id
    )
    assert {event.actor for event in views} == {world.caseworker, world.adviser}
    assert all("Downloaded 'Zoës_report.pdf'" in event.summary for event in views)


def test_a_missing_stored_file_is_a_404_not_an_error(world, documents, client):
    evidence = documents["council"]
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(world.caseworker)
    assert client.get(download_url(world, evidence)).status_code == 404


def test_the_case_page_lists_documents_without_a_query_per_document(
    world, client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.caseworker)
    address = reverse("case-detail", args=[world.ref])
    upload_world.add(world, "parent")
    with CaptureQueriesContext(connection) as one:
        client.get(address)
    for n in range(4):
        upload_world.add(world, "parent", name=f"report {n}.pdf")
    with django_assert_max_num_queries(len(one.captured_queries) + 2):
        # + the timeline and audit rows the extra uploads added do not cost a query each
        response = client.get(address)
    assert page_text(response).count("(download)") == 5
