"""Finding a setting in the settings directory (issue 20: a school or college is chosen from the
directory, never typed): by name, town, postcode or URN, by type, with special, independent and
section 41 approved settings flagged; and the suggestions the search box offers as you type."""

from __future__ import annotations

import pytest

from send_portal import directory, ratelimit
from tailored_lists.models import SettingProfile
from tests.factories import SettingFactory, la, unique_address

pytestmark = pytest.mark.django_db


@pytest.fixture
def settings_directory():
    essex = la("881")

    def setting(name, postcode, town, category, urn, **profile):
        org = SettingFactory(
            name=name,
            postcode=postcode,
            urn=urn,
            local_authority=essex,
            setting_type=profile.pop("setting_type", "Community school"),
        )
        SettingProfile.objects.create(setting=org, category=category, town=town, **profile)
        return org

    return {
        "lexden": setting("Lexden Primary School", "CO3 4EA", "Colchester", "mainstream", "114920"),
        "lexden_springs": setting(
            "Lexden Springs School",
            "CO3 9AB",
            "Colchester",
            "special",
            "115436",
            is_specialist=True,
            setting_type="Community special school",
        ),
        "doucecroft": setting(
            "Doucecroft School",
            "CO6 1AA",
            "Kelvedon",
            "independent",
            "115451",
            is_specialist=True,
            s41_approved=True,
            setting_type="Other independent special school",
        ),
        "moulsham": setting(
            "Moulsham Junior School", "CM2 9AQ", "Chelmsford", "mainstream", "114864"
        ),
    }


def names(results):
    return [s.name for s in results]


def test_a_search_finds_settings_by_part_of_the_name(settings_directory):
    assert names(directory.search_settings("lexden")) == [
        "Lexden Primary School",
        "Lexden Springs School",
    ]


def test_every_word_must_match_the_name_or_the_town(settings_directory):
    assert names(directory.search_settings("colchester springs")) == ["Lexden Springs School"]
    assert names(directory.search_settings("Chelmsford")) == ["Moulsham Junior School"]


def test_a_postcode_district_or_a_whole_postcode_finds_the_settings_there(settings_directory):
    assert names(directory.search_settings("CO3")) == [
        "Lexden Primary School",
        "Lexden Springs School",
    ]
    assert names(directory.search_settings("co39ab")) == ["Lexden Springs School"]


def test_a_urn_or_a_chosen_suggestion_finds_exactly_that_setting(settings_directory):
    assert names(directory.search_settings("115451")) == ["Doucecroft School"]
    label = directory.summary(settings_directory["doucecroft"]).label
    assert label == "Doucecroft School, Kelvedon CO6 1AA (URN 115451)"
    assert names(directory.search_settings(label)) == ["Doucecroft School"]


def test_the_type_filter_finds_special_independent_and_section_41_settings(settings_directory):
    assert names(directory.search_settings("", category="special")) == [
        "Doucecroft School",
        "Lexden Springs School",
    ]
    assert names(directory.search_settings("", category="independent")) == ["Doucecroft School"]
    assert names(directory.search_settings("", category="s41")) == ["Doucecroft School"]
    assert names(directory.search_settings("school", category="mainstream")) == [
        "Lexden Primary School",
        "Moulsham Junior School",
    ]


def test_results_say_which_settings_are_special_independent_or_section_41_approved(
    settings_directory,
):
    assert directory.summary(settings_directory["doucecroft"]).flags == (
        "Special school",
        "Independent",
        "Section 41 approved",
    )
    assert directory.summary(settings_directory["lexden_springs"]).flags == ("Special school",)
    assert directory.summary(settings_directory["lexden"]).flags == ()


def test_a_search_of_one_letter_finds_nothing(settings_directory):
    assert directory.search_settings("l") == []


def test_the_suggestions_endpoint_is_public_json_with_no_personal_data(client, settings_directory):
    client.defaults["REMOTE_ADDR"] = unique_address()
    response = client.get("/settings-directory/search/", {"q": "lexden"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": settings_directory["lexden"].pk,
                "label": "Lexden Primary School, Colchester CO3 4EA (URN 114920)",
                "type": "Community school",
            },
            {
                "id": settings_directory["lexden_springs"].pk,
                "label": "Lexden Springs School, Colchester CO3 9AB (URN 115436)",
                "type": "Community special school",
            },
        ]
    }


def test_the_suggestions_endpoint_is_rate_limited(client, settings_directory, monkeypatch):
    from send_portal.views import directory as view

    client.defaults["REMOTE_ADDR"] = unique_address()
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_800_000_000.0)
    monkeypatch.setattr(view, "SUGGESTIONS_PER_MINUTE", 3)
    statuses = [
        client.get("/settings-directory/search/", {"q": "lex"}).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_real_directory_finds_colchester_special_schools():
    """With the GIAS extract imported (6,022 schools), a search a caseworker would type."""
    from tests.tailored_lists.helpers import import_real

    import_real()
    found = directory.search_settings("Colchester", category="special")
    assert found, "the extract has special schools in Colchester"
    assert all("Special school" in directory.summary(s).flags for s in found)
