"""What is inside a Word (DOCX) or OpenDocument text (ODT) file, checked before it is kept.

Both are ZIP packages, and staff open them in Word or LibreOffice, so a document is refused if
it carries anything that runs, or fetches, when it is opened (docs/adr/0009-office-uploads.md):

- **macros**: ``vbaProject.bin``, ``vbaData.xml``, a macro-enabled content type; ODF ``Basic/``
  and ``Scripts/``, script event listeners and ``vnd.sun.star.script:`` links;
- **embedded objects and controls**: OLE (``word/embeddings/``, ``oleObject``, ODF
  ``draw:object-ole`` and binary ``Object N`` parts) and ActiveX (``word/activeX/``);
- **external relationships**: any OOXML relationship with ``TargetMode="External"`` (an
  attached template, a linked picture or frame: fetched when the file opens), except a plain
  ``http``/``https``/``mailto`` hyperlink, which only opens if clicked; in ODF, any link to
  content outside the file other than such a hyperlink;
- **fields that run commands or fetch content**: ``DDE``, ``DDEAUTO``, ``LINK``, ``IMPORT``,
  ``INCLUDETEXT`` and ``INCLUDEPICTURE`` (their instructions are read across the runs Word
  splits them into); ODF DDE connections;
- **archives that are not what they seem**: encrypted entries, more than ``MAX_ENTRIES`` parts,
  more than ``SEND_PORTAL_UPLOAD_MAX_EXPANDED_BYTES`` when expanded, or expanding more than
  ``MAX_RATIO`` times (a zip bomb). Sizes are read from the archive's directory before anything
  is decompressed; Python's ``zipfile`` never reads past the size a part declares.

XML is parsed with ``defusedxml`` (no DTDs, no entity expansion).
"""

from __future__ import annotations

import re
import zipfile
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree as SafeXML
from defusedxml.common import DefusedXmlException
from django.conf import settings

from send_portal.text import size_label

from .errors import UploadRefused

MAX_ENTRIES = 2000
MAX_RATIO = 100
#: Parts smaller than this are not held to the ratio (tiny parts compress oddly).
RATIO_FLOOR = 1024 * 1024
#: The most of one XML part read to look for fields and links.
MAX_XML_PART = 50 * 1024 * 1024

DAMAGED = "The selected file is damaged and cannot be opened. Save it again and upload the new copy"
MACROS = (
    "The selected file contains macros. Save it as a plain document (DOCX or PDF) and upload that"
)
OBJECTS = (
    "The selected file contains embedded objects or controls (OLE or ActiveX). Save it as a PDF "
    "and upload that"
)
EXTERNAL = (
    "The selected file links to content on another computer (such as a template or a picture) "
    "that would be fetched when it is opened. Save it as a PDF and upload that"
)
FIELDS = (
    "The selected file contains fields that run commands or fetch content from elsewhere (DDE, "
    "LINK or INCLUDE fields). Save it as a PDF and upload that"
)
ENCRYPTED = "The selected file is password protected. Remove the password and upload it again"


def _too_big() -> str:
    limit = int(getattr(settings, "SEND_PORTAL_UPLOAD_MAX_EXPANDED_BYTES", 100 * 1024 * 1024))
    return (
        f"The selected file expands to more than {size_label(limit)} when opened. Save it as a "
        "PDF and upload that"
    )


SAFE_LINK = re.compile(r"^(https?://|mailto:)", re.IGNORECASE)
DANGEROUS_FIELDS = {"DDE", "DDEAUTO", "LINK", "IMPORT", "INCLUDETEXT", "INCLUDEPICTURE"}


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attribute(element, local: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == local:
            return value
    return None


def _check_archive(archive: zipfile.ZipFile, compressed_size: int) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise UploadRefused(_too_big())
    limit = int(getattr(settings, "SEND_PORTAL_UPLOAD_MAX_EXPANDED_BYTES", 100 * 1024 * 1024))
    total = 0
    for info in entries:
        if info.flag_bits & 0x1:
            raise UploadRefused(ENCRYPTED)
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UploadRefused(_too_big())
    if total > limit or (total > RATIO_FLOOR and total > MAX_RATIO * max(compressed_size, 1)):
        raise UploadRefused(_too_big())
    return entries


def _xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo):
    if info.file_size > MAX_XML_PART:
        raise UploadRefused(_too_big())
    try:
        with archive.open(info) as part:
            data = part.read(MAX_XML_PART + 1)
        return SafeXML.fromstring(data)
    except (ParseError, DefusedXmlException, zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(DAMAGED) from exc


# ---- Word (Office Open XML) -----------------------------------------------------------------

_OOXML_MACRO_NAMES = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml|vbaprojectsignature\.bin)$")
_OOXML_OBJECT_NAMES = re.compile(r"(^|/)(embeddings|activex)/|oleobject[^/]*$")
_WORD_TEXT_PARTS = re.compile(
    r"^word/(glossary/)?(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$"
)


def _field_names(root) -> list[str]:
    """The first word of every field instruction: ``w:fldSimple/@w:instr`` and the
    ``w:instrText`` runs between a ``w:fldChar`` begin and its separate or end (fields nest)."""
    found: list[str] = []
    # One entry per open field: its instruction so far, or None once past its separator.
    stack: list[list[str] | None] = []
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "fldSimple":
            found.append(_attribute(element, "instr") or "")
        elif tag == "fldChar":
            kind = _attribute(element, "fldCharType")
            if kind == "begin":
                stack.append([])
            elif kind in ("separate", "end") and stack:
                instruction = stack.pop()
                if instruction is not None:
                    found.append("".join(instruction))
                if kind == "separate":
                    stack.append(None)
        elif tag == "instrText" and stack and stack[-1] is not None:
            stack[-1].append(element.text or "")
    names = []
    for instruction in found:
        words = instruction.strip().split()
        if words:
            names.append(words[0].strip("\\").upper())
    return names


def _check_docx(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    names = {info.filename.lower(): info for info in entries}
    if any(_OOXML_MACRO_NAMES.search(name) for name in names) or any(
        name.endswith(".bin") and "vba" in name for name in names
    ):
        raise UploadRefused(MACROS)
    if any(_OOXML_OBJECT_NAMES.search(name) for name in names):
        raise UploadRefused(OBJECTS)
    types = names.get("[content_types].xml")
    if types is not None:
        for element in _xml(archive, types).iter():
            content_type = (_attribute(element, "ContentType") or "").lower()
            if "macroenabled" in content_type or "vbaproject" in content_type:
                raise UploadRefused(MACROS)
            if "oleobject" in content_type or "activex" in content_type:
                raise UploadRefused(OBJECTS)
    for name, info in names.items():
        if not name.endswith(".rels"):
            continue
        for element in _xml(archive, info).iter():
            if _local(element.tag) != "Relationship":
                continue
            kind = (_attribute(element, "Type") or "").lower()
            target = (_attribute(element, "Target") or "").strip()
            if "oleobject" in kind or "activex" in kind or kind.endswith("/vbaproject"):
                raise UploadRefused(OBJECTS)
            if (_attribute(element, "TargetMode") or "").lower() == "external" and not (
                kind.endswith("/hyperlink") and SAFE_LINK.match(target)
            ):
                raise UploadRefused(EXTERNAL)
    for name, info in names.items():
        if _WORD_TEXT_PARTS.match(name) and DANGEROUS_FIELDS & set(
            _field_names(_xml(archive, info))
        ):
            raise UploadRefused(FIELDS)


# ---- OpenDocument ---------------------------------------------------------------------------

_ODF_SCRIPT_ELEMENTS = {"event-listener", "script", "scripts"}
_ODF_DDE_ELEMENTS = {"dde-connection-decl", "dde-connection-decls", "dde-source", "dde-link"}
_ODF_HYPERLINKS = {"a"}


def _check_odf(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    names = [info.filename for info in entries]
    lowered = [name.lower() for name in names]
    if any(name.startswith(("basic/", "scripts/")) for name in lowered):
        raise UploadRefused(MACROS)
    if any(re.fullmatch(r"object \d+", name) for name in lowered):
        raise UploadRefused(OBJECTS)
    for info in entries:
        name = info.filename.lower()
        if name == "meta-inf/manifest.xml":
            for element in _xml(archive, info).iter():
                media = (_attribute(element, "media-type") or "").lower()
                if "basic" in media or "script" in media:
                    raise UploadRefused(MACROS)
                if "oleobject" in media:
                    raise UploadRefused(OBJECTS)
        if not name.endswith(".xml") or name.startswith("meta-inf/"):
            continue
        for element in _xml(archive, info).iter():
            tag = _local(element.tag)
            if tag in _ODF_DDE_ELEMENTS:
                raise UploadRefused(FIELDS)
            if tag == "object-ole":
                raise UploadRefused(OBJECTS)
            if tag in _ODF_SCRIPT_ELEMENTS and (len(element) or (element.text or "").strip()):
                raise UploadRefused(MACROS)
            href = (_attribute(element, "href") or "").strip()
            if not href:
                continue
            if href.lower().startswith(("vnd.sun.star.script:", "macro:", "javascript:")):
                raise UploadRefused(MACROS)
            internal = not re.match(r"^[a-z][a-z0-9+.-]*:|^//|^\\\\", href, re.IGNORECASE)
            if internal:
                continue
            if tag in _ODF_HYPERLINKS and SAFE_LINK.match(href):
                continue
            raise UploadRefused(EXTERNAL)


def check_package(file, *, word: bool, size: int) -> None:
    """Refuse a DOCX (``word``) or ODT whose package carries active or external content, or
    that is not a sane archive. ``size`` is the file's size in bytes."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = _check_archive(archive, size)
            required = "word/document.xml" if word else "content.xml"
            if required not in {info.filename for info in entries}:
                raise UploadRefused(DAMAGED)
            if word:
                _check_docx(archive, entries)
            else:
                _check_odf(archive, entries)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UploadRefused(DAMAGED) from exc
    finally:
        file.seek(0)
