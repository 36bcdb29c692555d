"""Handing a task to the broker without letting a broker outage fail the web request.

The lowest layer of the core's background work: ``send_portal.delivery`` (e-mails),
``send_portal.notifications``, ``send_portal.pdf`` and the sweeps in ``send_portal.tasks`` all
queue through :func:`enqueue`, and none of them needs another to do it.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger("send_portal.notifications")


def enqueue(task: Any, *args: Any) -> bool:
    """Queue a task; if the broker is unreachable, leave the outbox row for the sweep.

    The web keeps serving while Redis is down: the publish gives up after a second or so
    (``CELERY_TASK_PUBLISH_RETRY_POLICY``) and the row stays pending in the database.
    """
    try:
        task.delay(*args)
    except Exception:  # noqa: BLE001 - broker down: the periodic sweep will send it later
        logger.warning("Broker unavailable; %s%s left in the outbox for the sweep", task.name, args)
        return False
    return True
