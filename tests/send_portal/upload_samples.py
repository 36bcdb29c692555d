"""Small real files of each kind for the upload tests, made in memory (no fixtures on disk).

Each is the same bytes every time it is made: some are test parameters, so their bytes are in the
tests' ids, and pytest-xdist refuses to run when its workers collect different ids (the time of
day in a zip entry's header made them differ, issue 16)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def pdf_bytes(text: str = "Speech and language therapy report") -> bytes:
    """A minimal, valid one-page PDF with a line of text."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 40)).save(out, format=fmt)
    return out.getvalue()


def _entry(name: str, compress_type: int = zipfile.ZIP_STORED) -> zipfile.ZipInfo:
    """A zip entry dated 1 January 2025, not now."""
    entry = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
    entry.compress_type = compress_type
    return entry


def docx_bytes(*, macros: bool = False) -> bytes:
    """A Word document as Word writes it: [Content_Types].xml first, then the parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            _entry("[Content_Types].xml", zipfile.ZIP_DEFLATED),
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            _entry("_rels/.rels", zipfile.ZIP_DEFLATED), '<?xml version="1.0"?><Relationships/>'
        )
        archive.writestr(
            _entry("word/document.xml", zipfile.ZIP_DEFLATED),
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>School report</w:t></w:r>'
            "</w:p></w:body></w:document>",
        )
        if macros:
            archive.writestr(_entry("word/vbaProject.bin", zipfile.ZIP_DEFLATED), b"\x00" * 64)
    return out.getvalue()


def odt_bytes() -> bytes:
    """An OpenDocument text file: the uncompressed ``mimetype`` entry first, as the standard
    says."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            _entry("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(_entry("content.xml"), '<?xml version="1.0"?><office:document-content/>')
        archive.writestr(_entry("META-INF/manifest.xml"), '<?xml version="1.0"?><manifest/>')
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(_entry("notes.txt"), "hello")
    return out.getvalue()


#: A Windows program's first bytes (the "MZ" DOS header and PE signature).
EXE = b"MZ" + b"\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"PE\x00\x00" * 4
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)

GOOD = {
    "report.pdf": ("application/pdf", pdf_bytes),
    "photo.jpg": ("image/jpeg", lambda: image_bytes("JPEG")),
    "letter.png": ("image/png", lambda: image_bytes("PNG")),
    "school-report.docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx_bytes,
    ),
    "views.odt": ("application/vnd.oasis.opendocument.text", odt_bytes),
}


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """What the browser sends: a name, a content type it claims, and the bytes."""
    return SimpleUploadedFile(name, content, content_type=content_type)
