import pytest
from django.urls import reverse
from django.utils.html import escape

from send_portal.models import Role
from standards.models import CatalogueVersion
from tests.factories import organisation_for_role, person_with_role
from tests.query_baselines import at_most
from tests.standards.factories import catalogue_version, standard_content

pytestmark = pytest.mark.django_db
Status = CatalogueVersion.Status
ILLUSTRATIVE = "Illustrative content: DfE has not yet published the National Standards"
ALL_ROLES = [None, *Role]  # None: not signed in


def _client_for(client, role):
    if role is not None:
        client.force_login(person_with_role(role, organisation_for_role(role)))
    return client


@pytest.fixture
def catalogue():
    published = catalogue_version(
        number=1,
        standards={
            "CI-1": {"title": "Spotting needs early", "settings": ["early_years"]},
            "SE-1": {"title": "Wellbeing for all", "area_of_need": "semh"},
        },
    )
    draft = catalogue_version(
        number=2,
        status=Status.IN_DEVELOPMENT,
        based_on=published,
        standards={
            "CI-1": {"title": "Spotting needs early", "settings": ["early_years", "health"]},
            "SE-1": {"title": "Wellbeing for every child", "area_of_need": "semh"},
        },
    )
    return published, draft


def _public_urls(number=1):
    return [
        reverse("standards:browse"),
        reverse("standards:standard-current", args=["CI-1"]),
        reverse("standards:versions"),
        reverse("standards:version", args=[number]),
        reverse("standards:standard", args=[number, "CI-1"]),
        reverse("standards:version-changes", args=[number]),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_published_standards_pages_are_open_to_everyone_and_say_they_are_illustrative(
    client, catalogue, role
):
    client = _client_for(client, role)
    for url in _public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert ILLUSTRATIVE in html, f"{url} does not say the content is illustrative"
        assert 'govuk-tag govuk-tag--green">Published' in html, f"{url} shows no status"


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_version_in_development_is_visible_only_to_dfe_editors(client, catalogue, role):
    client = _client_for(client, role)
    for url in [
        reverse("standards:version", args=[2]),
        reverse("standards:standard", args=[2, "CI-1"]),
        reverse("standards:version-changes", args=[2]),
    ]:
        expected = 200 if role == Role.DFE_ANALYST else 404
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_a_version_being_tested_is_visible_to_partnerships_and_regions_officers(
    client, catalogue, role
):
    testing = catalogue_version(number=3, status=Status.TESTING, standards={"CI-1": {}})
    client = _client_for(client, role)
    allowed = {Role.DFE_ANALYST, Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.REGIONS_GROUP_OFFICER}
    response = client.get(reverse("standards:version", args=[testing.number]))
    assert response.status_code == (200 if role in allowed else 404)
    if response.status_code == 200:
        assert "Testing with partnerships" in response.content.decode()


def _editor_urls(number):
    return [
        reverse("standards:version-details", args=[number]),
        reverse("standards:version-status", args=[number]),
        reverse("standards:standard-add", args=[number]),
        reverse("standards:standard-edit", args=[number, "CI-1"]),
        reverse("standards:standard-remove", args=[number, "CI-1"]),
    ]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_editor_pages_of_a_draft_are_for_dfe_editors_only(client, catalogue, role):
    client = _client_for(client, role)
    for url in [*_editor_urls(2), reverse("standards:version-new")]:
        response = client.get(url)
        if role is None:
            assert response.status_code == 302 and "/sign-in/" in response["Location"], url
        elif role == Role.DFE_ANALYST:
            assert response.status_code == 200, url
        elif url == reverse("standards:version-new"):
            assert response.status_code == 403, url
        else:
            assert response.status_code == 404, f"{url} must not reveal a draft to {role}"


@pytest.mark.parametrize("role", [r for r in Role if r != Role.DFE_ANALYST])
def test_editor_pages_of_a_published_version_are_refused_to_everyone_else(client, catalogue, role):
    client = _client_for(client, role)
    for url in _editor_urls(1):
        assert client.get(url).status_code == 403, url


def test_an_editor_cannot_open_a_published_version_for_editing(client, catalogue, editor):
    client.force_login(editor)
    for url in _editor_urls(1)[:1] + _editor_urls(1)[2:]:
        response = client.get(url)
        assert response.status_code == 409, url
        assert "cannot be changed" in response.content.decode()


def _form_data(**overrides):
    data = standard_content(**overrides)
    data["evidence"] = "\n".join(f"{e['title']} | {e['url']}" for e in data["evidence"])
    return data


def test_nobody_can_edit_a_published_version_by_posting(client, catalogue, editor):
    published, _ = catalogue
    client.force_login(editor)
    response = client.post(
        reverse("standards:standard-edit", args=[1, "CI-1"]), _form_data(title="Rewritten")
    )
    assert response.status_code == 409
    assert published.entries.get(standard__code="CI-1").title == "Spotting needs early"


def test_an_editor_changes_a_draft_standard(client, catalogue, editor):
    _, draft = catalogue
    client.force_login(editor)
    response = client.post(
        reverse("standards:standard-edit", args=[2, "CI-1"]),
        _form_data(title="Spotting language needs early", settings=["early_years", "health"]),
    )
    assert response.status_code == 302
    assert draft.entries.get(standard__code="CI-1").title == "Spotting language needs early"


def test_bad_input_shows_an_error_summary_and_changes_nothing(client, catalogue, editor):
    _, draft = catalogue
    client.force_login(editor)
    response = client.post(
        reverse("standards:standard-edit", args=[2, "CI-1"]),
        {**_form_data(), "title": "", "evidence": "no separator here"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter a title" in html
    assert "vertical bar" in html
    assert draft.entries.get(standard__code="CI-1").title == "Spotting needs early"


def test_an_editor_adds_and_removes_a_standard_in_a_draft(client, catalogue, editor):
    _, draft = catalogue
    client.force_login(editor)
    response = client.post(
        reverse("standards:standard-add", args=[2]), {**_form_data(), "code": "SP-7"}
    )
    assert response.status_code == 302
    assert draft.entries.filter(standard__code="SP-7").exists()
    response = client.post(reverse("standards:standard-remove", args=[2, "SP-7"]))
    assert response.status_code == 302
    assert not draft.entries.filter(standard__code="SP-7").exists()


def test_an_editor_publishes_a_draft_and_it_becomes_the_current_version(client, catalogue, editor):
    _, draft = catalogue
    client.force_login(editor)
    response = client.post(reverse("standards:version-status", args=[2]), {"status": "published"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    page = client.get(reverse("standards:standard-current", args=["SE-1"])).content.decode()
    assert "Wellbeing for every child" in page


def test_a_domain_error_on_publishing_is_shown_as_an_error_summary(client, editor):
    first = catalogue_version(number=1)
    draft = catalogue_version(number=2, status=Status.IN_DEVELOPMENT, based_on=first)
    draft.summary_of_changes = ""
    draft.save()
    client.force_login(editor)
    response = client.post(reverse("standards:version-status", args=[2]), {"status": "published"})
    assert response.status_code == 200
    assert "Describe what changed" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.IN_DEVELOPMENT


def test_the_differences_between_versions_are_shown_word_by_word(client, catalogue, editor):
    client.force_login(editor)
    html = client.get(reverse("standards:version-changes", args=[2])).content.decode()
    assert "Compared with version 1" in html
    assert '<del><span class="govuk-visually-hidden">Removed: </span>all</del>' in html
    assert '<span class="govuk-visually-hidden">Added: </span>every child</ins>' in html
    assert '<span class="govuk-visually-hidden">Added: </span>years, Health</ins>' in html


def test_families_filter_standards_by_need_and_setting(client, catalogue):
    html = client.get(reverse("standards:browse"), {"area": "semh"}).content.decode()
    assert "Wellbeing for all" in html and "Spotting needs early" not in html
    html = client.get(reverse("standards:browse"), {"setting": "early_years"}).content.decode()
    assert "Spotting needs early" in html and "Wellbeing for all" not in html
    assert "Local Offer" in html and "SENDIASS" in html


def test_the_browser_ignores_an_unknown_filter_value(client, catalogue):
    response = client.get(reverse("standards:browse"), {"area": "made-up"})
    assert response.status_code == 200
    assert "Wellbeing for all" in response.content.decode()


def test_the_browser_says_when_nothing_is_published(client):
    html = client.get(reverse("standards:browse")).content.decode()
    assert "No version of the National Standards has been published yet" in html
    assert escape(ILLUSTRATIVE) in html or ILLUSTRATIVE in html


def test_browse_and_version_pages_do_not_query_per_standard(client, django_assert_max_num_queries):
    catalogue_version(standards={f"CI-{n}": {} for n in range(1, 25)})
    with django_assert_max_num_queries(at_most("standards.browse_page")):
        client.get(reverse("standards:browse"))
    with django_assert_max_num_queries(at_most("standards.version_page")):
        client.get(reverse("standards:version", args=[1]))
    with django_assert_max_num_queries(at_most("standards.versions_page")):
        client.get(reverse("standards:versions"))
