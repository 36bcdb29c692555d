"""Small real files of each kind for the upload tests, made in memory (no fixtures on disk)."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

#: Every sample archive's entries carry this date, so the same sample is the same bytes whenever
#: it is made (pytest-xdist workers must collect identical parameters).
FIXED_DATE = (2025, 1, 1, 0, 0, 0)


def _write(archive: zipfile.ZipFile, name: str, data) -> None:
    archive.writestr(zipfile.ZipInfo(name, FIXED_DATE), data, compress_type=archive.compression)


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


def docx_bytes(*, macros: bool = False) -> bytes:
    """A Word document as Word writes it: [Content_Types].xml first, then the parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        _write(
            archive,
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        _write(archive, "_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        _write(
            archive,
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>School report</w:t></w:r>'
            "</w:p></w:body></w:document>",
        )
        if macros:
            _write(archive, "word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def odt_bytes(extra: dict | None = None) -> bytes:
    """An OpenDocument text file: the uncompressed ``mimetype`` entry first, as the standard
    says."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        _write(archive, "content.xml", ODT_CONTENT.format(body="<text:p>My views</text:p>"))
        _write(archive, "META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        for name, data in (extra or {}).items():
            _write(archive, name, data)
    return out.getvalue()


ODT_CONTENT = (
    '<?xml version="1.0"?><office:document-content '
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>{body}'
    "</office:text></office:body></office:document-content>"
)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def word_document(body: str) -> str:
    return (
        f'<?xml version="1.0"?><w:document xmlns:w="{W}" xmlns:r="{OFFICE_RELS}"><w:body>'
        f"{body}</w:body></w:document>"
    )


def relationships(*rows: tuple[str, str, str]) -> str:
    """A .rels part: (type's last word, target, target mode) per relationship."""
    items = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE_RELS}/{kind}" Target="{target}"'
        + (f' TargetMode="{mode}"' if mode else "")
        + "/>"
        for n, (kind, target, mode) in enumerate(rows, start=1)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{RELS}">{items}</Relationships>'


def docx_with(parts: dict[str, bytes | str], *, document: str | None = None) -> bytes:
    """A Word document with extra parts (or a different document.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        parts = dict(parts)
        _write(
            archive,
            "[Content_Types].xml",
            parts.pop(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                '2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                "</Types>",
            ),
        )
        _write(archive, "_rels/.rels", relationships(("officeDocument", "word/document.xml", "")))
        _write(
            archive,
            "word/document.xml",
            document or word_document("<w:p><w:r><w:t>School report</w:t></w:r></w:p>"),
        )
        for name, data in parts.items():
            _write(archive, name, data)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        _write(archive, "notes.txt", "hello")
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


def odt_with(body: str = "<text:p>My views</text:p>", extra: dict | None = None) -> bytes:
    """An OpenDocument text file with this body in content.xml and extra parts."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        _write(archive, "content.xml", ODT_CONTENT.format(body=body))
        _write(archive, "META-INF/manifest.xml", '<?xml version="1.0"?><manifest/>')
        for name, data in (extra or {}).items():
            _write(archive, name, data)
    return out.getvalue()
