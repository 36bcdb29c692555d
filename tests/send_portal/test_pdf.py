import hashlib
import io

import pytest
from pypdf import PdfReader

from send_portal.models import GeneratedDocument
from send_portal.pdf import render_pdf, request_document
from send_portal.tasks import render_document

pytestmark = pytest.mark.django_db

LETTER = {
    "document_title": "Decision not to carry out an EHC needs assessment",
    "council_name": "Essex County Council",
    "paragraphs": ["We have decided not to carry out an EHC needs assessment for Alex Taylor."],
    "rights": ["You can appeal to the First-tier Tribunal (SEND)."],
    "deadlines": [
        {
            "label": "Appeal",
            "due": "13 December 2025",
            "basis": "Tribunal Procedure Rules 2008 r20(1)(c)",
        }
    ],
}


def test_pdf_has_a_title_a_language_tags_and_real_text():
    pdf = render_pdf("pdf/letter.html", LETTER)
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == LETTER["document_title"]
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]).lower().startswith("en")
    assert "/StructTreeRoot" in root, "the PDF must be tagged"
    assert root["/MarkInfo"]["/Marked"]
    text = "".join(page.extract_text() for page in reader.pages)
    assert "not to carry out an EHC needs assessment for Alex Taylor" in text
    assert "Tribunal Procedure Rules 2008 r20(1)(c)" in text


def test_a_requested_document_is_rendered_after_commit_and_stored_with_its_hash(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = request_document(
            title=LETTER["document_title"], template_name="pdf/letter.html", context=LETTER
        )
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.QUEUED
    for callback in callbacks:
        callback()
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.READY
    content = document.file.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert document.size_bytes == len(content)


def test_a_ready_document_is_never_rebuilt(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document(
            title="A letter", template_name="pdf/letter.html", context=LETTER
        )
    document.refresh_from_db()
    first_hash, first_name = document.sha256, document.file.name
    render_document.apply(args=[document.pk]).get()
    document.refresh_from_db()
    assert (document.sha256, document.file.name, document.attempts) == (first_hash, first_name, 1)
