"""PDF rendering infrastructure: HTML templates to accessible PDFs with WeasyPrint.

Documents are requested with :func:`request_document` inside the transaction of the decision they
record; a worker renders them after commit (``send_portal.tasks.render_document``), stores the
file with its SHA-256 and never rebuilds it on view. PDFs are tagged (PDF/UA-1), have a title and
a language, and contain real text.
"""

from __future__ import annotations

import hashlib

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from . import notifications
from .models import GeneratedDocument

#: Limits of a PDF rendering (the worker also recycles a child process that grows past
#: ``CELERY_WORKER_MAX_MEMORY_PER_CHILD``).
PDF_SOFT_TIME_LIMIT = 110
PDF_TIME_LIMIT = 120


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes."""
    # WeasyPrint (and its Pango, HarfBuzz) is loaded only in the process that renders: a worker.
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def request_document(
    *,
    title: str,
    template_name: str,
    context: dict,
    owner=None,
    actor=None,
) -> GeneratedDocument:
    """Record a document to be rendered and queue the rendering after commit."""
    document = GeneratedDocument.objects.create(
        title=title,
        template_name=template_name,
        context=context,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        owner_type=owner._meta.label_lower if owner is not None else "",
        owner_id=str(owner.pk) if owner is not None else "",
    )
    document_id = document.pk
    transaction.on_commit(lambda: notifications._enqueue(render_document, document_id))
    return document


def _progress(document_id: int, percent: int, stage: str) -> None:
    GeneratedDocument.objects.filter(
        pk=document_id, status=GeneratedDocument.Status.RENDERING
    ).update(progress=percent, stage=stage)


def render_and_store(document_id: int) -> GeneratedDocument:
    """Render one queued document (idempotent: a ready document is left as it is).

    Progress is recorded as it goes (``progress`` 0-100 and ``stage``) for the page that waits
    for it. A retry or a redelivered task after a crash renders again from the frozen context;
    the file is stored only under the row lock, and only if the document is not ready yet.
    """
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
        if document.status == GeneratedDocument.Status.READY:
            return document
        document.status = GeneratedDocument.Status.RENDERING
        document.attempts += 1
        document.progress = 5
        document.stage = "Started"
        document.started_at = timezone.now()
        document.error = ""
        document.save(
            update_fields=["status", "attempts", "progress", "stage", "started_at", "error"]
        )
    context = dict(document.context)
    context.setdefault("document_title", document.title)
    try:
        _progress(document_id, 20, "Laying out the pages")
        pdf = render_pdf(document.template_name, context)
    except Exception as exc:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED, stage="Failed", error=repr(exc)[:2000]
        )
        raise
    _progress(document_id, 90, "Storing the file")
    digest = hashlib.sha256(pdf).hexdigest()
    with transaction.atomic():
        document = GeneratedDocument.objects.select_for_update().get(pk=document_id)
        if document.status == GeneratedDocument.Status.READY:
            return document
        document.file.save(f"{digest[:16]}.pdf", ContentFile(pdf), save=False)
        document.sha256 = digest
        document.size_bytes = len(pdf)
        document.status = GeneratedDocument.Status.READY
        document.ready_at = timezone.now()
        document.error = ""
        document.progress = 100
        document.stage = "Ready"
        document.save()
    return document


@shared_task(
    name="send_portal.tasks.render_document",
    bind=True,
    acks_late=True,
    soft_time_limit=PDF_SOFT_TIME_LIMIT,
    time_limit=PDF_TIME_LIMIT,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=3,
)
def render_document(self, document_id: int) -> str:
    """Render a queued PDF: progress in ``GeneratedDocument.progress`` and ``stage``; a ready
    document is never rendered again, so retries and redeliveries are safe.

    A Celery task of the core, registered under its old name in ``send_portal.tasks`` (which
    re-exports it), defined here so that requesting a document needs no import of the tasks."""
    try:
        document = render_and_store(document_id)
    except SoftTimeLimitExceeded:
        GeneratedDocument.objects.filter(pk=document_id).update(
            status=GeneratedDocument.Status.FAILED,
            stage="Took too long",
            error=f"Rendering took longer than {PDF_SOFT_TIME_LIMIT} seconds and was stopped.",
        )
        raise
    return document.status
