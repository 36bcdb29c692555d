import re

import pytest
from django.core import mail
from django.urls import reverse

from send_portal.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_sign_in_with_correct_details_goes_to_the_home_page_and_is_audited(client):
    user = UserFactory(email="sam@example.org")
    response = _sign_in(client, "SAM@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert AuditEvent.objects.filter(actor=user, action=AuditEvent.Action.SIGN_IN).exists()


@pytest.mark.parametrize(
    "email,password,message",
    [
        ("", "", "Enter your email address"),
        ("sam@example.org", "", "Enter your password"),
        ("not-an-email", "x", "Enter an email address in the correct format"),
        ("sam@example.org", "wrong-password", "Enter a correct email address and password"),
    ],
)
def test_bad_sign_in_gets_a_govuk_error_summary_not_a_server_error(
    client, email, password, message
):
    UserFactory(email="sam@example.org")
    response = _sign_in(client, email, password)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert message in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session


def test_repeated_failed_sign_ins_are_throttled(client):
    UserFactory(email="sam@example.org")
    for _ in range(5):
        _sign_in(client, "sam@example.org", "wrong-password")
    response = _sign_in(client, "sam@example.org", PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("signed-out")
    assert "_auth_user_id" not in client.session


def test_password_reset_asks_for_an_email_address(client):
    response = client.post(reverse("password_reset"), {"email": ""})
    assert response.status_code == 200
    assert "Enter your email address" in response.content.decode()
    response = client.post(reverse("password_reset"), {"email": "nonsense"})
    assert "Enter an email address in the correct format" in response.content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 0


def test_password_reset_end_to_end(client):
    user = UserFactory(email="sam@example.org")
    client.post(reverse("password_reset"), {"email": "sam@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/password-reset/\S+/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    mismatch = client.post(
        form_url,
        {"new_password1": "a-long-new-password-1", "new_password2": "a-different-password-2"},
    )
    assert "The passwords do not match" in mismatch.content.decode()
    too_short = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert 'class="govuk-error-summary"' in too_short.content.decode()
    done = client.post(
        form_url,
        {"new_password1": "a-long-new-password-1", "new_password2": "a-long-new-password-1"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-long-new-password-1")


def test_a_used_or_bad_reset_link_says_it_has_expired(client):
    response = client.get("/password-reset/MQ/bad-token/")
    assert response.status_code == 200
    assert "This link has expired" in response.content.decode()
