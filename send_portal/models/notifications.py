"""Notifications: what happened, what to do, by when and why (the legal basis)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


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
    #: A stable key (e.g. "reminder:advice:42:user:7:3wd") that makes sending idempotent.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class EmailDelivery(models.Model):
    """An outbox row for one e-mail: written in the same transaction as the notification, sent by
    a worker after commit, with every attempt and failure recorded."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        NO_ADDRESS = "no_address", "No e-mail address"

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email_delivery"
    )
    to_address = models.EmailField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.to_address} {self.status}"
