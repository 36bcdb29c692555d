"""What ``seed_demo`` prints: the address the demo is really served on (scripts/demo.sh passes
it), who the service is shown as run by, and no warnings from the task queue's client."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.management import call_command
from django.test import override_settings

from send_portal import demo

pytestmark = pytest.mark.django_db


@override_settings(COUNCIL_NAME=demo.DEMO_OPERATOR)
def test_seed_demo_prints_the_address_given_and_who_runs_the_service():
    out = io.StringIO()
    call_command("seed_demo", "--address", "127.0.0.1:8123", stdout=out)
    printed = out.getvalue()
    assert "Sign in at http://127.0.0.1:8123/sign-in/" in printed
    assert "8000" not in printed
    assert f"The service is shown as run by: {demo.DEMO_OPERATOR}" in printed


def test_the_broker_url_names_a_host_so_kombu_does_not_warn_on_each_task(caplog):
    """Even eager (embedded) Celery asks kombu for a producer: an in-memory URL without a host
    made kombu log "No hostname was supplied" for every task the demo queued."""
    from django.conf import settings
    from kombu import Connection

    with caplog.at_level(logging.WARNING, logger="kombu"):
        Connection(settings.CELERY_BROKER_URL)._info()
    assert not [r.getMessage() for r in caplog.records if r.name.startswith("kombu")]


def test_the_demo_script_serves_and_prints_the_same_address():
    script = (demo.DATA_DIR.parents[1] / "scripts" / "demo.sh").read_text(encoding="utf-8")
    assert 'seed_demo --address "$ADDRESS"' in script
    assert 'runserver "$ADDRESS"' in script
    assert "DEMO_OPERATOR" in script
