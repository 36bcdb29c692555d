"""Celery that can be trusted, tested with real processes (full-stack run only).

Each test starts its own Redis (a separate ``redis-server`` on a free port, never the suite's),
an SMTP sink in this process, and Celery workers as subprocesses (``--pool=solo``) pointed at
this test's PostgreSQL database, with a short broker visibility timeout so that a task whose
worker died is redelivered within seconds. Then it does something unkind: kills a worker with
SIGKILL in the middle of a sweep, runs the sweep twice at once and again, or takes Redis down
while the portal is writing notifications. Each ends with every due reminder in the database
once and every e-mail received by the SMTP sink exactly once (counted by the delivery header).
Every process started here is stopped by its pid when the test ends, whether it passed or not.
"""

from __future__ import annotations

import email
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from benchmarks.sweep import bulk_due_cases
from send_portal.celery import app
from send_portal.delivery import DELIVERY_HEADER
from send_portal.models import EmailDelivery, Notification, ReminderSweepRun, Role
from send_portal.notifications import notify
from send_portal.reminders import run_sweep
from send_portal.tasks import dispatch_pending_emails, run_reminder_sweep
from tests.factories import la, person_with_role

pytestmark = [
    pytest.mark.fullstack,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("reliability"),  # one after another: they start several processes
]

ROOT = Path(__file__).resolve().parents[2]
CELERY = ROOT / ".venv" / "bin" / "celery"
#: Seconds before an unacknowledged task (its worker died) is delivered again.
VISIBILITY_TIMEOUT = 3


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# ---- an SMTP server that keeps what it receives -------------------------------------------------


class SmtpSink:
    """A minimal SMTP server (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) in a thread."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                self.reply("220 sink ESMTP")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith(("EHLO", "HELO")):
                        self.reply("250-sink")
                        self.reply("250 8BITMIME")
                    elif command.startswith("DATA"):
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        body = []
                        while True:
                            data = self.rfile.readline()
                            if data in (b".\r\n", b".\n", b""):
                                break
                            body.append(data[1:] if data.startswith(b"..") else data)
                        with sink.lock:
                            sink.messages.append(email.message_from_bytes(b"".join(body)))
                        self.reply("250 OK: queued")
                    elif command.startswith("QUIT"):
                        self.reply("221 Bye")
                        return
                    else:  # MAIL, RCPT, RSET, NOOP
                        self.reply("250 OK")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def per_delivery(self) -> Counter:
        with self.lock:
            return Counter(m[DELIVERY_HEADER] for m in self.messages)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ---- Redis and workers, as processes we own -----------------------------------------------------


class Stack:
    """This test's Redis, SMTP sink and workers. ``close`` stops them all by pid."""

    def __init__(self, tmp_path: Path, notify_delay: float = 0.0, sweep_chunk: int = 0):
        self.tmp = tmp_path
        self.redis_port = free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.redis: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []
        self.sink = SmtpSink()
        self.notify_delay = notify_delay
        self.sweep_chunk = sweep_chunk
        self._previous_broker = None

    # Redis
    def start_redis(self) -> None:
        log = open(self.tmp / "redis.log", "ab")  # noqa: SIM115 - kept open for the process
        self.redis = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],  # fmt: skip
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_connect_timeout=0.5)

        def answers():
            try:
                return client.ping()
            except redis.exceptions.ConnectionError:
                return False

        wait_for(answers, 15, "redis-server to answer")

    def stop_redis(self) -> None:
        if self.redis is not None and self.redis.poll() is None:
            self.redis.terminate()
            try:
                self.redis.wait(10)
            except subprocess.TimeoutExpired:
                self.redis.kill()
                self.redis.wait(5)

    # Celery in this process publishes to this test's Redis (Celery reads CELERY_BROKER_URL
    # from the environment before its configuration, so both change).
    def use_this_broker(self) -> None:
        self._previous_broker = (
            os.environ.get("CELERY_BROKER_URL"),
            app.conf.broker_url,
            app.conf.task_always_eager,
        )
        self._reset_pools()
        os.environ["CELERY_BROKER_URL"] = self.redis_url
        app.conf.broker_url = self.redis_url
        app.conf.task_always_eager = False
        assert app.connection_for_write().as_uri().endswith(f":{self.redis_port}/0")

    def _reset_pools(self) -> None:
        if app._pool is not None:
            app._pool.force_close_all()
            app._pool = None
        app.amqp._producer_pool = None

    # Workers
    def worker_env(self) -> dict:
        db = connection.settings_dict
        user = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("NOTIFY_", "PYTEST", "DJANGO_ALLOW"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="send_portal.settings",
            DATABASE_URL=f"postgres://{user}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            CELERY_BROKER_URL=self.redis_url,
            REDIS_URL=self.redis_url,
            CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.sink.port),
            EMAIL_USE_TLS="false",
            SEND_PORTAL_TEST_NOTIFY_DELAY=str(self.notify_delay),
            SEND_PORTAL_TEST_SWEEP_CHUNK=str(self.sweep_chunk),
            PYTHONPATH=str(ROOT),
            SEND_PORTAL_VAR_DIR=str(self.tmp / "var"),
        )
        return env

    def start_worker(self) -> subprocess.Popen:
        name = f"reliability-{uuid.uuid4().hex[:8]}"
        log_path = self.tmp / f"{name}.log"
        log = open(log_path, "ab")  # noqa: SIM115 - kept open for the process
        worker = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "send_portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"{name}@%h",
                "--include",
                "tests.send_portal.reliability_hooks",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.worker_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker.log_path = log_path
        self.workers.append(worker)
        wait_for(
            lambda: worker.poll() is not None or b" ready." in log_path.read_bytes(),
            60,
            "the worker to start",
        )
        assert worker.poll() is None, self.tail(worker)
        return worker

    def tail(self, worker, lines: int = 30) -> str:
        text = worker.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    @staticmethod
    def kill(worker: subprocess.Popen) -> None:
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(10)
                except subprocess.TimeoutExpired:
                    self.kill(worker)
        self.stop_redis()
        self.sink.close()
        if self._previous_broker is not None:
            self._reset_pools()
            environ, app.conf.broker_url, app.conf.task_always_eager = self._previous_broker
            if environ is None:
                os.environ.pop("CELERY_BROKER_URL", None)
            else:
                os.environ["CELERY_BROKER_URL"] = environ


@pytest.fixture
def stack_factory(tmp_path):
    assert connection.vendor == "postgresql", "the reliability tests need the full stack"
    assert shutil.which("redis-server"), "redis-server is installed by scripts/test.sh"
    stacks: list[Stack] = []

    def make(**kwargs) -> Stack:
        stack = Stack(tmp_path, **kwargs)
        stacks.append(stack)
        stack.start_redis()
        stack.use_this_broker()
        return stack

    yield make
    for stack in stacks:
        stack.close()
    for stack in stacks:  # any worker log, for a failure's report
        for worker in stack.workers:
            sys.stdout.write(f"---- {worker.log_path.name} ----\n{stack.tail(worker, 15)}\n")


def due_today(count: int):
    """``count`` cases whose decision to assess is due today, all with one caseworker."""
    worker = person_with_role(Role.CASEWORKER, la("881"))
    return worker, bulk_due_cases(
        local_authority=la("881"), caseworker=worker, count=count, due=timezone.localdate()
    )


def all_sent(expected: int, sink: SmtpSink):
    def check():
        sent = EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count()
        return sent == expected and sum(sink.per_delivery().values()) >= expected

    return check


def assert_exactly_once(cases, sink: SmtpSink, extra: int = 0) -> None:
    """One reminder per due case, one e-mail for each notification, nothing lost or doubled."""
    reminders = Notification.objects.filter(dedupe_key__startswith="reminder:")
    assert reminders.count() == len(cases)
    assert sorted(
        k.split(":")[2] for k in reminders.values_list("dedupe_key", flat=True)
    ) == sorted(str(case.pk) for case in cases)
    deliveries = {f"delivery-{pk}" for pk in EmailDelivery.objects.values_list("pk", flat=True)}
    assert len(deliveries) == len(cases) + extra
    assert set(EmailDelivery.objects.values_list("status", flat=True)) == {"sent"}
    received = sink.per_delivery()
    assert set(received) == deliveries, "an e-mail was lost"
    assert max(received.values()) == 1, f"an e-mail was sent twice: {received.most_common(3)}"


def test_killing_the_worker_mid_sweep_then_restarting_it_sends_each_reminder_once(
    stack_factory,
):
    # Batches of 10 reminders, each taking 0.4 s to write: the sweep takes about 3 s.
    stack = stack_factory(notify_delay=0.04, sweep_chunk=10)
    _, cases = due_today(80)
    first = stack.start_worker()
    run_reminder_sweep.apply_async(kwargs={"day": timezone.localdate().isoformat()})
    made = wait_for(
        lambda: Notification.objects.count() >= 15 and Notification.objects.count(),
        60,
        "the sweep to be under way",
        interval=0.02,
    )
    stack.kill(first)
    at_kill = Notification.objects.count()
    assert made <= at_kill < len(cases), "the sweep should have been stopped half-way"
    assert ReminderSweepRun.objects.get().outcome == ReminderSweepRun.Outcome.RUNNING

    stack.start_worker()  # the unacknowledged sweep is delivered to it again
    wait_for(
        lambda: ReminderSweepRun.objects.filter(outcome="done").exists(),
        60,
        "the redelivered sweep to finish",
    )
    dispatch_pending_emails.delay(0)  # the outbox sweep, as beat runs it every minute
    wait_for(all_sent(len(cases), stack.sink), 60, "every e-mail to be sent")
    time.sleep(1.0)  # anything sent twice would arrive now
    assert_exactly_once(cases, stack.sink)
    done = ReminderSweepRun.objects.get(outcome="done")
    assert done.reminders_sent == len(cases) - at_kill


def test_running_the_sweep_twice_at_once_and_again_sends_nothing_twice(stack_factory):
    stack = stack_factory()
    _, cases = due_today(60)
    stack.start_worker()
    stack.start_worker()
    day = timezone.localdate().isoformat()
    run_reminder_sweep.apply_async(kwargs={"day": day})
    run_reminder_sweep.apply_async(kwargs={"day": day})
    wait_for(
        lambda: ReminderSweepRun.objects.exclude(outcome="running").count() == 2,
        60,
        "both sweeps to finish",
    )
    wait_for(all_sent(len(cases), stack.sink), 60, "every e-mail to be sent")
    run_reminder_sweep.apply_async(kwargs={"day": day})
    wait_for(
        lambda: ReminderSweepRun.objects.exclude(outcome="running").count() == 3,
        60,
        "the third sweep to finish",
    )
    time.sleep(1.0)
    assert_exactly_once(cases, stack.sink)
    runs = ReminderSweepRun.objects.order_by("pk")
    assert sum(run.reminders_sent for run in runs) == len(cases)
    assert runs.last().reminders_sent == 0


def test_with_redis_down_the_portal_keeps_working_and_nothing_is_lost(stack_factory, client):
    stack = stack_factory()
    worker = stack.start_worker()
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    caseworker, cases = due_today(5)

    def tell(subject: str):
        with transaction.atomic():
            return notify(
                recipient=caseworker,
                subject=subject,
                what_happened=f"{subject}: recorded on the case by the council.",
                local_authority_id=la("881").pk,
            )

    tell("Advice received from the educational psychologist")
    wait_for(all_sent(1, stack.sink), 30, "the first e-mail, with Redis up")

    stack.stop_redis()
    started = time.monotonic()
    tell("Draft plan sent to the family")  # notify() in a transaction still succeeds
    result = run_sweep(timezone.localdate())  # the sweep still writes every reminder
    assert result.reminders == len(cases)
    client.force_login(manager)
    assert client.get(reverse("notifications")).status_code == 200
    refused = tell("Panel date set for 3 December")
    EmailDelivery.objects.filter(notification=refused).update(status=EmailDelivery.Status.FAILED)
    delivery = EmailDelivery.objects.get(notification=refused)
    response = client.post(reverse("delivery-resend", args=[delivery.pk]))
    assert response.status_code == 302  # a web request that queues an e-mail does not fail
    assert time.monotonic() - started < 20, "the web must not hang while Redis is down"
    pending = EmailDelivery.objects.filter(status=EmailDelivery.Status.PENDING)
    assert pending.count() == 2 + len(cases)
    time.sleep(1.0)
    assert sum(stack.sink.per_delivery().values()) == 1  # nothing could be sent meanwhile

    stack.start_redis()  # on the same port: the worker reconnects by itself
    assert dispatch_pending_emails.apply(kwargs={"older_than_seconds": 0}).get() == 2 + len(cases)
    wait_for(all_sent(3 + len(cases), stack.sink), 60, "the outbox to be delivered")
    time.sleep(1.0)
    assert worker.poll() is None, "the worker must survive a Redis outage"
    assert_exactly_once(cases, stack.sink, extra=3)
