"""Generated documents (PDF letters and plans), made once in a worker and never rebuilt on view."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GeneratedDocument(models.Model):
    """A PDF rendered from a template and a frozen context, stored with its SHA-256.

    The context is captured when the document is requested so the PDF shows the facts as they
    were at that moment; the worker renders it once and the file is served from storage after.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Being made"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=200)
    template_name = models.CharField(max_length=200)
    context = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="documents/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size_bytes = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    #: Progress of the rendering, for the page that waits for it: 0-100 and what is happening.
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=40, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    # What the document belongs to, for permission checks ("ehcp.case:12").
    owner_type = models.CharField(max_length=100, blank=True)
    owner_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"]),
            models.Index(fields=["status", "created_at"], name="document_status_created"),
        ]

    def __str__(self) -> str:
        return self.title
