"""What may be uploaded is decided by the content: PDF, JPG, PNG, DOCX and ODT pass; programs,
web pages, SVG, plain archives, macro documents, empty and oversize files, and files whose name
says another type, are refused with a message saying what is allowed. Names are made safe."""

from __future__ import annotations

import hashlib

import pytest

from send_portal.uploads.errors import UploadRefused
from send_portal.uploads.handlers import SizeLimitUploadHandler
from send_portal.uploads.validation import check_upload, display_name, size_label
from tests.send_portal.upload_samples import (
    EXE,
    GOOD,
    HTML,
    SVG,
    docx_bytes,
    image_bytes,
    pdf_bytes,
    upload,
    zip_bytes,
)

ALLOWED = "The selected file must be a PDF, JPG, PNG, DOCX or ODT"


@pytest.mark.parametrize("name", sorted(GOOD))
def test_each_allowed_type_is_accepted_with_the_type_found_in_its_content(name):
    mime, make = GOOD[name]
    content = make()
    # The browser's claim is ignored: it says text/plain for all of them.
    checked = check_upload(upload(name, content, "text/plain"))
    assert checked.content_type == mime
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
    assert checked.display_name == name.replace(".jpg", ".jpg")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),  # a program renamed .pdf
        ("setup.exe", EXE),
        ("letter.pdf", HTML),  # a web page with script, claiming to be a PDF
        ("page.html", HTML),
        ("drawing.svg", SVG),
        ("drawing.png", SVG),
        ("archive.zip", zip_bytes()),
        ("archive.docx", zip_bytes()),  # a plain archive renamed .docx
        ("notes.txt", b"Just some text about my child."),
    ],
)
def test_anything_else_is_refused_whatever_it_is_called_and_claims_to_be(name, content):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, content, "application/pdf"))
    assert refused.value.message == ALLOWED
    assert refused.value.field == "file"


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("report.docx", pdf_bytes(), "PDF"),
        ("photo.png", image_bytes("JPEG"), "JPG"),
        ("scan.pdf", image_bytes("PNG"), "PNG"),
        ("letter.pdf", docx_bytes(), "Word document (DOCX)"),
    ],
)
def test_a_file_whose_name_says_another_type_than_its_content_is_refused(name, content, found):
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload(name, content))
    extension = name.rsplit(".", 1)[1]
    assert refused.value.message.startswith(
        f"The selected file is a {found} but its name ends in .{extension}."
    )


def test_jpeg_may_be_called_jpeg_and_a_name_without_extension_gets_the_right_one():
    assert check_upload(upload("photo.JPEG", image_bytes("JPEG"))).display_name == "photo.jpg"
    assert check_upload(upload("scan", pdf_bytes())).display_name == "scan.pdf"


def test_a_word_document_with_macros_is_refused():
    with pytest.raises(UploadRefused, match="contains macros"):
        check_upload(upload("report.docx", docx_bytes(macros=True)))


def test_a_damaged_word_document_is_refused():
    content = docx_bytes()[:-60]  # the end of the archive (its directory) is missing
    with pytest.raises(UploadRefused, match="damaged"):
        check_upload(upload("report.docx", content))


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefused, match="^The selected file is empty$"):
        check_upload(upload("report.pdf", b""))


def test_no_file_is_refused():
    with pytest.raises(UploadRefused, match="^Select a file to upload$"):
        check_upload(None)


def test_a_file_over_the_limit_is_refused_and_the_limit_is_a_setting(settings):
    settings.SEND_PORTAL_UPLOAD_MAX_BYTES = 1000
    content = pdf_bytes() + b"%" + b"x" * 1000
    with pytest.raises(UploadRefused) as refused:
        check_upload(upload("report.pdf", content))
    assert refused.value.message == "The selected file must be smaller than 1000 bytes"
    settings.SEND_PORTAL_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    assert check_upload(upload("report.pdf", content)).size == len(content)


def test_sizes_are_written_as_people_read_them():
    assert size_label(10 * 1024 * 1024) == "10 MB"
    assert size_label(1536 * 1024) == "1.5 MB"
    assert size_label(2048) == "2 KB"
    assert size_label(1) == "1 byte"


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\system32\\report.pdf", "report.pdf"),
        ("C:\\Users\\me\\Desktop\\EP report (final).pdf", "EP_report_final.pdf"),
        ("report\x00\x1b[31m.pdf", "report31m.pdf"),
        ("..", "document.pdf"),
        ("", "document.pdf"),
        ('<b onclick="x()">report</b>.pdf', "b.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", "img_srcx_onerroralert1.pdf"),
        ("Zoë's report.pdf", "Zoës_report.pdf"),
        ("a" * 300 + ".pdf", "a" * 96 + ".pdf"),
    ],
)
def test_names_lose_paths_control_characters_and_markup_and_are_capped(given, shown):
    assert display_name(given, "pdf") == shown


def test_the_upload_handler_stops_reading_a_file_once_it_passes_the_limit(rf):
    from django.core.files.uploadhandler import StopUpload

    request = rf.post("/")
    handler = SizeLimitUploadHandler(request, limit=100)
    handler.new_file("file", "big.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"x" * 60, 60)
    assert stopped.value.connection_reset is False
    assert request.upload_too_large is True


def test_the_upload_handler_refuses_a_body_declared_far_beyond_the_limit(rf):
    from django.core.files.uploadhandler import StopUpload

    request = rf.post("/")
    handler = SizeLimitUploadHandler(request, limit=100)
    handler.handle_raw_input(None, {}, 50 * 1024 * 1024, b"x")
    with pytest.raises(StopUpload):
        handler.new_file("file", "big.pdf", "application/pdf", None)
    assert request.upload_too_large is True
