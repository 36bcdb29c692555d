import pytest
from django.core.exceptions import PermissionDenied
from guardian.shortcuts import assign_perm

from send_portal import permissions
from send_portal.models import Organisation, Role
from tests.factories import UserFactory, person_with_role

pytestmark = pytest.mark.django_db


def test_an_unregistered_permission_is_an_error_not_a_silent_no():
    with pytest.raises(permissions.PermissionRuleMissing):
        permissions.can(UserFactory(), "nowhere.do_anything")


def test_anonymous_and_inactive_people_can_do_nothing(client):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can(AnonymousUser(), "send_portal.manage_users")
    admin = person_with_role(Role.SYSTEM_ADMIN)
    admin.is_active = False
    assert not permissions.can(admin, "send_portal.manage_users")


def test_require_raises_with_the_rules_message():
    with pytest.raises(PermissionDenied, match="Only a system administrator"):
        permissions.require(UserFactory(), "send_portal.manage_users")


def test_a_system_administrator_may_manage_users():
    permissions.require(person_with_role(Role.SYSTEM_ADMIN), "send_portal.manage_users")


def test_a_rule_cannot_be_registered_twice_under_one_name():
    with pytest.raises(ValueError, match="registered twice"):

        @permissions.rule("send_portal.manage_users")
        def other(user, obj=None):
            return True


def test_an_explicit_guardian_share_on_an_object_allows_the_action():
    @permissions.rule("send_portal.change_organisation")
    def never(user, obj=None):
        return False

    person = UserFactory()
    organisation = Organisation.objects.filter(kind="la").first()
    assert not permissions.can(person, "send_portal.change_organisation", organisation)
    assign_perm("send_portal.change_organisation", person, organisation)
    assert permissions.can(person, "send_portal.change_organisation", organisation)
