import pytest
from django.contrib.auth.models import AnonymousUser

from send_portal.models import Role
from standards import selectors
from standards.models import CatalogueVersion
from tests.factories import organisation_for_role, person_with_role
from tests.standards.factories import catalogue_version

pytestmark = pytest.mark.django_db
Status = CatalogueVersion.Status


@pytest.fixture
def versions():
    return {
        status: catalogue_version(number=n, status=status)
        for n, status in enumerate(
            [Status.PUBLISHED, Status.STATUTORY, Status.TESTING, Status.IN_DEVELOPMENT], start=1
        )
    }


def _numbers(user):
    return sorted(v.number for v in selectors.versions_visible_to(user))


def test_the_public_sees_only_published_and_statutory_versions(versions):
    assert _numbers(AnonymousUser()) == [1, 2]


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.REGIONS_GROUP_OFFICER])
def test_partnerships_and_regions_officers_also_see_versions_being_tested(versions, role):
    person = person_with_role(role, organisation_for_role(role))
    assert _numbers(person) == [1, 2, 3]


def test_dfe_editors_see_every_version_including_those_in_development(versions, editor):
    assert _numbers(editor) == [1, 2, 3, 4]


@pytest.mark.parametrize("role", [Role.PARENT, Role.CASEWORKER, Role.SENCO, Role.MEDIATOR])
def test_other_roles_see_what_the_public_sees(versions, role):
    person = person_with_role(role, organisation_for_role(role))
    assert _numbers(person) == [1, 2]


def test_the_current_version_is_the_newest_published_or_statutory(versions):
    assert selectors.current_version().number == 2


def test_standards_filter_by_area_of_need_and_setting():
    version = catalogue_version(
        standards={
            "CI-1": {"settings": ["early_years"]},
            "SE-1": {"area_of_need": "semh", "settings": ["school", "ap"]},
            "SE-2": {"area_of_need": "semh", "settings": ["health"]},
        }
    )
    assert [e.code for e in selectors.entries_of(version, area="semh")] == ["SE-1", "SE-2"]
    assert [e.code for e in selectors.entries_of(version, setting="ap")] == ["SE-1"]
    assert [e.code for e in selectors.entries_of(version, area="semh", setting="health")] == [
        "SE-2"
    ]


def test_only_standards_in_published_versions_can_be_cited_by_plans():
    published = catalogue_version(number=1, standards={"CI-1": {}})
    catalogue_version(number=2, status=Status.IN_DEVELOPMENT, standards={"CI-1": {}})
    cited = list(selectors.citable_standard_versions())
    assert [c.catalogue_version for c in cited] == [published]
