"""Notifications: what happened, what to do, by when and why (the legal basis), and the e-mail
outbox that delivers them exactly once or says plainly that it could not be sure."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .organisations import Organisation


class Notification(models.Model):
    """A message to one person, shown in the portal and, where they have e-mail, sent to them.

    A notification must say specifically what changed, what the person can do and by when: a
    generic "something changed" message is a defect (see ``send_portal.notifications.notify``).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    subject = models.CharField(max_length=200)
    what_happened = models.TextField()
    what_to_do = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    legal_basis = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    #: The council whose case (or work) the message is about: its staff see the delivery log.
    local_authority = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": "la"},
    )
    #: A stable key (e.g. "reminder:ehcp.advice:42:2026-04-13:7:3wd") that makes sending
    #: idempotent: a second notification with the same key is never created.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["local_authority", "-created_at"], name="notification_by_council"),
        ]

    def __str__(self) -> str:
        return self.subject


class EmailDelivery(models.Model):
    """An outbox row for one e-mail: written in the same transaction as the notification, sent by
    a worker after commit, with every attempt and failure recorded.

    The life of a delivery (docs/adr/0005-exactly-once-reminders.md)::

        pending --claim (committed before the send)--> sending --> sent
           ^                                             |  \\--> failed   (refused for good, or
           |                                             |                 out of retries)
           +------ temporary failure, retried -----------+
                                                         \\--> unknown  (the worker died while
                                                                        sending: never re-sent
                                                                        without a person's say)
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNKNOWN = "unknown", "Not known: check with the recipient"
        NO_ADDRESS = "no_address", "No e-mail address"

    #: Statuses a SEND manager may send again (after checking with the recipient).
    RESENDABLE = frozenset({Status.FAILED, Status.UNKNOWN})

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email_delivery"
    )
    to_address = models.EmailField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    #: After a temporary failure: not before this time (the back-off).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: Set, with ``claim_token``, in the transaction that commits the "sending" claim.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=64, blank=True)
    #: Which backend took the message ("smtp", "notify") and its own reference for it.
    backend = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to_address} {self.status}"


class EmailDeliveryAttempt(models.Model):
    """One try at sending an outbox e-mail, for the council's delivery log."""

    class Outcome(models.TextChoices):
        STARTED = "started", "Started (no result recorded)"
        SENT = "sent", "Accepted by the mail service"
        RETRYING = "retrying", "Temporary failure: will try again"
        FAILED = "failed", "Refused: will not try again"
        ABANDONED = "abandoned", "Worker stopped mid-send: outcome unknown"
        RESENT = "resent", "Sent again at a manager's request"

    delivery = models.ForeignKey(EmailDelivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    error = models.TextField(blank=True)
    #: The Celery task id (or "sweep"/a user) that made the attempt.
    by = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["delivery", "number", "id"]

    def __str__(self) -> str:
        return f"Attempt {self.number} of delivery {self.delivery_id}: {self.outcome}"
