"""Evidence uploaded to a case: reports, letters and records sent by the family, the council or an
adviser. The files are private: stored under a random name outside any public URL and served only
through a view that checks who is asking (ehcp/uploads, ehcp/views/uploads.py).

The model was the core's (``send_portal.EvidenceUpload``) until issue 21 moved it here, state only:
its table is still ``send_portal_evidenceupload``, and its content type, permissions, object
shares and the audit events about it were relabelled ``ehcp.evidenceupload`` by the migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from send_portal.models.uploads import private_upload_storage
from send_portal.text import size_label


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
        # Moved from the core (issue 21) without moving its rows: the table keeps its name.
        db_table = "send_portal_evidenceupload"
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="evidence_case_uploaded")]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_kind_display()})"

    @property
    def size_label(self) -> str:
        return size_label(self.size_bytes)
