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


# ---- Security review findings 1 and 9: one lock per account, the real client address ---------


def _behind_proxy(settings):
    """One reverse proxy in front (TRUSTED_PROXY_COUNT=1): every request comes from it."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def _from(client_address: str, spoofed: str = "") -> dict:
    chain = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": chain}


def test_the_lockout_counts_every_spelling_of_an_email_as_one_account(client):
    """Finding 1: axes counted failures per spelling typed, while sign-in matches the address
    case-insensitively, so each spelling got its own five guesses."""
    UserFactory(email="sam@example.org")
    for spelling in ("Sam@example.org", "SAM@EXAMPLE.ORG", " sam@example.org", "sAm@Example.org "):
        _sign_in(client, spelling, "wrong-password")
    _sign_in(client, "sam@example.ORG", "wrong-password")
    response = _sign_in(client, "sam@example.org", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_reads_the_client_address_behind_exactly_the_trusted_proxies(settings):
    """Finding 1: behind the proxy every request shared the proxy's address, so one person's
    failures locked everyone out; and an X-Forwarded-For written by the client must not help."""
    from django.test import Client

    _behind_proxy(settings)
    UserFactory(email="sam@example.org")
    guesser = Client()
    for n in range(5):
        guesser.post(
            reverse("login"),
            {"username": "sam@example.org", "password": "wrong"},
            **_from("203.0.113.5", spoofed=f"192.0.2.{n}"),
        )
    locked = guesser.post(
        reverse("login"),
        {"username": "sam@example.org", "password": PASSWORD},
        **_from("203.0.113.5", spoofed="192.0.2.99"),
    )
    assert locked.status_code == 429
    someone_else = Client().post(
        reverse("login"),
        {"username": "sam@example.org", "password": PASSWORD},
        **_from("198.51.100.7"),
    )
    assert someone_else.status_code == 302


def test_the_api_anonymous_limit_cannot_be_bypassed_by_sending_x_forwarded_for(settings):
    """Finding 1: DRF trusted any X-Forwarded-For (NUM_PROXIES unset), so each made-up address
    got its own anonymous allowance."""
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "3/minute"}
    client = Client()
    codes = [
        client.get("/api/v1/standards/versions/", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    cache.clear()
    assert codes == [200, 200, 200, 429]


def test_guesses_spread_over_many_addresses_lock_the_account_for_unknown_browsers_only(settings):
    """Finding 9: the lock-out was per account and address only, so guesses spread over many
    addresses were unlimited. Now the account has its own limit across addresses, and a
    stranger's flood cannot lock the family out of a browser they have signed in from before;
    resetting the password clears it for a new one too."""
    from django.test import Client

    _behind_proxy(settings)
    UserFactory(email="sam@example.org")
    family = Client()
    signed = family.post(
        reverse("login"),
        {"username": "sam@example.org", "password": PASSWORD},
        **_from("81.2.69.1"),
    )
    assert signed.status_code == 302
    family.post(reverse("logout"), **_from("81.2.69.1"))
    for address in ("203.0.113.5", "203.0.113.6", "203.0.113.7"):
        stranger = Client()
        for _ in range(4):
            stranger.post(
                reverse("login"),
                {"username": "sam@example.org", "password": "wrong"},
                **_from(address),
            )
    new_browser = Client().post(
        reverse("login"),
        {"username": "sam@example.org", "password": PASSWORD},
        **_from("81.2.69.9"),
    )
    assert new_browser.status_code == 429
    own_browser = family.post(
        reverse("login"),
        {"username": "sam@example.org", "password": PASSWORD},
        **_from("81.2.69.1"),
    )
    assert own_browser.status_code == 302
    from send_portal.security.lockout import clear_account_failures

    clear_account_failures("SAM@example.org")
    assert (
        Client()
        .post(
            reverse("login"),
            {"username": "sam@example.org", "password": PASSWORD},
            **_from("81.2.69.9"),
        )
        .status_code
        == 302
    )


def test_a_few_passwords_against_many_accounts_from_one_address_are_limited(settings):
    """Finding 9: spraying a few passwords over many accounts from one address was unlimited."""
    from django.test import Client

    _behind_proxy(settings)
    UserFactory(email="sam@example.org")
    sprayer = Client()
    for n in range(10):
        for _ in range(2):
            sprayer.post(
                reverse("login"),
                {"username": f"person{n}@example.org", "password": "Summer2025!"},
                **_from("203.0.113.5"),
            )
    response = sprayer.post(
        reverse("login"),
        {"username": "sam@example.org", "password": PASSWORD},
        **_from("203.0.113.5"),
    )
    assert response.status_code == 429


def test_password_reset_emails_are_limited_per_account_and_per_address(settings):
    """Finding 9: ten requests for one address sent ten e-mails. Now three an hour per e-mail
    address (however it is spelt) and ten an hour per client address, with a GOV.UK error."""
    from django.test import Client

    _behind_proxy(settings)
    UserFactory(email="sam@example.org")
    client = Client()
    for spelling in ("sam@example.org", "SAM@example.org", " Sam@Example.org"):
        assert (
            client.post(reverse("password_reset"), {"email": spelling}, **_from("81.2.69.1"))
        ).status_code == 302
    refused = client.post(
        reverse("password_reset"), {"email": "sam@example.org"}, **_from("81.2.69.2")
    )
    assert refused.status_code == 429
    assert "You have asked for too many password reset emails" in refused.content.decode()
    assert 'class="govuk-error-summary"' in refused.content.decode()
    assert len(mail.outbox) == 3
    # Per client address, across e-mail addresses (existing or not):
    other = Client()
    codes = [
        other.post(
            reverse("password_reset"), {"email": f"p{n}@example.org"}, **_from("203.0.113.5")
        ).status_code
        for n in range(11)
    ]
    assert codes == [302] * 10 + [429]
