"""Celery in the full stack: tasks cross Redis to a real worker (run only in the full-stack run,
where DATABASE_URL is PostgreSQL and CELERY_BROKER_URL is Redis)."""

import uuid

import pytest
from django.core import mail
from django.db import connection, transaction

from send_portal.celery import app
from send_portal.models import EmailDelivery, GeneratedDocument
from send_portal.notifications import notify
from send_portal.pdf import request_document
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.fullstack,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def worker():
    """An in-process worker on a queue of its own, using the test database."""
    from celery.contrib.testing.worker import start_worker

    assert connection.vendor == "postgresql", "the full-stack run must use PostgreSQL"
    assert app.conf.broker_url.startswith("redis://"), "the full-stack run must use Redis"
    queue = f"test-{uuid.uuid4().hex[:12]}"
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    with start_worker(
        app, pool="solo", queues=[queue], perform_ping_check=False, shutdown_timeout=30
    ):
        yield queue
    app.conf.task_always_eager, app.conf.task_default_queue = previous


def _wait_for(predicate, timeout=30.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_stack_worker_started_by_the_test_command_answers_a_ping():
    replies = app.control.ping(timeout=5.0)
    assert replies, "no Celery worker answered on the broker"


def test_a_notification_e_mail_goes_through_redis_to_a_worker(worker):
    user = UserFactory(email="sam@example.org")
    with transaction.atomic():
        notify(
            recipient=user,
            subject="Draft EHC plan for Alex sent to you",
            what_happened="Essex County Council sent the draft plan on 2 March 2026.",
        )
    assert _wait_for(lambda: EmailDelivery.objects.filter(status="sent").exists())
    assert [m.to for m in mail.outbox] == [["sam@example.org"]]


def test_a_pdf_is_rendered_by_a_worker_after_commit(worker):
    with transaction.atomic():
        document = request_document(
            title="Decision letter",
            template_name="pdf/letter.html",
            context={"paragraphs": ["We have decided to carry out an assessment."]},
        )
    assert _wait_for(lambda: GeneratedDocument.objects.get(pk=document.pk).status == "ready")
    document.refresh_from_db()
    assert len(document.sha256) == 64
