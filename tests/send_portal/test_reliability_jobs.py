"""PDF jobs: progress, time limits and safe retries (the worker-level tests are in
test_reliability_worker.py)."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from send_portal import pdf
from send_portal.models import GeneratedDocument
from send_portal.tasks import (
    PDF_SOFT_TIME_LIMIT,
    PDF_TIME_LIMIT,
    dispatch_pending_documents,
    render_document,
)

pytestmark = pytest.mark.django_db

LETTER = {"paragraphs": ["We have decided to carry out an EHC needs assessment for Alex."]}


def queued(title="Decision letter") -> GeneratedDocument:
    return GeneratedDocument.objects.create(
        title=title, template_name="pdf/letter.html", context=LETTER
    )


def test_a_pdf_job_reports_its_progress_and_a_retry_of_a_ready_one_changes_nothing(monkeypatch):
    document = queued()
    seen = []
    real = pdf.render_pdf

    def watching(template_name, context):
        row = GeneratedDocument.objects.get(pk=document.pk)
        seen.append((row.status, row.progress, row.stage))
        return real(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", watching)
    assert render_document.apply(args=[document.pk]).get() == "ready"
    assert seen == [("rendering", 20, "Laying out the pages")]
    document.refresh_from_db()
    assert (document.progress, document.stage, document.attempts) == (100, "Ready", 1)
    first = (document.sha256, document.file.name)
    assert render_document.apply(args=[document.pk]).get() == "ready"  # redelivered
    document.refresh_from_db()
    assert (document.sha256, document.file.name, document.attempts) == (*first, 1)


def test_a_pdf_that_takes_too_long_is_stopped_and_marked_failed(monkeypatch):
    document = queued()

    def too_slow(template_name, context):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pdf, "render_pdf", too_slow)
    with pytest.raises(SoftTimeLimitExceeded):
        render_document.apply(args=[document.pk]).get()
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.FAILED
    assert f"longer than {PDF_SOFT_TIME_LIMIT} seconds" in document.error
    assert render_document.time_limit == PDF_TIME_LIMIT
    assert render_document.soft_time_limit == PDF_SOFT_TIME_LIMIT


def test_pdfs_left_queued_or_half_made_are_queued_again(monkeypatch):
    from send_portal import notifications

    waiting = queued("Requested while Redis was down")
    stuck = queued("Its worker died")
    fresh = queued("Just requested")
    GeneratedDocument.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    GeneratedDocument.objects.filter(pk=stuck.pk).update(
        status=GeneratedDocument.Status.RENDERING,
        started_at=timezone.now() - timedelta(seconds=PDF_TIME_LIMIT * 3),
    )
    queued_ids = []
    monkeypatch.setattr(
        notifications, "_enqueue", lambda task, *args: queued_ids.append(args[0]) or True
    )
    assert dispatch_pending_documents.apply().get() == 2
    assert sorted(queued_ids) == sorted([waiting.pk, stuck.pk])
    assert fresh.pk not in queued_ids


def test_the_worker_limits_memory_and_recycles_its_processes(settings):
    from send_portal.celery import app

    assert app.conf.worker_max_memory_per_child == settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD
    assert app.conf.worker_max_tasks_per_child == settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.broker_transport_options["visibility_timeout"] >= 30 * 60 + 600
