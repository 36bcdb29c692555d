"""The caseworker's placement page (SEN2 PlacementDetail): the school or college is found in the
settings directory, with suggestions from the directory's search as you type (issue 20: "the
caseworker field carries 6,040 names for autocomplete but the input has no list=, so none
appear"), never free text and never thousands of names sent with the page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ehcp.models import Placement, Stage
from tests.ehcp.factories import case_at
from tests.ehcp.view_helpers import date_data, error_summary, url
from tests.factories import SettingFactory

pytestmark = pytest.mark.django_db


def _post(client, case, query: str):
    return client.post(
        url("case-placement-new", case.reference),
        {
            "setting_query": query,
            "sen_setting": "",
            "sen_setting_other": "",
            "rank": "1",
            **date_data("entry_on", date(2026, 9, 1)),
            "residential": "",
        },
    )


def test_the_setting_field_is_tied_to_the_directory_suggestions_and_sends_no_name_list(client):
    case = case_at(Stage.FINAL_ISSUED)
    for n in range(30):
        SettingFactory(name=f"Directory School {n}")
    client.force_login(case.caseworker)
    html = client.get(url("case-placement-new", case.reference)).content.decode()
    [field] = re.findall(r'<input[^>]*name="setting_query"[^>]*>', html)
    assert 'list="setting-suggestions"' in field
    assert 'data-setting-search="/settings-directory/search/"' in field
    assert '<datalist id="setting-suggestions"></datalist>' in html
    assert "Directory School 7" not in html


def test_a_chosen_suggestion_records_the_placement_at_that_directory_setting(client):
    case = case_at(Stage.FINAL_ISSUED)
    school = SettingFactory(name="Lexden Springs School", urn="115381")
    client.force_login(case.caseworker)
    response = _post(client, case, "Lexden Springs School, Colchester (URN 115381)")
    assert response.status_code == 302
    assert Placement.objects.get(case=case).setting == school


def test_a_name_not_in_the_directory_is_refused_with_an_error_and_nothing_is_recorded(client):
    case = case_at(Stage.FINAL_ISSUED)
    client.force_login(case.caseworker)
    response = _post(client, case, "Lexden")
    assert response.status_code == 200
    assert error_summary(response) == [
        "No school or college with that name or URN is in the settings directory"
    ]
    assert not Placement.objects.filter(case=case).exists()
