"""The Celery application. Eager (in-process) when no broker is configured; Redis otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

app = Celery("send_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
