from datetime import date

import pytest
from django.core import mail

from send_portal.models import EmailDelivery, Notification
from send_portal.notifications import VagueNotification, notify
from send_portal.tasks import dispatch_pending_emails, send_email_delivery
from tests.factories import UserFactory

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
