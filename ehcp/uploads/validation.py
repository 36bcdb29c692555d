"""Checking an uploaded file by what it contains, not by its name or what the browser says.

The type is read from the file's first bytes (``filetype``: magic numbers, pure Python). Only
PDF, JPEG, PNG, Word (DOCX) and OpenDocument text (ODT) are accepted; anything else, including a
program renamed ``.pdf`` and text formats that can carry script (HTML, SVG), is refused, and so is
a file whose name says one type while its content is another. Word and OpenDocument files are
also inspected as the ZIP packages they are (``packages.py``, docs/adr/0009-office-uploads.md):
no macros, embedded objects or controls, external relationships, DDE or include fields, or
zip bombs.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from send_portal.text import size_label

from .errors import UploadRefused
from .packages import check_package


@dataclass(frozen=True)
class AllowedType:
    label: str
    extension: str
    extensions: frozenset[str]


#: What may be uploaded, by the MIME type found in the content.
ALLOWED: dict[str, AllowedType] = {
    "application/pdf": AllowedType("PDF", "pdf", frozenset({"pdf"})),
    "image/jpeg": AllowedType("JPG", "jpg", frozenset({"jpg", "jpeg", "jpe", "jfif"})),
    "image/png": AllowedType("PNG", "png", frozenset({"png"})),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": AllowedType(
        "Word document (DOCX)", "docx", frozenset({"docx"})
    ),
    "application/vnd.oasis.opendocument.text": AllowedType(
        "OpenDocument text (ODT)", "odt", frozenset({"odt"})
    ),
}
ALLOWED_LABEL = "a PDF, JPG, PNG, DOCX or ODT"
#: The longest name shown for a file (the stored name is random anyway).
DISPLAY_NAME_MAX = 100
_CHUNK = 64 * 1024


def max_bytes() -> int:
    return int(settings.SEND_PORTAL_UPLOAD_MAX_BYTES)


def too_large_message() -> str:
    return f"The selected file must be smaller than {size_label(max_bytes())}"


@dataclass(frozen=True)
class CheckedFile:
    """What was found out about an uploaded file that passed every check."""

    content_type: str
    extension: str
    display_name: str
    size: int
    sha256: str


def display_name(name: str, extension: str) -> str:
    """The name a person's file had, made safe to show and to offer as a download name.

    Path parts (``../``, ``C:\\``) and control characters are dropped, the rest goes through
    Django's ``get_valid_filename``, the length is capped keeping the extension, and the
    extension is the one the content was found to have.
    """
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    stem = stem.strip().strip(".")
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:
        stem = ""
    stem = stem.strip("._-") or "document"
    stem = stem[: DISPLAY_NAME_MAX - len(extension) - 1]
    return f"{stem}.{extension}"


def _extension_of(name: str) -> str:
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    return base.rsplit(".", 1)[1].lower().strip() if "." in base.strip(".") else ""


def check_upload(file) -> CheckedFile:
    """Check an uploaded file; raise :class:`UploadRefused` with a message for the person.

    Reads the file once in chunks to measure it and hash it (SHA-256); never more than the size
    limit plus one chunk is read before refusing.
    """
    if file is None:
        raise UploadRefused("Select a file to upload")
    limit = max_bytes()
    declared = getattr(file, "size", None)
    if declared is not None and declared > limit:
        raise UploadRefused(too_large_message())
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    while True:
        chunk = file.read(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise UploadRefused(too_large_message())
        digest.update(chunk)
    if size == 0:
        raise UploadRefused("The selected file is empty")
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    found = filetype.guess(head)
    allowed = ALLOWED.get(found.mime) if found is not None else None
    if allowed is None:
        raise UploadRefused(f"The selected file must be {ALLOWED_LABEL}")
    content_type = found.mime
    name = getattr(file, "name", "") or ""
    extension = _extension_of(name)
    if extension and extension not in allowed.extensions:
        raise UploadRefused(
            f"The selected file is a {allowed.label} but its name ends in .{extension[:10]}. "
            "Check you chose the right file, or rename it so the end of the name matches"
        )
    if allowed.extension in ("docx", "odt"):
        check_package(file, word=allowed.extension == "docx", size=size)
    return CheckedFile(
        content_type=content_type,
        extension=allowed.extension,
        display_name=display_name(name, allowed.extension),
        size=size,
        sha256=digest.hexdigest(),
    )
