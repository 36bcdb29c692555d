"""The database itself refuses changes to a published National Standards version."""

import pytest
from django.db import DatabaseError, transaction

from standards.models import CatalogueVersion, Standard, StandardVersion
from tests.standards.factories import catalogue_version

pytestmark = pytest.mark.django_db


def test_the_database_refuses_to_change_a_standard_in_a_published_version():
    version = catalogue_version(standards={"CI-1": {"title": "Original"}})
    entry = version.entries.get()
    entry.title = "Rewritten"
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        entry.save()
    entry.refresh_from_db()
    assert entry.title == "Original"


def test_the_database_refuses_to_add_a_standard_to_a_published_version():
    version = catalogue_version(standards={"CI-1": {}})
    template = version.entries.get()
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        StandardVersion.objects.create(
            catalogue_version=version,
            standard=Standard.objects.create(code="CI-2"),
            title=template.title,
            summary=template.summary,
            area_of_need=template.area_of_need,
            tier=template.tier,
            responsible=template.responsible,
            ordinarily_available=template.ordinarily_available,
            identification=template.identification,
            budget_source=template.budget_source,
            code_of_practice=template.code_of_practice,
        )


def test_the_database_refuses_to_move_a_published_version_back_into_development():
    version = catalogue_version()
    version.status = CatalogueVersion.Status.IN_DEVELOPMENT
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        version.save()


def test_the_database_refuses_to_rewrite_the_summary_of_a_published_version():
    version = catalogue_version()
    version.summary_of_changes = "Something else"
    with pytest.raises(DatabaseError, match="cannot be changed"), transaction.atomic():
        version.save()


def test_a_published_version_can_still_become_statutory():
    version = catalogue_version()
    version.status = CatalogueVersion.Status.STATUTORY
    version.save()
    version.refresh_from_db()
    assert version.status == CatalogueVersion.Status.STATUTORY


def test_standards_in_a_version_in_development_can_change():
    version = catalogue_version(status=CatalogueVersion.Status.IN_DEVELOPMENT)
    entry = version.entries.get()
    entry.title = "Rewritten"
    entry.save()
    entry.refresh_from_db()
    assert entry.title == "Rewritten"
