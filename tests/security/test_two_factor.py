"""Two-factor authentication for staff: after the password, every staff page sends them to set
up or enter their authenticator code; families are never asked; the code is checked, throttled
and audited; staff sessions end at browser close and after 8 hours."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from send_portal.models import STAFF_ROLES, AuditEvent, Role
from send_portal.security.middleware import SIGNED_IN_AT
from tests.factories import PASSWORD, organisation_for_role, person_with_role
from tests.security.test_permission_matrix import _patterns, _sample
from tests.two_factor import code_for, device_for

pytestmark = [pytest.mark.django_db, pytest.mark.otp_unverified]

EXEMPT = {"two-factor-verify", "two-factor-enrol", "logout", "signed-out", "healthz"}


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def staff(role=Role.CASEWORKER):
    return person_with_role(role, organisation_for_role(role))


def every_address():
    for name, converters in _patterns():
        if name in EXEMPT:
            continue
        yield (
            name,
            reverse(
                name, kwargs={key: _sample(key, numeric) for key, numeric in converters.items()}
            ),
        )


def test_an_unverified_staff_session_reaches_no_page_but_the_code_page(db):
    worker = staff()
    device_for(worker)
    client = signed_in(worker)
    verify = reverse("two-factor-verify")
    leaks = []
    for name, address in every_address():
        response = client.get(address)
        if address.startswith("/api/"):
            ok = response.status_code == 403 and "authenticator" in response.json()["detail"]
        else:
            ok = response.status_code == 302 and response["Location"].startswith(verify)
        if not ok:
            leaks.append(f"{name} {address}: {response.status_code}")
    assert not leaks, "reachable without the second factor:\n" + "\n".join(leaks)


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_is_asked_to_set_up_an_app_first(db, role):
    client = signed_in(staff(role))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-enrol"))


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON])
def test_families_are_not_asked_for_a_second_factor(db, role):
    client = signed_in(person_with_role(role))
    assert client.get("/").status_code == 200
    assert client.get("/notifications/").status_code == 200


def test_setting_up_the_app_and_entering_its_code_lets_staff_in(db):
    worker = staff()
    client = signed_in(worker)
    page = client.get(reverse("two-factor-enrol") + "?next=/cases/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Code from your authenticator app" in html
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    response = client.post(
        reverse("two-factor-enrol"), {"code": code_for(device), "next": "/cases/"}
    )
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert TOTPDevice.objects.get(user=worker).confirmed
    assert client.get("/cases/").status_code == 200
    assert client.session.get_expire_at_browser_close()


def test_a_wrong_code_is_refused_explained_and_audited(db):
    worker = staff()
    device_for(worker)
    client = signed_in(worker)
    response = client.post(reverse("two-factor-verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert AuditEvent.objects.filter(actor=worker, action=AuditEvent.Action.SIGN_IN_FAILED).exists()
    assert client.get("/cases/").status_code == 302
    bad_format = client.post(reverse("two-factor-verify"), {"code": "12ab"})
    assert "Enter the 6 digits" in bad_format.content.decode()


def test_repeated_wrong_codes_are_throttled(db):
    worker = staff()
    device = device_for(worker)
    client = signed_in(worker)
    for _ in range(3):
        client.post(reverse("two-factor-verify"), {"code": "000000"})
    response = client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert "too many times" in response.content.decode()
    assert client.get("/cases/").status_code == 302


def test_the_right_code_lets_staff_in_and_the_api_too(db):
    worker = staff()
    device = device_for(worker)
    client = signed_in(worker)
    refused = client.get("/api/v1/cases/")
    assert refused.status_code == 403
    response = client.post(reverse("two-factor-verify"), {"code": code_for(device), "next": "/"})
    assert response.status_code == 302
    assert client.get("/api/v1/cases/").status_code == 200


def test_a_session_older_than_eight_hours_ends(db, settings):
    worker = staff()
    device = device_for(worker)
    client = signed_in(worker)
    client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_MAX_AGE - 1
    session.save()
    response = client.get("/cases/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


def test_the_demo_code_is_shown_only_in_demo_mode(db, settings):
    worker = staff()
    device_for(worker)
    client = signed_in(worker)
    settings.DEMO_MODE = False
    assert "Demo only" not in client.get(reverse("two-factor-verify")).content.decode()
    settings.DEMO_MODE = True
    assert "Demo only" in client.get(reverse("two-factor-verify")).content.decode()


def test_production_never_runs_in_demo_mode():
    source = (
        __import__("pathlib").Path(__file__).resolve().parents[2]
        / "send_portal/settings/production.py"
    ).read_text()
    assert "DEMO_MODE = False" in source


def test_an_account_that_was_ever_staff_keeps_its_second_factor_after_its_roles_end(db):
    """Security review finding 6: a person whose staff roles have all ended signed in with their
    password alone. An account with an authenticator app keeps needing it until a system
    administrator removes the app (send_portal.administration.reset_two_factor)."""
    from send_portal.administration import reset_two_factor

    worker = staff()
    worker.role_assignments.create(role=Role.PARENT)
    device_for(worker)
    worker.role_assignments.exclude(role=Role.PARENT).update(is_active=False)
    client = signed_in(worker)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-verify"))
    assert client.get("/api/v1/advice-requests/").status_code == 403
    reset_two_factor(actor=person_with_role(Role.SYSTEM_ADMIN), person_id=worker.pk)
    assert signed_in(worker).get("/").status_code == 200


def test_the_session_id_is_rotated_when_the_second_factor_is_accepted(db):
    """Security review finding 10: the id that existed before the code was entered must be
    worth nothing after it (OWASP Session Management: renew the id on privilege change)."""
    from django.contrib.sessions.models import Session

    worker = staff()
    device = device_for(worker)
    client = signed_in(worker)
    before = client.cookies["sessionid"].value
    response = client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/cases/").status_code == 200


def test_before_the_second_factor_pages_show_no_name_or_unread_counts(db):
    """Security review finding 10: someone holding only the password learns nothing about the
    account from the pages they can reach before the code."""
    from send_portal.notifications import notify

    worker = staff()
    # A surname no page word contains (a random "Cook" is inside "Cookies" in the footer).
    worker.first_name, worker.last_name = "Ottoline", "Quennell-Ashby"
    worker.save(update_fields=["first_name", "last_name"])
    device_for(worker)
    notify(recipient=worker, subject="A case was allocated to you", what_happened="Allocated.")
    client = signed_in(worker)
    html = client.get(reverse("two-factor-verify")).content.decode()
    assert worker.display_name not in html
    assert worker.last_name not in html
    assert "unread" not in html
    client.post(reverse("two-factor-verify"), {"code": code_for(device_for(worker))})
    html = client.get("/").content.decode()
    assert worker.display_name in html and "1 unread" in html
