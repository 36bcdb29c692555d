"""Administration: people, roles and organisations, for system administrators only."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from send_portal import administration
from send_portal.models import AuditEvent, Organisation, Role, RoleAssignment, User
from tests.factories import UserFactory, la, organisation_for_role, person_with_role

pytestmark = pytest.mark.django_db

PAGES = [
    ("administration", []),
    ("administration-people", []),
    ("administration-person-new", []),
    ("administration-person", ["subject"]),
    ("administration-role-add", ["subject"]),
    ("administration-organisations", []),
    ("administration-organisation-new", []),
    ("administration-organisation-edit", ["organisation"]),
    ("administration-audit", []),
]


@pytest.fixture
def admin():
    return person_with_role(Role.SYSTEM_ADMIN)


@pytest.fixture
def subject():
    return UserFactory(email="new.caseworker@example.org")


def _url(name, args, subject):
    values = {"subject": subject.pk, "organisation": la("881").pk}
    return reverse(name, args=[values[a] for a in args])


@pytest.mark.parametrize("name,args", PAGES)
def test_a_system_administrator_can_open_every_administration_page(
    client, admin, subject, name, args
):
    client.force_login(admin)
    assert client.get(_url(name, args, subject)).status_code == 200


@pytest.mark.parametrize("role", [r for r in Role if r != Role.SYSTEM_ADMIN])
@pytest.mark.parametrize("name,args", PAGES)
def test_every_other_role_is_refused_every_administration_page(client, subject, role, name, args):
    client.force_login(person_with_role(role, organisation_for_role(role)))
    response = client.get(_url(name, args, subject))
    assert response.status_code == 403
    assert "Only a system administrator" in response.content.decode()


@pytest.mark.parametrize("name,args", PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, subject, name, args):
    response = client.get(_url(name, args, subject))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_administration_url_is_in_the_permission_table():
    from send_portal import urls

    names = {
        p.name
        for p in urls.urlpatterns
        if getattr(p, "name", "") and p.name.startswith("administration")
    }
    posts = {
        "administration-role-end",
        "administration-person-active",
        "administration-person-two-factor-reset",
        "administration-role-grant-decide",
    }
    assert names == {name for name, _ in PAGES} | posts


def test_creating_a_person_emails_them_a_link_to_choose_a_password(
    client, admin, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("administration-person-new"),
            {"first_name": "Ravi", "last_name": "Singh", "email": "Ravi.Singh@Example.org"},
        )
    person = User.objects.get(email="ravi.singh@example.org")
    assert response.status_code == 302
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/password-reset/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="create", object_id=str(person.pk)).exists()


def test_a_second_account_with_the_same_email_is_refused_with_a_message(client, admin, subject):
    client.force_login(admin)
    response = client.post(
        reverse("administration-person-new"),
        {"first_name": "A", "last_name": "B", "email": "NEW.caseworker@example.org"},
    )
    assert "An account with this email address already exists" in response.content.decode()
    assert User.objects.filter(email__iexact="new.caseworker@example.org").count() == 1


def test_a_role_is_held_in_the_right_kind_of_organisation(admin, subject):
    with pytest.raises(administration.AdministrationError, match="must belong to a"):
        administration.add_role(
            actor=admin,
            person_id=subject.pk,
            role=Role.CASEWORKER,
            organisation=Organisation.objects.get(kind="dfe"),
        )
    with pytest.raises(administration.AdministrationError, match="Select the organisation"):
        administration.add_role(
            actor=admin, person_id=subject.pk, role=Role.CASEWORKER, organisation=None
        )
    with pytest.raises(administration.AdministrationError, match="in their own name"):
        administration.add_role(
            actor=admin, person_id=subject.pk, role=Role.PARENT, organisation=la("881")
        )
    assignment = administration.add_role(
        actor=admin, person_id=subject.pk, role=Role.CASEWORKER, organisation=la("881")
    )
    assert assignment.is_active
    assert RoleAssignment.objects.filter(user=subject).count() == 1


def test_ending_a_role_removes_access_and_can_be_given_back(client, admin, subject):
    assignment = administration.add_role(
        actor=admin, person_id=subject.pk, role=Role.CASEWORKER, organisation=la("881")
    )
    client.force_login(admin)
    client.post(reverse("administration-role-end", args=[subject.pk, assignment.pk]))
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert Role.CASEWORKER not in User.objects.get(pk=subject.pk).role_set()
    again = administration.add_role(
        actor=admin, person_id=subject.pk, role=Role.CASEWORKER, organisation=la("881")
    )
    assert again.pk == assignment.pk and again.is_active


def test_the_only_system_administrator_cannot_end_their_own_role_or_switch_themself_off(admin):
    assignment = admin.role_assignments.get()
    with pytest.raises(administration.AdministrationError, match="only system administrator"):
        administration.end_role(actor=admin, assignment_id=assignment.pk)
    with pytest.raises(administration.AdministrationError, match="your own account"):
        administration.set_active(actor=admin, person_id=admin.pk, active=False)


def test_switching_an_account_off_stops_sign_in(client, admin, subject):
    client.force_login(admin)
    client.post(reverse("administration-person-active", args=[subject.pk]), {"active": "no"})
    subject.refresh_from_db()
    assert not subject.is_active


def test_organisations_are_added_with_clear_errors_for_bad_input(client, admin):
    client.force_login(admin)
    response = client.post(reverse("administration-organisation-new"), {"kind": "", "name": ""})
    html = response.content.decode()
    assert "Select the type of organisation" in html and "Enter the organisation" in html
    response = client.post(
        reverse("administration-organisation-new"),
        {"kind": "la", "name": "Kent again", "la_code": "886"},
    )
    assert "already exists" in response.content.decode()
    response = client.post(
        reverse("administration-organisation-new"),
        {
            "kind": "icb",
            "name": "NHS Kent and Medway ICB",
            "ods_code": "QKS",
            "website": "https://www.kentandmedway.icb.nhs.uk",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(kind="icb", ods_code="QKS").exists()


def test_an_administrator_sees_no_case_pages(client, admin):
    client.force_login(admin)
    assert client.get(reverse("caseload")).status_code == 403


# ---- resetting two-factor authentication (a lost or replaced phone) ----------------------------


def test_resetting_two_factor_removes_the_app_tells_the_person_and_is_audited(client, admin):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from send_portal.models import Notification
    from tests.two_factor import device_for, mark_verified

    worker = person_with_role(Role.CASEWORKER, la("881"))
    device_for(worker)
    page = reverse("administration-person", args=[worker.pk])
    client.force_login(admin)
    assert "Authenticator app set up" in client.get(page).content.decode()

    response = client.post(reverse("administration-person-two-factor-reset", args=[worker.pk]))

    assert response.status_code == 302 and response["Location"] == page
    assert not TOTPDevice.objects.filter(user=worker).exists()
    event = AuditEvent.objects.get(summary__startswith="Two-factor authentication reset")
    assert event.actor == admin and event.detail == {"devices_removed": 1}
    note = Notification.objects.get(recipient=worker)
    assert note.subject == "Your two-factor authentication was reset"
    assert "If you did not ask for this" in note.what_to_do
    text = client.get(page).content.decode()
    assert "Two-factor authentication reset" in text and "Not set up yet" in text

    # The caseworker's session that was verified with the removed app is verified no more: the
    # next page asks them to set up the app again.
    worker_client = type(client)()
    worker_client.force_login(worker)
    mark_verified(worker_client, worker)
    TOTPDevice.objects.filter(user=worker).delete()
    response = worker_client.get(reverse("caseload"))
    assert response.status_code == 302 and "/two-factor/" in response["Location"]


def test_two_factor_reset_is_refused_for_oneself_for_nobody_set_up_and_for_non_admins(
    client, admin
):
    from tests.two_factor import device_for

    device_for(admin)
    with pytest.raises(administration.AdministrationError, match="another system administrator"):
        administration.reset_two_factor(actor=admin, person_id=admin.pk)
    family = UserFactory()
    with pytest.raises(administration.AdministrationError, match="nothing to reset"):
        administration.reset_two_factor(actor=admin, person_id=family.pk)

    worker = person_with_role(Role.CASEWORKER, la("881"))
    device_for(worker)
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    response = client.post(reverse("administration-person-two-factor-reset", args=[worker.pk]))
    assert response.status_code == 403
    assert worker.totpdevice_set.exists()
    assert not AuditEvent.objects.filter(summary__startswith="Two-factor").exists()


def test_nobody_can_give_themselves_a_role(client, admin):
    """Security review finding 4: a system administrator gave themselves a caseworker role and
    read children's records. Like the two-factor reset, a role is never given to oneself."""
    with pytest.raises(administration.AdministrationError, match="cannot give yourself a role"):
        administration.add_role(
            actor=admin, person_id=admin.pk, role=Role.CASEWORKER, organisation=la("881")
        )
    client.force_login(admin)
    response = client.post(
        reverse("administration-role-add", args=[admin.pk]),
        {"role": Role.SEND_MANAGER, "organisation": la("881").pk},
    )
    assert response.status_code == 200
    assert "You cannot give yourself a role" in response.content.decode()
    assert set(User.objects.get(pk=admin.pk).role_set()) == {Role.SYSTEM_ADMIN}


def test_a_case_role_for_a_system_administrator_needs_a_second_administrator_on_the_audit_page(
    client, admin
):
    """Security review finding 4: giving a system administrator a role that reads children's
    records waits for a second system administrator, neither the one who asked nor the person
    it is for, and both the request and the approval are on the audit page."""
    from send_portal.models import RoleGrantRequest

    colleague = person_with_role(Role.SYSTEM_ADMIN, email="colleague@example.org")
    second = person_with_role(Role.SYSTEM_ADMIN, email="second@example.org")
    grant = administration.add_role(
        actor=admin, person_id=colleague.pk, role=Role.CASEWORKER, organisation=la("881")
    )
    assert isinstance(grant, RoleGrantRequest)
    assert Role.CASEWORKER not in User.objects.get(pk=colleague.pk).role_set()
    for who in (admin, colleague):
        with pytest.raises(administration.AdministrationError, match="Another system admin"):
            administration.decide_role_grant(actor=who, grant_id=grant.pk, approve=True)
    client.force_login(second)
    page = client.get(reverse("administration-audit")).content.decode()
    assert "Roles waiting for a second system administrator" in page
    assert escape(colleague.display_name) in page and "Approve" in page
    client.post(
        reverse("administration-role-grant-decide", args=[grant.pk]), {"decision": "approve"}
    )
    assert Role.CASEWORKER in User.objects.get(pk=colleague.pk).role_set()
    page = client.get(reverse("administration-audit")).content.decode()
    assert f"Approved by {second.display_name}" in page
    assert AuditEvent.objects.filter(
        actor=second, summary__contains=f"approved by {second.display_name}"
    ).exists()
    # The other way round: a caseworker made a system administrator also waits.
    worker = person_with_role(Role.CASEWORKER, la("881"))
    waiting = administration.add_role(
        actor=admin, person_id=worker.pk, role=Role.SYSTEM_ADMIN, organisation=None
    )
    assert isinstance(waiting, RoleGrantRequest)
    # A role that reads no child's record needs no second administrator.
    assert isinstance(
        administration.add_role(
            actor=admin,
            person_id=colleague.pk,
            role=Role.DFE_ANALYST,
            organisation=Organisation.objects.get(kind="dfe"),
        ),
        RoleAssignment,
    )
