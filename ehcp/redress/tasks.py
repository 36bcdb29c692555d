"""Celery tasks of the redress app: thin, idempotent wrappers around its services.

The daily compliance reminders are part of the one deadline sweep
(``send_portal.tasks.run_reminder_sweep``, source ``redress.compliance_steps``); this task runs
that source on its own, for an operator who wants to catch up on compliance steps at once. It is
not in the beat schedule.
"""

from __future__ import annotations

from celery import shared_task

from ehcp import selectors

from .reminders import send_compliance_reminders


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_compliance_reminders_task() -> int:
    """Remind councils of Tribunal-order, unopposed-appeal and mediation-agreement steps that are
    due soon, due today or overdue (once per step per threshold)."""
    return send_compliance_reminders(selectors.today())
