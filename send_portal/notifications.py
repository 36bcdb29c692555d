"""Sending notifications: specific, dated, with their legal basis, and never sent twice.

:func:`notify` writes the in-portal notification and an e-mail outbox row in the caller's
transaction; the e-mail is handed to a Celery worker only after the transaction commits, and a
periodic sweep (``send_portal.tasks.dispatch_outbox``) re-queues anything left pending (for
example while Redis was down), so a broker outage delays messages but never loses them. How a
queued e-mail is sent exactly once is in ``send_portal.delivery`` and
docs/adr/0005-exactly-once-reminders.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from django.db import IntegrityError, transaction

from .delivery import send_email_delivery
from .models import EmailDelivery, Notification
from .queueing import enqueue

#: Messages that do not tell a person what actually happened are refused.
_GENERIC = re.compile(
    r"^\s*(you have (a )?new (information|message|update)s?|something (has )?changed|"
    r"there is an update|update|notification|new activity)\.?\s*$",
    re.IGNORECASE,
)

#: Functions ``(link) -> local authority id | None`` that say which council a notification's
#: link belongs to, for callers that do not pass ``local_authority_id`` (registered by apps, e.g.
#: ``ehcp.reminders`` for case and advice pages). The first answer that is not None wins.
_SCOPE_RESOLVERS: list[Callable[[str], int | None]] = []


class VagueNotification(ValueError):
    """A notification that would not tell the person what changed, what to do or why."""


def register_scope_resolver(fn: Callable[[str], int | None]) -> Callable[[str], int | None]:
    if fn not in _SCOPE_RESOLVERS:
        _SCOPE_RESOLVERS.append(fn)
    return fn


def council_for_link(link: str) -> int | None:
    """The council whose page ``link`` is, if a registered resolver knows it."""
    if not link:
        return None
    for resolver in _SCOPE_RESOLVERS:
        found = resolver(link)
        if found is not None:
            return found
    return None


def _check(
    subject: str, what_happened: str, what_to_do: str, due_date: date | None, legal_basis: str
) -> None:
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
    local_authority_id: int | None = None,
) -> Notification:
    """Create a notification for ``recipient`` and queue its e-mail after commit.

    ``dedupe_key`` makes the call idempotent: a second call with the same key returns the first
    notification and sends nothing. ``local_authority_id`` is the council whose case or work the
    message is about (its staff see the delivery in their log); when it is not given it is worked
    out from ``link`` where possible.
    """
    _check(subject, what_happened, what_to_do, due_date, legal_basis)
    if dedupe_key:
        existing = Notification.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    if local_authority_id is None:
        local_authority_id = council_for_link(link)
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
                local_authority_id=local_authority_id,
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
        enqueue_delivery(delivery.pk)
    return notification


def notify_many(messages: list[dict]) -> int:
    """Write many notifications at once (the reminder sweep): each is checked like
    :func:`notify`, all are inserted with their outbox rows in one transaction, and their e-mails
    are queued after it commits. The caller has checked that no dedupe key exists yet; if a
    concurrent writer got one in first, the batch falls back to :func:`notify` one by one, which
    skips existing keys. Returns how many notifications were created."""
    if not messages:
        return 0
    for m in messages:
        _check(
            m["subject"],
            m["what_happened"],
            m.get("what_to_do", ""),
            m.get("due_date"),
            m.get("legal_basis", ""),
        )
    try:
        with transaction.atomic():
            notes = Notification.objects.bulk_create(
                [
                    Notification(
                        recipient=m["recipient"],
                        subject=m["subject"][:200],
                        what_happened=m["what_happened"],
                        what_to_do=m.get("what_to_do", ""),
                        due_date=m.get("due_date"),
                        legal_basis=m.get("legal_basis", ""),
                        link=m.get("link", ""),
                        dedupe_key=m.get("dedupe_key"),
                        local_authority_id=m.get("local_authority_id"),
                    )
                    for m in messages
                ]
            )
            deliveries = EmailDelivery.objects.bulk_create(
                [
                    EmailDelivery(
                        notification=note,
                        to_address=note.recipient.email or "",
                        status=EmailDelivery.Status.PENDING
                        if note.recipient.email
                        else EmailDelivery.Status.NO_ADDRESS,
                    )
                    for note in notes
                ]
            )
            pending = [d.pk for d in deliveries if d.status == EmailDelivery.Status.PENDING]
            transaction.on_commit(lambda: _enqueue_deliveries(pending))
    except IntegrityError:
        created = 0
        for m in messages:
            if not Notification.objects.filter(dedupe_key=m.get("dedupe_key")).exists():
                notify(**m)
                created += 1
        return created
    return len(notes)


def _enqueue_deliveries(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        if not _enqueue(send_email_delivery, delivery_id):
            return  # the broker is down: the rest wait in the outbox for the sweep


def enqueue_delivery(delivery_id: int) -> None:
    """Hand an outbox row to a worker once the current transaction commits."""
    transaction.on_commit(lambda: _enqueue(send_email_delivery, delivery_id))


#: Queue a task, or leave it to the sweep if the broker is down (``send_portal.queueing``).
#: Called through this module (``notifications._enqueue``) by ``pdf`` and ``tasks`` too.
_enqueue = enqueue


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()
