"""Celery tasks of the core: thin, idempotent wrappers around services."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .models import EmailDelivery

logger = logging.getLogger("send_portal.tasks")


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email_delivery(self, delivery_id: int) -> str:
    """Send one outbox e-mail once. A redelivered or repeated task finds it sent and stops."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update()
            .select_related("notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != EmailDelivery.Status.PENDING:
            return "skipped"
        notification = delivery.notification
        delivery.attempts += 1
        body = "\n\n".join(
            part
            for part in [
                notification.what_happened,
                notification.what_to_do,
                f"Date: {notification.due_date:%-d %B %Y}" if notification.due_date else "",
                f"Legal basis: {notification.legal_basis}" if notification.legal_basis else "",
                "Sign in to the SEND Partnership Portal to see the details.",
            ]
            if part
        )
        try:
            send_mail(
                notification.subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [delivery.to_address],
                fail_silently=False,
            )
        except OSError as exc:
            delivery.last_error = repr(exc)[:2000]
            delivery.save(update_fields=["attempts", "last_error"])
            raise
        delivery.status = EmailDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return "sent"


@shared_task(acks_late=True)
def dispatch_pending_emails(older_than_seconds: int = 60) -> int:
    """Re-queue outbox rows still pending (for example, written while the broker was down)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:500]
    )
    for delivery_id in ids:
        send_email_delivery.delay(delivery_id)
    return len(ids)


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=110,
    time_limit=120,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def render_document(self, document_id: int) -> str:
    """Render a queued PDF (see send_portal.pdf)."""
    from .pdf import render_and_store

    document = render_and_store(document_id)
    return document.status


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def run_reminder_sweep() -> int:
    """Send every deadline reminder due today (idempotent: safe to run twice or redeliver)."""
    from django.utils import timezone

    from .reminders import sweep

    return sweep(timezone.localdate())
