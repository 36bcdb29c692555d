"""Loaded into the reliability tests' worker with ``celery worker --include`` (never by the
portal itself): makes the reminder sweep write its notifications in batches of
``SEND_PORTAL_TEST_SWEEP_CHUNK`` and slows each batch down by ``SEND_PORTAL_TEST_NOTIFY_DELAY``
seconds a notification, so that a test can kill the worker in the middle of a sweep. Nothing
else changes: the sweep, the outbox and the e-mails go through the real code, broker and
database."""

import os
import time

from send_portal import notifications, reminders

DELAY = float(os.environ.get("SEND_PORTAL_TEST_NOTIFY_DELAY") or 0)
CHUNK = int(os.environ.get("SEND_PORTAL_TEST_SWEEP_CHUNK") or 0)

if CHUNK:
    reminders.CHUNK_SIZE = CHUNK

if DELAY:
    _notify_many = notifications.notify_many

    def slow_notify_many(messages):
        time.sleep(DELAY * len(messages))
        return _notify_many(messages)

    notifications.notify_many = slow_notify_many
