"""Celery tasks of the core: thin, idempotent wrappers around services.

Every task here is safe to run twice, to run concurrently with itself and to be redelivered after
its worker died (``acks_late`` with ``task_reject_on_worker_lost``): e-mails are claimed before
they are sent (``send_portal.delivery``), reminders and digests have unique keys
(``send_portal.reminders``), and a PDF is stored once under a row lock (``send_portal.pdf``).
The periodic tasks are in ``CELERY_BEAT_SCHEDULE`` (send_portal/settings/base.py).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from . import notifications
from .delivery import mark_stale_claims_unknown, send_email_delivery
from .models import EmailDelivery, GeneratedDocument, ReminderSweepRun
from .pdf import PDF_SOFT_TIME_LIMIT, PDF_TIME_LIMIT, render_document
from .reminders import run_sweep

#: Defined beside the services they run (so that queueing them imports no tasks), registered
#: under these names: ``send_portal.tasks.send_email_delivery``, ``...render_document``.
__all__ = [
    "PDF_SOFT_TIME_LIMIT",
    "PDF_TIME_LIMIT",
    "dispatch_pending_documents",
    "dispatch_pending_emails",
    "render_document",
    "run_reminder_sweep",
    "send_email_delivery",
]

logger = logging.getLogger("send_portal.tasks")

#: PostgreSQL advisory lock held while a reminder sweep runs ("SENDREMS" as an integer).
SWEEP_LOCK_ID = 0x53454E4452454D53


@shared_task(acks_late=True)
def dispatch_pending_emails(older_than_seconds: int = 60) -> int:
    """The outbox sweep (beat, every minute): queue again the deliveries still pending (written
    while the broker was down, or whose retry could not be queued), and mark as unknown the ones
    whose worker died mid-send. Returns how many were queued."""
    mark_stale_claims_unknown()
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    ids = list(
        EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING, created_at__lt=cutoff)
        .filter(Q(next_attempt_at=None) | Q(next_attempt_at__lte=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:2000]
    )
    queued = 0
    for delivery_id in ids:
        if not notifications._enqueue(send_email_delivery, delivery_id):
            break  # the broker is still down: try again next minute
        queued += 1
    return queued


@shared_task(acks_late=True)
def dispatch_pending_documents(older_than_seconds: int = 300) -> int:
    """Queue again the PDFs still waiting (requested while the broker was down) or left half-made
    by a worker that died (rendering for longer than the hard time limit)."""
    now = timezone.now()
    ids = list(
        GeneratedDocument.objects.filter(
            Q(
                status=GeneratedDocument.Status.QUEUED,
                created_at__lt=now - timedelta(seconds=older_than_seconds),
            )
            | Q(
                status=GeneratedDocument.Status.RENDERING,
                started_at__lt=now - timedelta(seconds=PDF_TIME_LIMIT * 2),
            )
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    queued = 0
    for document_id in ids:
        if not notifications._enqueue(render_document, document_id):
            break
        queued += 1
    return queued


@contextmanager
def _only_one_sweep():
    """True while this process holds the sweep lock (PostgreSQL advisory lock, released by
    PostgreSQL itself if the worker dies); always True on SQLite (one process)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [SWEEP_LOCK_ID])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK_ID])


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=1500,
    time_limit=1800,
)
def run_reminder_sweep(self, day: str | None = None) -> int:
    """Send every deadline reminder due today, and the daily digests once it is past
    ``REMINDER_DIGEST_HOUR`` (idempotent: safe to run twice, concurrently, or redelivered).
    Returns how many notifications were created; each run is recorded as a ReminderSweepRun."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    digest = timezone.localtime().hour >= settings.REMINDER_DIGEST_HOUR
    with _only_one_sweep() as acquired:
        run = ReminderSweepRun.objects.create(day=today, task_id=self.request.id or "")
        if not acquired:
            run.outcome = ReminderSweepRun.Outcome.SKIPPED
            run.finished_at = timezone.now()
            run.save(update_fields=["outcome", "finished_at"])
            logger.info("Reminder sweep skipped: another sweep is running")
            return 0
        result = run_sweep(today, digest=digest)
        run.outcome = ReminderSweepRun.Outcome.DONE
        run.finished_at = timezone.now()
        run.due_items = result.due_items
        run.reminders_sent = result.reminders
        run.digests_sent = result.digests
        run.save()
    logger.info(
        "Reminder sweep for %s: %s due items, %s reminders, %s digests",
        today,
        result.due_items,
        result.reminders,
        result.digests,
    )
    return result.created
