import pytest
from django.urls import reverse
from django.utils.html import escape

from send_portal.landing import GUIDES
from send_portal.models import Notification, Role
from tests.factories import UserFactory, organisation_for_role, person_with_role

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "home",
    "accessibility",
    "privacy",
    "cookies",
    "help",
    "rights",
    "rights-easy-read",
    "login",
    "password_reset",
    "signed-out",
    "timescales",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_are_open_without_signing_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-generic-header' in html
    assert "govuk-header__logotype" not in html, "a council service does not use the crown"
    assert "Accessibility statement" in html and "Privacy notice" in html


def test_healthz_answers_ok(client):
    assert client.get("/healthz/").content == b"ok"


def test_every_page_carries_a_csp_nonce_and_no_unsafe_inline(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'nonce-" in policy


@pytest.mark.parametrize("role", list(Role))
def test_each_role_lands_on_what_it_can_do(client, role):
    user = person_with_role(role, organisation_for_role(role))
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "What you can do here" in html
    assert escape(GUIDES[role].heading) in html


def test_a_person_with_two_roles_sees_both():
    from django.test import Client

    user = person_with_role(Role.CASEWORKER, organisation_for_role(Role.CASEWORKER))
    from send_portal.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.PARENT)
    client = Client()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert escape(GUIDES[Role.CASEWORKER].heading) in html
    assert escape(GUIDES[Role.PARENT].heading) in html


def test_notifications_need_sign_in(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_someone_elses_notification_is_not_found(client):
    owner, other = UserFactory(), UserFactory()
    notification = Notification.objects.create(
        recipient=owner, subject="Draft plan sent", what_happened="The draft plan was sent."
    )
    client.force_login(other)
    assert client.post(reverse("notification-read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    client.force_login(owner)
    assert client.post(reverse("notification-read", args=[notification.pk])).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_an_unknown_page_is_a_govuk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
