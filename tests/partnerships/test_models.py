"""The database itself refuses changes to a plan version that is no longer a draft."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from partnerships.models import Commitment, PlanSection, PlanVersion
from tests.partnerships.factories import make_area, plan_at, published_standards

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status


@pytest.fixture
def area():
    published_standards()
    return make_area("881")


@pytest.mark.parametrize("status", [Status.AWAITING_BOARD, Status.SUBMITTED, Status.PUBLISHED])
def test_the_database_refuses_to_change_a_section_once_the_version_left_draft(area, status):
    version = plan_at(area, status)
    section = version.sections.get(kind=PlanSection.Kind.WORKFORCE)
    section.body = "Rewritten behind the services' back"
    with pytest.raises(DatabaseError, match="Only a draft version"), transaction.atomic():
        section.save()
    section.refresh_from_db()
    assert section.body != "Rewritten behind the services' back"


def test_the_database_refuses_to_add_a_commitment_to_a_published_version(area):
    version = plan_at(area, Status.PUBLISHED)
    existing = version.commitments.get()
    with pytest.raises(DatabaseError, match="Only a draft version"), transaction.atomic():
        Commitment.objects.create(
            version=version,
            standard_version=existing.standard_version,
            description="Sneaked in",
            commissioner="Nobody",
        )


def test_the_database_refuses_to_unpublish_a_published_version(area):
    version = plan_at(area, Status.PUBLISHED)
    version.status = Status.DRAFT
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        version.save()


def test_a_plan_has_at_most_one_version_in_progress(area):
    version = plan_at(area, Status.SUBMITTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanVersion.objects.create(plan=version.plan, number=2)
