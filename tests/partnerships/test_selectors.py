import pytest
from django.contrib.auth.models import AnonymousUser

from partnerships import selectors, services
from partnerships.models import PlanVersion
from send_portal.models import OrganisationMembership, Role
from tests.factories import la, person_with_role
from tests.partnerships.factories import (
    draft_plan,
    make_area,
    officer_for_region,
    plan_at,
    published_standards,
)

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status


@pytest.fixture
def area():
    published_standards()
    return make_area("881")


def test_board_members_see_every_version_of_their_own_partnerships_plans_only(area):
    own = draft_plan(area)
    other = make_area("883")
    other_version = draft_plan(other)
    assert list(selectors.plan_versions_visible_to(area.member)) == [own]
    assert other_version not in selectors.plan_versions_visible_to(area.chair)
    assert list(selectors.partnerships_visible_to(area.member)) == [area.partnership]


def test_regions_officers_see_plans_of_their_region_once_submitted(area):
    draft = draft_plan(area)
    assert not selectors.plan_versions_visible_to(area.officer).exists(), "drafts are private"
    assert not selectors.plans_visible_to(area.officer).exists()
    services.send_for_board_approval(actor=area.chair, version_id=draft.pk)
    for person in (area.member, area.chair):
        services.record_board_decision(actor=person, version_id=draft.pk, approve=True)
    services.submit_to_regions_group(actor=area.chair, version_id=draft.pk)
    assert list(selectors.plan_versions_visible_to(area.officer)) == [draft]
    assert list(selectors.awaiting_regions_group(area.officer)) == [draft]
    assert area.partnership in selectors.partnerships_visible_to(area.officer)


def test_officers_of_another_region_see_nothing_of_this_partnership(area):
    plan_at(area, Status.SUBMITTED)
    kent_officer = officer_for_region(la("886").region)
    assert not selectors.plan_versions_visible_to(kent_officer).exists()
    assert not selectors.partnerships_visible_to(kent_officer).exists()
    assert not selectors.awaiting_regions_group(kent_officer).exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PARENT, Role.DFE_ANALYST, Role.SENCO])
def test_other_roles_and_the_public_see_no_unpublished_plans(area, role):
    plan_at(area, Status.SUBMITTED)
    person = person_with_role(role, la("881") if role == Role.CASEWORKER else None)
    for user in (person, AnonymousUser()):
        assert not selectors.plan_versions_visible_to(user).exists()
        assert not selectors.plans_visible_to(user).exists()
    assert not selectors.published_versions().exists()


def test_the_public_sees_only_the_published_version(area):
    published = plan_at(area, Status.PUBLISHED)
    new = services.start_new_version(actor=area.chair, plan_id=published.plan_id)
    assert list(selectors.published_versions()) == [published]
    assert selectors.published_version_of(published.plan_id) == published
    assert new not in selectors.published_versions()


def test_signed_off_plan_for_a_council_is_its_published_signed_off_plan(area):
    assert selectors.signed_off_plan_for(area.council) is None
    version = plan_at(area, Status.SIGNED_OFF)
    assert selectors.signed_off_plan_for(area.council) is None, "not yet published"
    services.publish_plan(actor=area.chair, version_id=version.pk)
    assert selectors.signed_off_plan_for(area.council) == version
    assert selectors.sign_off_of(version).officer == area.officer


def test_a_member_council_of_the_partnership_is_covered_by_its_plan(area):
    southend = la("882")
    OrganisationMembership.objects.create(
        group=area.partnership,
        member=southend,
        sector=OrganisationMembership.Sector.LOCAL_AUTHORITY,
    )
    version = plan_at(area, Status.PUBLISHED)
    assert selectors.signed_off_plan_for(southend) == version
    assert selectors.signed_off_plan_for(la("883")) is None


def test_tailored_lists_need_a_pilot_area_and_a_published_signed_off_plan(area):
    analyst = person_with_role(Role.DFE_ANALYST)
    allowed, reason = selectors.tailored_lists_allowed(la("886"))
    assert not allowed and "No local SEND and AP partnership covers Kent" in reason

    allowed, reason = selectors.tailored_lists_allowed(area.council)
    assert not allowed and "not a tailored lists pilot area" in reason

    services.set_tailored_list_pilot(
        actor=analyst, partnership_id=area.partnership.pk, is_pilot=True
    )
    version = plan_at(area, Status.SIGNED_OFF)
    allowed, reason = selectors.tailored_lists_allowed(area.council)
    assert not allowed and "no published local inclusion plan signed off" in reason

    services.publish_plan(actor=area.chair, version_id=version.pk)
    allowed, reason = selectors.tailored_lists_allowed(area.council)
    assert allowed
    assert area.officer.display_name in reason
    assert "National Standards version 1" in reason
