"""Celery tasks of the redress app: thin, idempotent wrappers around its services."""

from __future__ import annotations

from celery import shared_task

from ehcp import selectors

from .reminders import send_compliance_reminders


@shared_task(acks_late=True)
def send_compliance_reminders_task() -> int:
    """Daily: remind councils of Tribunal-order, unopposed-appeal and mediation-agreement steps
    that are due soon, due today or overdue (once per step per threshold)."""
    return send_compliance_reminders(selectors.today())
