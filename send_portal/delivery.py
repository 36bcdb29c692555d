"""Delivering outbox e-mails exactly once, or saying plainly that we cannot be sure.

SMTP (and GOV.UK Notify's API) cannot be made idempotent: once the message is handed over, a
crash before we record it leaves us not knowing. So each delivery is sent through three steps
(docs/adr/0005-exactly-once-reminders.md):

1. **Claim**, in its own committed transaction: the row, locked, must be ``pending``; it becomes
   ``sending`` with ``claimed_at``, a ``claim_token`` (the task id) and an attempt row.
   A redelivered or duplicate task finds it not pending and does nothing.
2. **Send**, outside any transaction, through the configured backend.
3. **Record** the outcome: ``sent`` (with the provider's reference); a temporary failure puts it
   back to ``pending`` with ``next_attempt_at`` (the task retries with back-off, and the outbox
   sweep picks it up if the retry cannot be queued); a permanent refusal, or running out of
   attempts, makes it ``failed``.

A delivery left ``sending`` for longer than :data:`SENDING_STALE_AFTER` (the worker died between
claim and record) is marked ``unknown`` by the outbox sweep and shown in the council's delivery
log; it is never re-sent automatically, because it may have gone. A SEND manager checks with the
recipient and can send it again from the log.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from dataclasses import dataclass
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, get_connection
from django.core.mail.message import make_msgid
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from send_portal.text import in_sentence

from . import audit
from .models import AuditEvent, EmailDelivery, EmailDeliveryAttempt, Notification
from .queueing import enqueue

logger = logging.getLogger("send_portal.delivery")

#: Attempts before a delivery that keeps failing temporarily is marked failed.
MAX_ATTEMPTS = 8
#: A claim older than this with no outcome means the worker died mid-send. It must be longer than
#: the send task's hard time limit (``send_email_delivery``: 60 s), so a slow send is never
#: mistaken for a dead one.
SENDING_STALE_AFTER = timedelta(minutes=10)
#: Back-off between temporary failures: 30 s, 1, 2, 4, 8... minutes, at most an hour.
BACKOFF_FIRST_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
#: The header (SMTP) or reference (Notify) that ties a sent message to its outbox row.
DELIVERY_HEADER = "X-SEND-Portal-Delivery"


class TemporaryFailure(Exception):
    """The message was not taken, and trying again later may work."""


class PermanentFailure(Exception):
    """The message was refused for good (bad address, rejected content, bad template)."""


def backoff_seconds(attempt: int) -> int:
    return min(BACKOFF_MAX_SECONDS, BACKOFF_FIRST_SECONDS * 2 ** max(0, attempt - 1))


def message_body(notification: Notification) -> str:
    """The plain-text e-mail: what happened, what to do, by when, and the legal basis."""
    return "\n\n".join(
        part
        for part in [
            notification.what_happened,
            f"What to do: {notification.what_to_do}" if notification.what_to_do else "",
            f"By: {notification.due_date:%A %-d %B %Y}" if notification.due_date else "",
            f"Legal basis: {notification.legal_basis}" if notification.legal_basis else "",
            "Sign in to the SEND Partnership Portal to see the details.",
        ]
        if part
    )


# ---- backends -----------------------------------------------------------------------------------


class SMTPBackend:
    """Django's configured e-mail backend (SMTP when ``EMAIL_HOST`` is set)."""

    name = "smtp"

    def send(self, *, to: str, subject: str, body: str, reference: str) -> str:
        message_id = make_msgid(idstring=reference)
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={DELIVERY_HEADER: reference, "Message-ID": message_id},
            connection=get_connection(fail_silently=False),
        )
        try:
            message.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure(f"Address refused: {exc.recipients}") from exc
            raise TemporaryFailure(repr(exc)) from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500:
                raise PermanentFailure(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
            raise TemporaryFailure(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        except OSError as exc:  # connection refused, timeouts, disconnects (smtplib errors too)
            raise TemporaryFailure(repr(exc)) from exc
        return message_id


class NotifyBackend:
    """GOV.UK Notify (``NOTIFY_API_KEY``), one generic e-mail template with ``((subject))`` and
    ``((body))`` placeholders (``NOTIFY_EMAIL_TEMPLATE_ID``). The delivery reference is sent as
    Notify's ``reference``, so the message can be traced in Notify's own log."""

    name = "notify"

    def __init__(self, client=None):
        if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
            raise ImproperlyConfigured(
                "NOTIFY_API_KEY is set but NOTIFY_EMAIL_TEMPLATE_ID is not: give the id of a "
                "Notify e-mail template whose subject is ((subject)) and body ((body))."
            )
        if client is None:
            # Notify's client is loaded only where Notify sends the e-mails.
            from notifications_python_client.notifications import NotificationsAPIClient

            client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        self.client = client

    def send(self, *, to: str, subject: str, body: str, reference: str) -> str:
        from notifications_python_client.errors import APIError

        try:
            response = self.client.send_email_notification(
                email_address=to,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": subject, "body": body},
                reference=reference,
            )
        except APIError as exc:
            # 400 (bad address or template) and 403 (bad key) will not get better by retrying;
            # 429 (rate limit), 5xx and connection errors (reported as 503) may.
            if exc.status_code in (400, 403):
                raise PermanentFailure(str(exc)) from exc
            raise TemporaryFailure(str(exc)) from exc
        except OSError as exc:
            raise TemporaryFailure(repr(exc)) from exc
        return str(response.get("id", "")) if isinstance(response, dict) else ""


def get_backend():
    """The backend ``EMAIL_DELIVERY_BACKEND`` names (a dotted path to a class)."""
    return import_string(settings.EMAIL_DELIVERY_BACKEND)()


# ---- the protocol -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str  # "sent", "retry", "failed", "skipped"
    retry_in: int = 0


def claim(delivery_id: int, token: str) -> EmailDelivery | None:
    """Step 1: atomically take a pending delivery for sending (committed before the send)."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update()
            .select_related("notification")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != EmailDelivery.Status.PENDING:
            return None
        now = timezone.now()
        if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=5):
            return None  # an early duplicate of a retry: the retry itself will come
        delivery.status = EmailDelivery.Status.SENDING
        delivery.claimed_at = now
        delivery.claim_token = token[:64]
        delivery.attempts += 1
        delivery.save(update_fields=["status", "claimed_at", "claim_token", "attempts"])
        EmailDeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=now,
            outcome=EmailDeliveryAttempt.Outcome.STARTED,
            by=token[:100],
        )
    return delivery


def _retries_left(delivery: EmailDelivery) -> bool:
    """Fewer than MAX_ATTEMPTS tries since the delivery was created or last sent again."""
    resent_at = (
        delivery.log.filter(outcome=EmailDeliveryAttempt.Outcome.RESENT)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    ) or 0
    return delivery.attempts - resent_at < MAX_ATTEMPTS


def _record(
    delivery_id: int,
    token: str,
    *,
    outcome: str,
    error: str = "",
    backend: str = "",
    provider_reference: str = "",
) -> Outcome:
    """Step 3: record what happened to this claim."""
    now = timezone.now()
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery_id)
        EmailDeliveryAttempt.objects.filter(
            delivery=delivery, number=delivery.attempts, by=token[:100]
        ).update(finished_at=now, outcome=outcome, error=error[:2000])
        if outcome == EmailDeliveryAttempt.Outcome.SENT:
            # Even if the sweep had given up on this claim as stale: we now know it went.
            delivery.status = EmailDelivery.Status.SENT
            delivery.sent_at = now
            delivery.backend = backend
            delivery.provider_reference = provider_reference[:100]
            delivery.last_error = ""
            delivery.next_attempt_at = None
            result = Outcome("sent")
        elif delivery.status != EmailDelivery.Status.SENDING or delivery.claim_token != token[:64]:
            # The claim was given up (marked unknown) while we were sending: leave it to people.
            return Outcome("skipped")
        elif outcome == EmailDeliveryAttempt.Outcome.RETRYING and _retries_left(delivery):
            wait = backoff_seconds(delivery.attempts)
            delivery.status = EmailDelivery.Status.PENDING
            delivery.next_attempt_at = now + timedelta(seconds=wait)
            delivery.last_error = error[:2000]
            result = Outcome("retry", retry_in=wait)
        else:
            delivery.status = EmailDelivery.Status.FAILED
            delivery.last_error = error[:2000]
            delivery.next_attempt_at = None
            result = Outcome("failed")
        delivery.save(
            update_fields=[
                "status",
                "sent_at",
                "backend",
                "provider_reference",
                "last_error",
                "next_attempt_at",
            ]
        )
    return result


def deliver(delivery_id: int, *, token: str | None = None, backend=None) -> Outcome:
    """Send one outbox e-mail at most once (claim, send, record)."""
    token = token or f"local-{uuid.uuid4().hex}"
    delivery = claim(delivery_id, token)
    if delivery is None:
        return Outcome("skipped")
    backend = backend or get_backend()
    notification = delivery.notification
    try:
        reference = backend.send(
            to=delivery.to_address,
            subject=notification.subject,
            body=message_body(notification),
            reference=f"delivery-{delivery.pk}",
        )
    except PermanentFailure as exc:
        logger.warning("Delivery %s refused: %s", delivery_id, exc)
        return _record(
            delivery_id, token, outcome=EmailDeliveryAttempt.Outcome.FAILED, error=str(exc)
        )
    except TemporaryFailure as exc:
        logger.warning("Delivery %s failed for now: %s", delivery_id, exc)
        return _record(
            delivery_id, token, outcome=EmailDeliveryAttempt.Outcome.RETRYING, error=str(exc)
        )
    return _record(
        delivery_id,
        token,
        outcome=EmailDeliveryAttempt.Outcome.SENT,
        backend=backend.name,
        provider_reference=reference,
    )


def mark_stale_claims_unknown(now=None) -> int:
    """Deliveries claimed longer ago than :data:`SENDING_STALE_AFTER` with no outcome: the
    worker died mid-send, so whether the e-mail went is unknown. Mark them so (never re-send
    silently); the council's delivery log shows them for a person to check."""
    now = now or timezone.now()
    cutoff = now - SENDING_STALE_AFTER
    marked = 0
    with transaction.atomic():
        stale = list(
            EmailDelivery.objects.select_for_update(skip_locked=True).filter(
                status=EmailDelivery.Status.SENDING, claimed_at__lt=cutoff
            )[:500]
        )
        for delivery in stale:
            EmailDeliveryAttempt.objects.filter(
                delivery=delivery,
                number=delivery.attempts,
                outcome=EmailDeliveryAttempt.Outcome.STARTED,
            ).update(
                finished_at=now,
                outcome=EmailDeliveryAttempt.Outcome.ABANDONED,
                error="The worker stopped after taking the message and before recording the "
                "result: it may or may not have been sent.",
            )
            delivery.status = EmailDelivery.Status.UNKNOWN
            delivery.last_error = (
                f"Sending started at {timezone.localtime(delivery.claimed_at):%-d %B %Y %H:%M} "
                "and no result was recorded. Check with the recipient before sending again."
            )
            delivery.save(update_fields=["status", "last_error"])
            marked += 1
    if marked:
        logger.warning("%s deliveries marked unknown after a worker stopped mid-send", marked)
    return marked


def resend(delivery: EmailDelivery, *, actor) -> EmailDelivery:
    """A SEND manager sends a failed or unknown delivery again (after checking with the
    recipient); recorded in the delivery's log and the audit log, queued after commit."""
    with transaction.atomic():
        delivery = EmailDelivery.objects.select_for_update().get(pk=delivery.pk)
        if delivery.status not in EmailDelivery.RESENDABLE:
            return delivery
        now = timezone.now()
        EmailDeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            started_at=now,
            finished_at=now,
            outcome=EmailDeliveryAttempt.Outcome.RESENT,
            error=f"Was {in_sentence(delivery.get_status_display())}: {delivery.last_error}"[:2000],
            by=str(actor)[:100],
        )
        delivery.status = EmailDelivery.Status.PENDING
        delivery.next_attempt_at = None
        delivery.claim_token = ""
        delivery.save(update_fields=["status", "next_attempt_at", "claim_token"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.NOTIFY,
            summary=f"Sent again: e-mail to {delivery.to_address} "
            f"({delivery.notification.subject})",
            obj=delivery,
        )
        delivery_id = delivery.pk
        transaction.on_commit(lambda: enqueue(send_email_delivery, delivery_id))
    return delivery


@shared_task(
    name="send_portal.tasks.send_email_delivery",
    bind=True,
    acks_late=True,
    max_retries=None,
    soft_time_limit=50,
    time_limit=60,
)
def send_email_delivery(self, delivery_id: int) -> str:
    """Send one outbox e-mail at most once; retry temporary failures with back-off.

    A Celery task of the core, registered under its old name in ``send_portal.tasks`` (which
    re-exports it), defined here so that queueing an e-mail needs no import of the tasks."""
    outcome = deliver(delivery_id, token=self.request.id or "")
    if outcome.status == "retry":
        # If the retry cannot be queued (broker down), the row is pending with its
        # next_attempt_at, and dispatch_pending_emails queues it again later.
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status
