import pytest
from django.db import IntegrityError

from send_portal.models import Organisation, Region, Role, RoleAssignment
from tests.factories import UserFactory, la

pytestmark = pytest.mark.django_db


def test_reference_data_has_the_nine_dfe_regions_and_153_local_authorities():
    assert Region.objects.count() == 9
    assert Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).count() == 153


def test_kent_has_dfe_la_code_886_in_the_south_east():
    kent = la("886")
    assert kent.name == "Kent"
    assert kent.ons_code == "E10000016"
    assert kent.region.name == "South East"
    assert str(kent) == "Kent (886)"


def test_each_region_has_a_regions_group_team():
    assert (
        Organisation.objects.filter(kind=Organisation.Kind.REGIONS_GROUP).count()
        == Region.objects.count()
    )


def test_a_person_can_hold_several_roles_in_several_organisations():
    person = UserFactory()
    RoleAssignment.objects.create(user=person, role=Role.CASEWORKER, organisation=la("881"))
    RoleAssignment.objects.create(user=person, role=Role.PANEL_MEMBER, organisation=la("882"))
    RoleAssignment.objects.create(user=person, role=Role.PARENT)
    assert person.role_set() == {Role.CASEWORKER, Role.PANEL_MEMBER, Role.PARENT}
    assert person.organisations_for(Role.CASEWORKER) == [la("881").pk]


def test_the_same_role_in_the_same_organisation_cannot_be_held_twice():
    person = UserFactory()
    RoleAssignment.objects.create(user=person, role=Role.CASEWORKER, organisation=la("881"))
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=person, role=Role.CASEWORKER, organisation=la("881"))


def test_la_codes_are_unique_among_local_authorities():
    with pytest.raises(IntegrityError):
        Organisation.objects.create(
            kind=Organisation.Kind.LOCAL_AUTHORITY, name="Kent again", la_code="886"
        )


def test_sign_in_name_is_matched_without_regard_to_case():
    from django.contrib.auth import get_user_model

    user = UserFactory(email="Sam.Taylor@example.org")
    assert get_user_model().objects.get_by_natural_key("sam.taylor@EXAMPLE.org") == user


def test_a_deactivated_organisation_grants_none_of_its_roles():
    """Security review finding 7: ``organisations_for`` ignored ``Organisation.is_active``, so a
    council switched off in the administration pages still gave its caseworkers its cases."""
    essex = la("881")
    person = UserFactory()
    RoleAssignment.objects.create(user=person, role=Role.CASEWORKER, organisation=essex)
    RoleAssignment.objects.create(user=person, role=Role.PARENT)
    Organisation.objects.filter(pk=essex.pk).update(is_active=False)
    person = type(person).objects.get(pk=person.pk)
    assert person.organisations_for(Role.CASEWORKER) == []
    assert person.role_set() == {Role.PARENT}
    assert not person.has_role(Role.CASEWORKER)
