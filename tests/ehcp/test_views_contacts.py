"""The family on the case page and invitations to create an account (issue 20: "No family
account linked" with nothing to do about it). An invitation is a link made with Django's signing
machinery: it works once, until it expires, not after a newer one replaced it; the person sets
their own password; every step is audited; accepting links the account to the child's case."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from ehcp.models import ChildRelationship, FamilyContact, FamilyInvitation, Stage
from ehcp.selectors import cases_visible_to
from ehcp.services import contacts as contact_services
from send_portal.models import AuditEvent, Role
from tests.ehcp.factories import case_at
from tests.ehcp.view_helpers import error_summary, page_text, url
from tests.factories import PASSWORD, UserFactory, la, person_with_role

pytestmark = pytest.mark.django_db
User = get_user_model()

CONTACT = {
    "first_name": "Sam",
    "last_name": "Fletcher",
    "relationship": "mother",
    "parental_responsibility": "yes",
    "address_line_1": "12 High Street",
    "address_line_2": "",
    "town": "Chelmsford",
    "postcode": "CM1 1AA",
    "email": "sam.fletcher@example.org",
    "phone": "",
    "preferred_contact": "email",
    "language": "English",
    "accessibility_needs": "",
}


def case_with_contact(**overrides):
    case = case_at(Stage.CONSIDERING)
    contact = contact_services.add_contact(
        actor=case.caseworker, case_id=case.pk, values={**CONTACT, **overrides}
    )
    return case, contact


def invitation_link(django_capture_on_commit_callbacks, case, contact) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        contact_services.invite(
            actor=case.caseworker,
            case_id=case.pk,
            contact_id=contact.pk,
            site_url="https://portal.example",
        )
    return re.search(r"https://portal\.example(/invitations/\S+/)", mail.outbox[-1].body).group(1)


def test_a_case_without_a_family_account_offers_to_add_and_invite_the_family(client):
    case = case_at(Stage.CONSIDERING)
    client.force_login(case.caseworker)
    text = page_text(client.get(url("case-detail", case.reference)))
    assert "No family account linked. Invite or add the family" in text
    assert "Add a parent, carer or the young person" in text
    response = client.post(url("case-contact-new", case.reference), CONTACT, follow=True)
    assert "Sam Fletcher's details saved" in page_text(response)
    assert "Invite to create an account: Sam Fletcher" in page_text(response)
    assert "Not invited to create an account yet" in page_text(response)


def test_a_contact_who_wants_email_must_give_an_address(client):
    case = case_at(Stage.CONSIDERING)
    client.force_login(case.caseworker)
    response = client.post(url("case-contact-new", case.reference), {**CONTACT, "email": ""})
    assert error_summary(response) == [
        "Enter an email address, or choose post or phone if they do not use e-mail"
    ]
    assert not FamilyContact.objects.exists()


def test_a_contact_who_hears_by_post_needs_an_address(client):
    case = case_at(Stage.CONSIDERING)
    client.force_login(case.caseworker)
    response = client.post(
        url("case-contact-new", case.reference),
        {**CONTACT, "preferred_contact": "post", "address_line_1": "", "postcode": ""},
    )
    assert error_summary(response) == [
        "Enter the first line of their address and the postcode: letters go by post"
    ]


def test_an_invitation_is_emailed_with_a_signed_link_and_audited(
    client, django_capture_on_commit_callbacks
):
    case, contact = case_with_contact()
    client.force_login(case.caseworker)
    page = page_text(client.get(url("case-contact-invite", case.reference, contact.pk)))
    assert "We will e-mail sam.fletcher@example.org a link to create an account" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("case-contact-invite", case.reference, contact.pk), follow=True)
    assert "Invitation sent to sam.fletcher@example.org" in page_text(response)
    [email] = mail.outbox
    assert email.to == ["sam.fletcher@example.org"]
    assert "Open this link to create your account. You choose your own password" in email.body
    token = re.search(r"/invitations/(\S+)/", email.body).group(1)
    data = signing.loads(token, salt=contact_services.SALT)
    invitation = FamilyInvitation.objects.get()
    assert data == {"i": invitation.pk, "n": invitation.nonce}
    assert abs(invitation.expires_at - invitation.created_at - timedelta(days=7)) < timedelta(
        seconds=5
    )
    assert AuditEvent.objects.filter(
        object_type="ehcp.familyinvitation", action=AuditEvent.Action.CREATE
    ).exists()
    assert "Invited on" in page_text(client.get(url("case-detail", case.reference)))


def test_the_parent_sets_their_own_password_and_sees_the_case(
    client, django_capture_on_commit_callbacks
):
    case, contact = case_with_contact()
    link = invitation_link(django_capture_on_commit_callbacks, case, contact)
    page = client.get(link)
    assert "Create your account" in page_text(page)
    assert "sam.fletcher@example.org" in page_text(page)
    weak = client.post(
        link,
        {
            "first_name": "Sam",
            "last_name": "Fletcher",
            "new_password1": "password",
            "new_password2": "password",
        },
    )
    assert error_summary(weak)[0].startswith("This password is too short.")
    assert not User.objects.filter(email="sam.fletcher@example.org").exists()
    response = client.post(
        link,
        {
            "first_name": "Sam",
            "last_name": "Fletcher",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
        follow=True,
    )
    user = User.objects.get(email="sam.fletcher@example.org")
    assert user.check_password(PASSWORD)
    assert response.redirect_chain[-1][0] == url("family-case", case.reference)
    assert "Your account is set up." in page_text(response)
    assert case in cases_visible_to(user)
    contact.refresh_from_db()
    assert contact.user == user
    assert ChildRelationship.objects.get(child=case.child, user=user).kind == "parent"
    invitation = FamilyInvitation.objects.get()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (user, True)
    assert AuditEvent.objects.filter(actor=user, summary__contains="accepted the invitation")
    client.logout()
    again = client.get(link)
    assert again.status_code == 200
    assert "This link has already been used" in page_text(again)


def test_an_expired_link_does_not_work(client, django_capture_on_commit_callbacks):
    case, contact = case_with_contact()
    link = invitation_link(django_capture_on_commit_callbacks, case, contact)
    FamilyInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(link)
    assert response.status_code == 200
    assert "This link has expired" in page_text(response)
    assert not User.objects.filter(email=contact.email).exists()


def test_a_new_invitation_replaces_the_earlier_link(client, django_capture_on_commit_callbacks):
    case, contact = case_with_contact()
    first = invitation_link(django_capture_on_commit_callbacks, case, contact)
    second = invitation_link(django_capture_on_commit_callbacks, case, contact)
    assert "This link has been replaced" in page_text(client.get(first))
    assert "Create your account" in page_text(client.get(second))
    client.force_login(case.caseworker)
    assert "Send a new invitation: Sam Fletcher" in page_text(
        client.get(url("case-detail", case.reference))
    )


def test_a_changed_link_is_not_found(client, django_capture_on_commit_callbacks):
    case, contact = case_with_contact()
    link = invitation_link(django_capture_on_commit_callbacks, case, contact)
    response = client.get(link[:-3] + "xx/")
    assert response.status_code == 404
    assert "This link is not right" in page_text(response)


def test_someone_with_an_account_signs_in_and_links_it(client, django_capture_on_commit_callbacks):
    """A parent who already has an account (another child's case) links it after signing in."""
    parent = UserFactory(email="sam.fletcher@example.org")
    case, contact = case_with_contact()
    link = invitation_link(django_capture_on_commit_callbacks, case, contact)
    assert "You already have an account" in page_text(client.get(link))
    client.force_login(parent)
    assert "Link your account" in page_text(client.get(link))
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == url("family-case", case.reference)
    assert case in cases_visible_to(User.objects.get(pk=parent.pk))


def test_someone_signed_in_as_another_person_cannot_use_the_link(
    client, django_capture_on_commit_callbacks
):
    case, contact = case_with_contact()
    link = invitation_link(django_capture_on_commit_callbacks, case, contact)
    stranger = UserFactory()
    client.force_login(stranger)
    assert "This invitation is for someone else" in page_text(client.get(link))
    client.post(link)
    assert case not in cases_visible_to(User.objects.get(pk=stranger.pk))
    assert FamilyInvitation.objects.get().accepted_at is None


def test_a_staff_address_cannot_be_invited_as_family(client):
    worker = person_with_role(Role.CASEWORKER, la("881"))
    case, contact = case_with_contact(email=worker.email)
    client.force_login(case.caseworker)
    response = client.post(url("case-contact-invite", case.reference, contact.pk))
    assert error_summary(response) == [
        f"{worker.email} belongs to a staff account: family members need their own account. "
        "Ask for another e-mail address."
    ]
    assert not FamilyInvitation.objects.exists()


def test_a_contact_without_email_cannot_be_invited(client):
    case, contact = case_with_contact(email="", preferred_contact="post")
    client.force_login(case.caseworker)
    text = page_text(client.get(url("case-detail", case.reference)))
    assert "Invite to create an account" not in text
    response = client.post(url("case-contact-invite", case.reference, contact.pk))
    assert error_summary(response)[0].startswith("Add Sam Fletcher's e-mail address")


def test_only_the_councils_staff_can_invite_and_nothing_changes_when_refused(client):
    case, contact = case_with_contact()
    thurrock = person_with_role(Role.CASEWORKER, la("883"))
    client.force_login(thurrock)
    assert client.post(url("case-contact-invite", case.reference, contact.pk)).status_code == 404
    assert not FamilyInvitation.objects.exists()


def test_the_invitation_link_works_for_the_signed_in_parent_once(
    client, django_capture_on_commit_callbacks
):
    case, contact = case_with_contact()
    link = invitation_link(django_capture_on_commit_callbacks, case, contact)
    parent = UserFactory(email=contact.email)
    client.force_login(parent)
    client.post(link)
    client.post(link)
    assert ChildRelationship.objects.filter(user=parent).count() == 1
    assert reverse("invitation-accept", args=["x"]).startswith("/invitations/")


@pytest.mark.parametrize("name", ["case-contact-new", "case-contact-invite"])
def test_a_caseworker_whose_role_has_ended_cannot_see_or_change_the_family(client, name):
    case, contact = case_with_contact()
    client.force_login(case.caseworker)
    address = (
        url(name, case.reference)
        if name == "case-contact-new"
        else url(name, case.reference, contact.pk)
    )
    assert client.get(address).status_code == 200
    case.caseworker.role_assignments.update(is_active=False)
    assert client.get(address).status_code == 404
    assert client.post(address, CONTACT).status_code == 404
    assert FamilyContact.objects.count() == 1 and not FamilyInvitation.objects.exists()
