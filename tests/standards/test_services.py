import pytest
from django.core.exceptions import PermissionDenied

from send_portal.models import AuditEvent, Role
from standards import services
from standards.errors import DomainError, ImmutableVersion, InvalidTransition
from standards.models import CatalogueVersion
from tests.factories import organisation_for_role, person_with_role
from tests.standards.factories import catalogue_version, standard_content

pytestmark = pytest.mark.django_db
Status = CatalogueVersion.Status


def test_a_new_version_starts_in_development_as_a_copy_of_the_newest(editor):
    first = catalogue_version(standards={"CI-1": {}, "SE-1": {"area_of_need": "semh"}})
    second = services.start_new_version(actor=editor, summary_of_changes="Clarifies SE-1")
    assert second.number == first.number + 1
    assert second.status == Status.IN_DEVELOPMENT
    assert second.based_on == first
    assert sorted(e.code for e in second.entries.all()) == ["CI-1", "SE-1"]
    assert AuditEvent.objects.filter(
        object_type="standards.catalogueversion", object_id=str(second.pk)
    ).exists()


def test_only_one_version_can_be_in_development_at_a_time(editor):
    catalogue_version(status=Status.TESTING)
    with pytest.raises(InvalidTransition, match="still testing with partnerships"):
        services.start_new_version(actor=editor)


@pytest.mark.parametrize("role", [r for r in Role if r != Role.DFE_ANALYST])
def test_only_a_dfe_editor_can_start_a_version(role):
    person = person_with_role(role, organisation_for_role(role))
    with pytest.raises(PermissionDenied, match="DfE standards editor"):
        services.start_new_version(actor=person)
    assert not CatalogueVersion.objects.exists()


def test_an_editor_changes_a_standard_in_a_draft_version(editor):
    draft = catalogue_version(status=Status.IN_DEVELOPMENT, standards={"CI-1": {}})
    entry = services.update_standard(
        actor=editor,
        version_id=draft.pk,
        code="CI-1",
        content={"title": "New title", "settings": ["early_years", "health"]},
    )
    entry.refresh_from_db()
    assert entry.title == "New title"
    assert entry.settings == ["early_years", "health"]
    assert AuditEvent.objects.filter(action="update", summary__contains="CI-1").exists()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.STATUTORY])
def test_nobody_can_change_a_standard_in_a_published_version(editor, status):
    version = catalogue_version(status=status, standards={"CI-1": {"title": "Original"}})
    with pytest.raises(ImmutableVersion, match="cannot be changed. Start a new version"):
        services.update_standard(
            actor=editor, version_id=version.pk, code="CI-1", content={"title": "Rewritten"}
        )
    with pytest.raises(ImmutableVersion):
        services.remove_standard(actor=editor, version_id=version.pk, code="CI-1")
    with pytest.raises(ImmutableVersion):
        services.add_standard(
            actor=editor, version_id=version.pk, code="CI-9", content=standard_content()
        )
    with pytest.raises(ImmutableVersion):
        services.update_version_details(
            actor=editor, version_id=version.pk, summary_of_changes="New"
        )
    assert version.entries.get().title == "Original"
    assert version.entries.count() == 1


def test_a_standard_needs_at_least_one_setting(editor):
    draft = catalogue_version(status=Status.IN_DEVELOPMENT, standards={"CI-1": {}})
    with pytest.raises(DomainError, match="at least one phase or setting"):
        services.update_standard(
            actor=editor, version_id=draft.pk, code="CI-1", content={"settings": []}
        )


def test_adding_a_standard_checks_its_code_and_refuses_a_duplicate(editor):
    draft = catalogue_version(status=Status.IN_DEVELOPMENT, standards={"CI-1": {}})
    with pytest.raises(DomainError, match="capital letters"):
        services.add_standard(
            actor=editor, version_id=draft.pk, code="not a code", content=standard_content()
        )
    with pytest.raises(DomainError, match="already has a standard CI-1"):
        services.add_standard(
            actor=editor, version_id=draft.pk, code="ci-1", content=standard_content()
        )
    entry = services.add_standard(
        actor=editor, version_id=draft.pk, code="se-5", content=standard_content(tier="specialist")
    )
    assert entry.code == "SE-5"
    assert draft.entries.count() == 2


def test_removing_a_standard_from_a_draft_keeps_it_in_earlier_versions(editor):
    first = catalogue_version(standards={"CI-1": {}, "CI-2": {}})
    draft = services.start_new_version(actor=editor)
    services.remove_standard(actor=editor, version_id=draft.pk, code="CI-2")
    assert [e.code for e in draft.entries.all()] == ["CI-1"]
    assert [e.code for e in first.entries.all()] == ["CI-1", "CI-2"]


def test_publishing_freezes_the_version_and_records_who_and_when(editor):
    draft = catalogue_version(status=Status.IN_DEVELOPMENT)
    services.change_status(actor=editor, version_id=draft.pk, to_status=Status.TESTING)
    version = services.change_status(actor=editor, version_id=draft.pk, to_status=Status.PUBLISHED)
    assert version.status == Status.PUBLISHED
    assert version.published_by == editor
    assert version.published_at is not None
    assert AuditEvent.objects.filter(action="transition", summary__contains="Published").exists()


def test_a_later_version_cannot_be_published_without_a_summary_of_changes(editor):
    catalogue_version()
    draft = services.start_new_version(actor=editor)
    with pytest.raises(InvalidTransition, match="Describe what changed"):
        services.change_status(actor=editor, version_id=draft.pk, to_status=Status.PUBLISHED)
    services.update_version_details(
        actor=editor, version_id=draft.pk, summary_of_changes="Adds SE-4"
    )
    services.change_status(actor=editor, version_id=draft.pk, to_status=Status.PUBLISHED)


def test_an_empty_version_cannot_be_published(editor):
    draft = catalogue_version(status=Status.IN_DEVELOPMENT, standards={})
    with pytest.raises(InvalidTransition, match="at least one standard"):
        services.change_status(actor=editor, version_id=draft.pk, to_status=Status.PUBLISHED)


@pytest.mark.parametrize(
    "start,target",
    [
        (Status.PUBLISHED, Status.IN_DEVELOPMENT),
        (Status.PUBLISHED, Status.TESTING),
        (Status.STATUTORY, Status.PUBLISHED),
        (Status.IN_DEVELOPMENT, Status.STATUTORY),
    ],
)
def test_the_lifecycle_only_moves_forward_once_published(editor, start, target):
    version = catalogue_version(status=start)
    with pytest.raises(InvalidTransition, match="cannot be moved"):
        services.change_status(actor=editor, version_id=version.pk, to_status=target)
    version.refresh_from_db()
    assert version.status == start


def test_a_published_version_becomes_statutory(editor):
    version = catalogue_version()
    services.change_status(actor=editor, version_id=version.pk, to_status=Status.STATUTORY)
    version.refresh_from_db()
    assert version.status == Status.STATUTORY
    assert version.statutory_at is not None
