"""Sending notifications: specific, dated, with their legal basis, and never sent twice.

:func:`notify` writes the in-portal notification and an e-mail outbox row in the caller's
transaction; the e-mail is handed to a Celery worker only after the transaction commits, and a
periodic sweep (``send_portal.tasks.dispatch_pending_emails``) re-sends anything left pending
(for example while Redis was down), so a broker outage delays messages but never loses them.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import IntegrityError, transaction

from .models import EmailDelivery, Notification

#: Messages that do not tell a person what actually happened are refused.
_GENERIC = re.compile(
    r"^\s*(you have (a )?new (information|message|update)s?|something (has )?changed|"
    r"there is an update|update|notification|new activity)\.?\s*$",
    re.IGNORECASE,
)


class VagueNotification(ValueError):
    """A notification that would not tell the person what changed, what to do or why."""


def notify(
    *,
    recipient,
    subject: str,
    what_happened: str,
    what_to_do: str = "",
    due_date: date | None = None,
    legal_basis: str = "",
    link: str = "",
    dedupe_key: str | None = None,
) -> Notification:
    """Create a notification for ``recipient`` and queue its e-mail after commit.

    ``dedupe_key`` makes the call idempotent: a second call with the same key returns the first
    notification and sends nothing.
    """
    if not subject.strip() or _GENERIC.match(subject) or _GENERIC.match(what_happened):
        raise VagueNotification(
            "A notification must say specifically what happened, not just that something changed."
        )
    if not what_happened.strip():
        raise VagueNotification("A notification must say what happened.")
    if due_date is not None and not (what_to_do.strip() and legal_basis.strip()):
        raise VagueNotification(
            "A notification with a date must say what to do by then and the legal basis of it."
        )
    if dedupe_key:
        existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                subject=subject[:200],
                what_happened=what_happened,
                what_to_do=what_to_do,
                due_date=due_date,
                legal_basis=legal_basis,
                link=link,
                dedupe_key=dedupe_key,
            )
            delivery = EmailDelivery.objects.create(
                notification=notification,
                to_address=recipient.email or "",
                status=EmailDelivery.Status.PENDING
                if recipient.email
                else EmailDelivery.Status.NO_ADDRESS,
            )
    except IntegrityError:
        # A concurrent call with the same dedupe key won the race.
        return Notification.objects.get(dedupe_key=dedupe_key)

    if delivery.status == EmailDelivery.Status.PENDING:
        from .tasks import send_email_delivery

        delivery_id = delivery.pk
        transaction.on_commit(lambda: _enqueue(send_email_delivery, delivery_id))
    return notification


def _enqueue(task, *args) -> None:
    """Queue a task; if the broker is unreachable, leave the outbox row for the sweep."""
    import logging

    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep will send it later
        logging.getLogger("send_portal.notifications").warning(
            "Broker unavailable; %s(%s) left in the outbox for the sweep", task.name, args
        )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()
