"""Evidence uploaded to a case: reports, letters and records sent by the family, the council or an
adviser. The files are private: stored under a random name outside any public URL and served only
through a view that checks who is asking (ehcp/uploads, ehcp/views/uploads.py)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import cached_property


class PrivateUploadStorage(FileSystemStorage):
    """The private directory for uploaded evidence.

    Its root is ``SEND_PORTAL_UPLOADS_ROOT`` (by default ``MEDIA_ROOT/uploads``, i.e.
    ``var/private/uploads``), read on every use so that a changed setting takes effect. It has no
    URL: nothing may link to a file directly, every read goes through the download view.
    """

    def __init__(self):
        # Readable by the portal's own user only: the files are children's records.
        super().__init__(
            base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self):  # type: ignore[override]
        configured = getattr(settings, "SEND_PORTAL_UPLOADS_ROOT", None)
        return str(configured) if configured else os.path.join(settings.MEDIA_ROOT, "uploads")

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):  # type: ignore[override]
        return None

    def url(self, name):
        raise NotImplementedError(
            "Uploaded evidence has no public address: link to the case-evidence-download view."
        )

    def deconstruct(self):
        return ("send_portal.models.uploads.PrivateUploadStorage", (), {})


def private_upload_storage() -> PrivateUploadStorage:
    return PrivateUploadStorage()


class EvidenceUpload(models.Model):
    """One file attached to a case, with what it is, who sent it and when.

    The file is stored under a random name (``YYYY/MM/<uuid>.<ext>``); the name it had on the
    person's computer is kept only as display text, cleaned. ``content_type`` is what the content
    was found to be, never what the browser said.
    """

    class Kind(models.TextChoices):
        REPORT = "report", "Report from a professional"
        LETTER = "letter", "Letter"
        SCHOOL = "school", "School or college record"
        HEALTH = "health", "Health or medical document"
        VIEWS = "views", "Views of the child, young person or family"
        OTHER = "other", "Something else"

    class Source(models.TextChoices):
        FAMILY = "family", "Family"
        COUNCIL = "council", "Council"
        ADVISER = "adviser", "Adviser"

    case = models.ForeignKey(
        "ehcp.Case",
        # Deleting a case must go through ehcp.uploads.delete_uploads_for_case, which
        # removes the stored files too; a plain cascade would leave them on disk.
        on_delete=models.PROTECT,
        related_name="evidence_uploads",
    )
    advice_request = models.ForeignKey(
        "ehcp.AdviceRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
        help_text="The advice request an adviser attached this report to.",
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.CharField(max_length=300)
    source = models.CharField(max_length=10, choices=Source.choices)
    file = models.FileField(storage=private_upload_storage, max_length=200)
    display_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="evidence_case_uploaded")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_kind_display()})"

    @property
    def size_label(self) -> str:
        from send_portal.text import size_label

        return size_label(self.size_bytes)
