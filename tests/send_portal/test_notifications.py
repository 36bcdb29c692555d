import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from send_portal import delivery as outbox
from send_portal.models import (
    AuditEvent,
    EmailDelivery,
    EmailDeliveryAttempt,
    Notification,
    Role,
)
from send_portal.notifications import VagueNotification, notify
from send_portal.tasks import dispatch_pending_emails, send_email_delivery
from tests.factories import UserFactory, la, person_with_role

pytestmark = pytest.mark.django_db


def _notify(user, **kwargs):
    defaults = {
        "recipient": user,
        "subject": "Decision: the council will carry out an EHC needs assessment",
        "what_happened": "Essex County Council decided on 13 October 2025 to assess Alex's needs.",
        "what_to_do": "Send any reports you want the council to consider.",
        "due_date": date(2026, 1, 19),
        "legal_basis": "SEND Regulations 2014 reg 13(2)",
    }
    defaults.update(kwargs)
    return notify(**defaults)


def test_notification_is_e_mailed_after_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(email="sam@example.org")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(user)
    assert len(mail.outbox) == 0
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sam@example.org"]
    assert "carry out an EHC needs assessment" in message.subject
    assert "SEND Regulations 2014 reg 13(2)" in message.body
    assert "19 January 2026" in message.body
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT


@pytest.mark.parametrize(
    "subject,what_happened",
    [
        ("You have new information", "Alex's case was updated."),
        ("Decision made", "Something changed"),
        ("Update", "There is an update"),
    ],
)
def test_a_generic_something_changed_message_is_refused(subject, what_happened):
    with pytest.raises(VagueNotification):
        _notify(UserFactory(), subject=subject, what_happened=what_happened)
    assert Notification.objects.count() == 0


def test_a_dated_notification_must_say_what_to_do_and_its_legal_basis():
    with pytest.raises(VagueNotification):
        _notify(UserFactory(), legal_basis="")


def test_the_same_dedupe_key_never_sends_twice(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = _notify(user, dedupe_key="reminder:case:1:user:1:3wd")
        second = _notify(user, dedupe_key="reminder:case:1:user:1:3wd")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_sending_a_delivery_twice_sends_one_e_mail(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(UserFactory())
    delivery_id = notification.email_delivery.pk
    assert send_email_delivery.apply(args=[delivery_id]).get() == "skipped"
    assert len(mail.outbox) == 1


def test_outbox_sweep_sends_what_was_left_pending_while_the_broker_was_down(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        _notify(UserFactory())  # the on-commit enqueue never runs: as if Redis were down
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.PENDING
    assert dispatch_pending_emails.apply(kwargs={"older_than_seconds": 0}).get() == 1
    assert EmailDelivery.objects.get().status == EmailDelivery.Status.SENT
    assert len(mail.outbox) == 1


def test_a_person_without_an_e_mail_address_gets_the_portal_notification_only():
    user = UserFactory()
    user.email = ""
    user.save()
    notification = _notify(user)
    assert notification.email_delivery.status == EmailDelivery.Status.NO_ADDRESS


# ---- the outbox: claim, send, record ------------------------------------------------------------


def _pending(user=None, **kwargs) -> EmailDelivery:
    """A notification whose e-mail was left in the outbox (as if the broker were down)."""
    user = user or UserFactory(email="pat@example.org")
    with transaction_without_on_commit():
        notification = _notify(user, **kwargs)
    return notification.email_delivery


class transaction_without_on_commit:
    """Write a notification and drop its on-commit enqueue: the delivery stays pending."""

    def __enter__(self):
        from send_portal import notifications

        self._original = notifications.enqueue_delivery
        notifications.enqueue_delivery = lambda delivery_id: None
        return self

    def __exit__(self, *exc):
        from send_portal import notifications

        notifications.enqueue_delivery = self._original
        return False


class RecordingBackend:
    """A delivery backend that records what it was asked to send and what the outbox row looked
    like (committed) at that moment."""

    name = "recording"

    def __init__(self, fail_with=None):
        self.sent = []
        self.fail_with = list(fail_with or [])

    def send(self, *, to, subject, body, reference):
        pk = int(reference.removeprefix("delivery-"))
        row = EmailDelivery.objects.get(pk=pk)
        self.sent.append({"to": to, "subject": subject, "body": body, "status_seen": row.status})
        if self.fail_with:
            raise self.fail_with.pop(0)
        return f"ref-{pk}"


def test_a_delivery_is_claimed_as_sending_before_the_message_leaves():
    delivery = _pending()
    backend = RecordingBackend()
    assert outbox.deliver(delivery.pk, token="task-1", backend=backend).status == "sent"
    assert backend.sent[0]["status_seen"] == EmailDelivery.Status.SENDING
    assert "What to do: Send any reports" in backend.sent[0]["body"]
    assert "Legal basis: SEND Regulations 2014 reg 13(2)" in backend.sent[0]["body"]
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT
    assert (delivery.backend, delivery.provider_reference) == ("recording", f"ref-{delivery.pk}")
    (attempt,) = delivery.log.all()
    assert (attempt.number, attempt.outcome, attempt.by) == (1, "sent", "task-1")


def test_a_redelivered_task_does_nothing_to_a_delivery_already_claimed_or_sent():
    delivery = _pending()
    backend = RecordingBackend()
    assert outbox.claim(delivery.pk, "first-task") is not None  # ...and the worker died
    assert outbox.deliver(delivery.pk, token="redelivered", backend=backend).status == "skipped"
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=EmailDelivery.Status.SENT)
    assert send_email_delivery.apply(args=[delivery.pk]).get() == "skipped"
    assert backend.sent == [] and mail.outbox == []


def test_a_delivery_left_sending_by_a_dead_worker_becomes_unknown_and_is_never_resent():
    delivery = _pending()
    outbox.claim(delivery.pk, "dead-task")
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        claimed_at=timezone.now() - outbox.SENDING_STALE_AFTER - timedelta(seconds=1)
    )
    assert dispatch_pending_emails.apply(kwargs={"older_than_seconds": 0}).get() == 0
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.UNKNOWN
    assert "Check with the recipient" in delivery.last_error
    assert delivery.log.get().outcome == EmailDeliveryAttempt.Outcome.ABANDONED
    # Later sweeps and redelivered tasks leave it alone: only a person sends it again.
    assert dispatch_pending_emails.apply(kwargs={"older_than_seconds": 0}).get() == 0
    assert send_email_delivery.apply(args=[delivery.pk]).get() == "skipped"
    assert mail.outbox == []


def test_a_slow_send_that_finishes_after_being_marked_unknown_is_recorded_as_sent():
    delivery = _pending()
    outbox.claim(delivery.pk, "slow-task")
    EmailDelivery.objects.filter(pk=delivery.pk).update(status=EmailDelivery.Status.UNKNOWN)
    outcome = outbox._record(delivery.pk, "slow-task", outcome="sent", backend="smtp")
    assert outcome.status == "sent"
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.SENT


def test_a_temporary_failure_is_retried_after_its_back_off_and_each_attempt_is_recorded():
    delivery = _pending()
    backend = RecordingBackend(fail_with=[outbox.TemporaryFailure("421 try later")])
    outcome = outbox.deliver(delivery.pk, token="t1", backend=backend)
    assert (outcome.status, outcome.retry_in) == ("retry", outbox.BACKOFF_FIRST_SECONDS)
    delivery.refresh_from_db()
    assert delivery.status == EmailDelivery.Status.PENDING
    assert delivery.last_error == "421 try later"
    assert delivery.next_attempt_at > timezone.now()
    # The outbox sweep respects the back-off...
    assert dispatch_pending_emails.apply(kwargs={"older_than_seconds": 0}).get() == 0
    # ...and once it has passed, the next attempt sends it.
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(delivery.pk, token="t2", backend=backend).status == "sent"
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert [a.outcome for a in delivery.log.all()] == ["retrying", "sent"]


def test_a_permanent_refusal_fails_at_once_and_a_delivery_that_keeps_failing_gives_up():
    refused = _pending()
    backend = RecordingBackend(fail_with=[outbox.PermanentFailure("550 no such user")])
    assert outbox.deliver(refused.pk, backend=backend).status == "failed"
    refused.refresh_from_db()
    assert (refused.status, refused.last_error) == ("failed", "550 no such user")

    flaky = _pending(UserFactory(email="sam@example.org"))
    failures = [outbox.TemporaryFailure("timed out")] * outbox.MAX_ATTEMPTS
    backend = RecordingBackend(fail_with=failures)
    for _ in range(outbox.MAX_ATTEMPTS):
        EmailDelivery.objects.filter(pk=flaky.pk).update(next_attempt_at=None)
        last = outbox.deliver(flaky.pk, backend=backend)
    assert last.status == "failed"
    flaky.refresh_from_db()
    assert flaky.attempts == outbox.MAX_ATTEMPTS


@pytest.mark.parametrize(
    "error,expected",
    [
        (smtplib.SMTPRecipientsRefused({"pat@example.org": (550, b"No such user")}), "failed"),
        (smtplib.SMTPRecipientsRefused({"pat@example.org": (450, b"Mailbox busy")}), "retry"),
        (smtplib.SMTPDataError(554, b"Message rejected"), "failed"),
        (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "retry"),
        (ConnectionRefusedError(111, "Connection refused"), "retry"),
    ],
)
def test_smtp_errors_are_told_apart_permanent_from_temporary(monkeypatch, error, expected):
    delivery = _pending()

    def fail(self, fail_silently=False):
        raise error

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)
    assert outbox.deliver(delivery.pk, backend=outbox.SMTPBackend()).status == expected


def test_the_smtp_backend_sends_one_message_tagged_with_its_delivery():
    delivery = _pending()
    assert outbox.deliver(delivery.pk).status == "sent"
    (message,) = mail.outbox
    assert message.extra_headers[outbox.DELIVERY_HEADER] == f"delivery-{delivery.pk}"
    delivery.refresh_from_db()
    assert delivery.provider_reference == message.extra_headers["Message-ID"]


class FakeNotifyClient:
    """Stands in for notifications_python_client's NotificationsAPIClient: no network."""

    def __init__(self, api_key=None, error=None):
        self.api_key = api_key
        self.error = error
        self.calls = []

    def send_email_notification(self, **kwargs):
        self.calls.append(kwargs)
        if self.error is not None:
            raise self.error
        return {"id": "8f7b1c2e-notify-id", "reference": kwargs.get("reference")}


class _Response:
    def __init__(self, status_code):
        self.status_code = status_code

    def json(self):
        return {"errors": [{"error": "BadRequestError", "message": "Not a valid email address"}]}


@override_settings(NOTIFY_API_KEY="test-key", NOTIFY_EMAIL_TEMPLATE_ID="template-uuid")
def test_gov_uk_notify_backend_posts_the_message_with_its_reference():
    delivery = _pending()
    client = FakeNotifyClient()
    outcome = outbox.deliver(delivery.pk, backend=outbox.NotifyBackend(client=client))
    assert outcome.status == "sent"
    (call,) = client.calls
    assert call["email_address"] == "pat@example.org"
    assert call["template_id"] == "template-uuid"
    assert call["reference"] == f"delivery-{delivery.pk}"
    assert "carry out an EHC needs assessment" in call["personalisation"]["subject"]
    assert "Legal basis: SEND Regulations 2014 reg 13(2)" in call["personalisation"]["body"]
    delivery.refresh_from_db()
    assert (delivery.backend, delivery.provider_reference) == ("notify", "8f7b1c2e-notify-id")


@override_settings(NOTIFY_API_KEY="test-key", NOTIFY_EMAIL_TEMPLATE_ID="template-uuid")
@pytest.mark.parametrize("status_code,expected", [(400, "failed"), (429, "retry"), (503, "retry")])
def test_gov_uk_notify_errors_are_told_apart(status_code, expected):
    from notifications_python_client.errors import HTTPError

    delivery = _pending()
    client = FakeNotifyClient(error=HTTPError(_Response(status_code)))
    assert outbox.deliver(delivery.pk, backend=outbox.NotifyBackend(client=client)).status == (
        expected
    )


def test_notify_is_used_when_its_api_key_is_set(monkeypatch, settings):
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-uuid"
    settings.EMAIL_DELIVERY_BACKEND = "send_portal.delivery.NotifyBackend"
    monkeypatch.setattr(
        "notifications_python_client.notifications.NotificationsAPIClient", FakeNotifyClient
    )
    backend = outbox.get_backend()
    assert isinstance(backend, outbox.NotifyBackend)
    assert backend.client.api_key == "test-key"


def test_notify_without_a_template_id_is_a_configuration_error(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.NOTIFY_EMAIL_TEMPLATE_ID = ""
    with pytest.raises(ImproperlyConfigured, match="NOTIFY_EMAIL_TEMPLATE_ID"):
        outbox.NotifyBackend(client=FakeNotifyClient())


def test_with_the_broker_down_notify_still_commits_and_the_outbox_keeps_the_e_mail(monkeypatch):
    from django.db import transaction
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6390. Connection refused.")

    monkeypatch.setattr(send_email_delivery, "delay", broker_down)
    with transaction.atomic():
        notification = _notify(UserFactory())
    delivery = EmailDelivery.objects.get(notification=notification)
    assert delivery.status == EmailDelivery.Status.PENDING
    monkeypatch.undo()
    assert dispatch_pending_emails.apply(kwargs={"older_than_seconds": 0}).get() == 1
    assert len(mail.outbox) == 1


# ---- the council's delivery log -----------------------------------------------------------------


@pytest.fixture
def essex_delivery():
    """A failed e-mail about an Essex case and a sent one about a Thurrock case."""
    essex_failed = _pending(local_authority_id=la("881").pk)
    EmailDelivery.objects.filter(pk=essex_failed.pk).update(
        status=EmailDelivery.Status.FAILED, attempts=1, last_error="550 No such user"
    )
    thurrock = _pending(UserFactory(email="kim@example.org"), local_authority_id=la("883").pk)
    EmailDelivery.objects.filter(pk=thurrock.pk).update(status=EmailDelivery.Status.SENT)
    return essex_failed, thurrock


@pytest.mark.parametrize("role", [Role.SEND_MANAGER, Role.CASEWORKER])
def test_council_staff_see_their_own_councils_deliveries_only(client, essex_delivery, role):
    essex_failed, thurrock = essex_delivery
    client.force_login(person_with_role(role, la("881")))
    page = client.get(reverse("delivery-log"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "pat@example.org" in text and "550 No such user" in text
    assert "kim@example.org" not in text
    assert client.get(reverse("delivery-detail", args=[essex_failed.pk])).status_code == 200
    assert client.get(reverse("delivery-detail", args=[thurrock.pk])).status_code == 404
    failed_only = client.get(reverse("delivery-log"), {"status": "failed"}).content.decode()
    assert "pat@example.org" in failed_only


@pytest.mark.parametrize(
    "role", [Role.PARENT, Role.EDUCATIONAL_PSYCHOLOGIST, Role.MEDIATOR, Role.SYSTEM_ADMIN]
)
def test_people_outside_a_council_have_no_delivery_log(client, essex_delivery, role):
    from tests.factories import organisation_for_role

    essex_failed, _ = essex_delivery
    client.force_login(person_with_role(role, organisation_for_role(role)))
    assert client.get(reverse("delivery-log")).status_code == 404
    assert client.get(reverse("delivery-detail", args=[essex_failed.pk])).status_code == 404
    assert client.post(reverse("delivery-resend", args=[essex_failed.pk])).status_code == 404


def test_another_councils_manager_cannot_see_or_resend_it(client, essex_delivery):
    essex_failed, _ = essex_delivery
    client.force_login(person_with_role(Role.SEND_MANAGER, la("883")))
    assert client.get(reverse("delivery-detail", args=[essex_failed.pk])).status_code == 404
    assert client.post(reverse("delivery-resend", args=[essex_failed.pk])).status_code == 404
    assert EmailDelivery.objects.get(pk=essex_failed.pk).status == EmailDelivery.Status.FAILED


def test_a_caseworker_may_not_send_an_e_mail_again(client, essex_delivery):
    essex_failed, _ = essex_delivery
    client.force_login(person_with_role(Role.CASEWORKER, la("881")))
    assert (
        "Send it again"
        not in client.get(reverse("delivery-detail", args=[essex_failed.pk])).content.decode()
    )
    assert client.post(reverse("delivery-resend", args=[essex_failed.pk])).status_code == 403


def test_a_send_manager_sends_a_failed_e_mail_again_once_and_it_is_audited(
    client, essex_delivery, django_capture_on_commit_callbacks
):
    essex_failed, _ = essex_delivery
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    detail = client.get(reverse("delivery-detail", args=[essex_failed.pk])).content.decode()
    assert "Send it again" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("delivery-resend", args=[essex_failed.pk]))
        client.post(reverse("delivery-resend", args=[essex_failed.pk]))  # a double click
    assert response.status_code == 302
    essex_failed.refresh_from_db()
    assert essex_failed.status == EmailDelivery.Status.SENT
    assert len(mail.outbox) == 1
    assert [a.outcome for a in essex_failed.log.all()] == ["resent", "sent"]
    assert AuditEvent.objects.filter(actor=manager, summary__startswith="Sent again").count() == 1


def test_a_notification_about_a_case_page_belongs_to_the_cases_council():
    from ehcp.models import Stage
    from tests.ehcp.factories import case_at

    case = case_at(Stage.CONSIDERING)
    notification = _notify(UserFactory(), link=reverse("case-detail", args=[case.reference]))
    assert notification.local_authority_id == case.local_authority_id
    assert _notify(UserFactory(), link="/help/").local_authority_id is None
